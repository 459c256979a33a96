import Foundation
import Testing
@testable import MsokoIngest

@Suite("Whole-file reads and scans, a part or a word at a time, agree with a byte loop")
struct ByteScanTests {
    /// Random bytes from a seeded generator, biased towards the bytes the
    /// scans look for (line feeds, controls, high bytes, 0x98).
    static func randomBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x09, 0x0C, 0x00, 0x1F, 0x98, 0x8A, 0xD0, 0xE2, 0x7F, 0x20, 0x2C]
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let draw = state >> 33
            if draw % 40 == 0 { return alphabet[Int(draw / 40) % alphabet.count] }
            return UInt8(0x41 + draw % 26)
        }
    }

    @Test("line feeds are counted as a byte loop counts them, at every length and offset")
    func newlineCount() {
        for seed in UInt64(1)...40 {
            let bytes = Self.randomBytes(count: Int(seed) * 37, seed: seed)
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0..<min(9, buffer.count) {
                    let part = UnsafeBufferPointer(rebasing: buffer[start...])
                    #expect(LineChunks.newlineCount(part) == part.filter { $0 == 0x0A }.count)
                }
                let offset = buffer.count / 2
                #expect(LineChunks.lineNumber(ofOffset: offset, in: buffer) == 1 + buffer[..<offset].filter { $0 == 0x0A }.count)
            }
        }
        #expect(LineChunks.newlineCount(UnsafeBufferPointer(start: nil, count: 0)) == 0)
    }

    @Test("the first byte no text holds is the one a byte loop finds")
    func firstNonTextByte() {
        func reference(_ bytes: [UInt8], allowing1251: Bool) -> Int? {
            bytes.indices.first { index in
                let byte = bytes[index]
                if byte < 0x20 { return ![0x09, 0x0A, 0x0C, 0x0D].contains(byte) }
                return byte == 0x98 && allowing1251 && (index == 0 || bytes[index - 1] < 0x80)
            }
        }
        for seed in UInt64(1)...200 {
            var bytes = Self.randomBytes(count: Int(seed % 50) * 7 + 1, seed: seed)
            // Most files are text: take the controls out of half of them.
            if seed % 2 == 0 { bytes = bytes.map { $0 == 0x00 || $0 == 0x1F ? 0x41 : $0 } }
            for allowing1251 in [false, true] {
                #expect(TextDecoding.firstNonTextByte(bytes, allowing1251: allowing1251) == reference(bytes, allowing1251: allowing1251))
            }
        }
    }

    @Test("the UTF-8 census counts the multi-byte characters and the stray bytes, wherever they fall")
    func utf8Census() {
        var state: UInt64 = 7
        let characters = ["д", "€", "😀", "a", ",", "\n"]
        for round in 0..<60 {
            var text = ""
            var strays = 0
            var bytes: [UInt8] = []
            for _ in 0..<(round * 3) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let run = String(repeating: "x", count: Int(state >> 58))
                let character = characters[Int(state >> 33) % characters.count]
                text += run + character
                bytes += Array((run + character).utf8)
                if state % 7 == 0 {
                    bytes.append(0xFF)
                    strays += 1
                }
            }
            let multibyte = text.unicodeScalars.filter { $0.value >= 0x80 }.count
            #expect(TextDecoding.utf8Census(bytes) == (multibyte: multibyte, invalid: strays))
        }
    }

    @Test("a file past the parted-read size comes back byte for byte, its parts joined in order")
    func partedRead() throws {
        let size = TableFiles.partedReadThreshold + 12_345
        let bytes = Self.randomBytes(count: size, seed: 99)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-parts-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let read = try TableFiles.readBytes(url.path, name: "parts.csv")
        #expect(read.count == size)
        #expect(read == bytes)
    }
}
