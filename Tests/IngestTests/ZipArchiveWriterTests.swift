import Foundation
import MsokoStatistics
import Testing
@testable import MsokoIngest

/// The zip writer under the XLSX and DOCX writers (`ZipArchiveWriter`): what
/// it stores reads back through ZIPFoundation (`OfficeArchive`), its bytes do
/// not depend on how an entry's data is cut into chunks or where it goes,
/// and its records say what APPNOTE requires.
@Suite struct ZipArchiveWriterTests {
    /// Entries that exercise the edges: empty, tiny, 3 MB of noise that does
    /// not compress (many output buffers), and 5 MB of text that does.
    static let entries: [(name: String, data: [UInt8])] = {
        var generator = SeededGenerator(seed: 7)
        let noise = (0..<3_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Array((0..<100_000).map { "<row r=\"\($0)\"><c><v>\(Double($0) / 7)</v></c></row>" }.joined().utf8)
        return [("empty.txt", []), ("one.txt", Array("a".utf8)), ("dir/noise.bin", noise), ("xl/text.xml", text),
                ("имя.txt", Array("кириллица".utf8))]
    }()

    /// The archive of `entries` made in memory, each entry's data cut by `cut`.
    static func archive(cut: (Int) -> Int = { $0 }) throws -> [UInt8] {
        let writer = ZipArchiveWriter()
        for entry in entries {
            var rest = entry.data[...]
            try writer.add(entry.name) {
                guard !rest.isEmpty else { return nil }
                let piece = rest.prefix(max(1, cut(rest.count)))
                rest = rest.dropFirst(piece.count)
                return Array(piece)
            }
        }
        try writer.finish()
        return writer.bytes
    }

    /// Property: every entry reads back (CRC checked by ZIPFoundation) as
    /// the bytes given, under its name (a Cyrillic one too: UTF-8 flagged).
    @Test func entriesReadBackThroughZIPFoundation() throws {
        var archive = try OfficeArchive(data: Data(try Self.archive()), file: "a.zip", kind: .document, limits: OfficeLimits())
        for entry in Self.entries {
            #expect(try archive.read(entry.name) == entry.data, "\(entry.name)")
        }
    }

    /// Property: the bytes do not depend on how the data is cut into chunks
    /// (one piece, 1,000-byte pieces, pieces of odd sizes) nor on whether
    /// the archive goes to memory or to a file.
    @Test func bytesDependOnTheEntriesOnly() throws {
        let whole = try Self.archive()
        #expect(try Self.archive(cut: { _ in 1_000 }) == whole)
        #expect(try Self.archive(cut: { $0 % 65_521 + 17 }) == whole)
        #expect(try Self.archive(cut: { $0 / 2 + 1 }) == whole)

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-zip-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try ZipArchiveWriter(creating: url.path)
        for entry in Self.entries { try file.add(entry.name, data: entry.data) }
        try file.finish()
        #expect(try [UInt8](Data(contentsOf: url)) == whole)
    }

    /// Property: the records hold what APPNOTE 6.3 asks of a deflated entry
    /// without a data descriptor: signature, version 2.0, no flags, method 8,
    /// 1980-01-01 00:00, the CRC-32 (the standard check value of "123456789",
    /// 0xCBF43926), the sizes, and in the central directory a UNIX file
    /// rw-r--r-- at the local header's offset; then the end record.
    @Test func recordsFollowTheFormat() throws {
        let writer = ZipArchiveWriter()
        try writer.add("check.txt", data: Array("123456789".utf8))
        try writer.finish()
        let bytes = writer.bytes
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        #expect(u32(0) == 0x0403_4B50)
        #expect(u16(4) == 20 && u16(6) == 0 && u16(8) == 8)
        #expect(u16(10) == 0 && u16(12) == 0x21)
        #expect(u32(14) == 0xCBF4_3926)
        let compressed = u32(18)
        #expect(u32(22) == 9 && u16(26) == 9 && u16(28) == 0)
        #expect(String(decoding: bytes[30..<39], as: UTF8.self) == "check.txt")
        let central = 39 + compressed
        #expect(u32(central) == 0x0201_4B50)
        #expect(u16(central + 4) == 0x0314 && u16(central + 6) == 20 && u16(central + 8) == 0 && u16(central + 10) == 8)
        #expect(u32(central + 16) == 0xCBF4_3926 && u32(central + 20) == compressed && u32(central + 24) == 9)
        #expect(u32(central + 38) == 0o100644 << 16 && u32(central + 42) == 0)
        let end = central + 46 + 9
        #expect(bytes.count == end + 22)
        #expect(u32(end) == 0x0605_4B50 && u16(end + 8) == 1 && u16(end + 10) == 1)
        #expect(u32(end + 12) == 55 && u32(end + 16) == central)
    }
}
