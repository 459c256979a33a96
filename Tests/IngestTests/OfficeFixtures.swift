import Foundation
import Testing
@testable import MsokoIngest

/// The committed Office fixtures (made by `Fixtures/office/make-fixtures.sh`
/// with LibreOffice 7.4, openpyxl 3.1.5 and python-docx 1.2.0).
enum OfficeFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/office")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// Rewrites the declared uncompressed size of zip entry `path` (local
    /// header and central directory, APPNOTE 4.3.7 and 4.3.12) to `size`:
    /// how a zip bomb hides its real size.
    static func forgeUncompressedSize(_ data: Data, path: String, size: UInt32) -> Data {
        var bytes = [UInt8](data)
        let name = Array(path.utf8)
        func word(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        func put(_ offset: Int) {
            for shift in 0..<4 { bytes[offset + shift] = UInt8(truncatingIfNeeded: size >> (8 * UInt32(shift))) }
        }
        var offset = 0
        while offset + 46 < bytes.count {
            if bytes[offset] == 0x50, bytes[offset + 1] == 0x4B, bytes[offset + 2] == 0x03, bytes[offset + 3] == 0x04,
               Array(bytes[(offset + 30)..<(offset + 30 + word(offset + 26))]) == name {
                put(offset + 22)
            }
            if bytes[offset] == 0x50, bytes[offset + 1] == 0x4B, bytes[offset + 2] == 0x01, bytes[offset + 3] == 0x02,
               Array(bytes[(offset + 46)..<min(bytes.count, offset + 46 + word(offset + 28))]) == name {
                put(offset + 24)
            }
            offset += 1
        }
        return Data(bytes)
    }
}
