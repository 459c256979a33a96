import MsokoModel

/// The text encodings of delimited files (docs/contract.md §7.1): UTF-8, with or
/// without a byte-order mark, or Windows-1251, the Cyrillic code page that
/// Excel on a Russian Windows writes as "CSV (разделители — точки с запятой)".
///
/// Detection: a file that is valid UTF-8 is UTF-8, always, so detection can
/// never mistake UTF-8 for 1251 (Cyrillic 1251 text is practically never
/// valid UTF-8: a lowercase letter, 0xE0–0xFF, would have to be followed by
/// continuation bytes 0x80–0xBF, i.e. by capitals or punctuation). A file
/// with many valid multi-byte UTF-8 sequences and a few broken ones is
/// UTF-8 with damaged rows (they are rejected one by one). Anything else is
/// Windows-1251 — unless it holds control bytes that no text has (NUL and
/// the C0 controls other than tab, line feed and carriage return) or the one
/// byte 1251 leaves undefined (0x98): then it is not text at all.
public enum TextDecoding {
    /// The result: UTF-8 bytes without a byte-order mark, and what they were.
    public struct Decoded: Sendable {
        public let bytes: [UInt8]
        public let encoding: TableSpec.Encoding
    }

    /// Decodes a whole delimited file to UTF-8.
    ///
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - declared: the pipeline's `encoding:`, which overrides detection.
    ///   - file: how errors name the file.
    /// - Throws: `IngestError` for bytes that are not text in either encoding.
    public static func decode(_ bytes: [UInt8], declared: TableSpec.Encoding?, file: String) throws -> Decoded {
        var body = bytes
        if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF {
            body.removeFirst(3)
            if declared == nil { return Decoded(bytes: body, encoding: .utf8) }
        }
        if body.count >= 4, body[0] == 0x50, body[1] == 0x4B, body[2] == 0x03, body[3] == 0x04 {
            throw IngestError(file: file, line: 1,
                              "the file is a zip archive (an XLSX or DOCX document?), not delimited text; give it its .xlsx or .docx extension")
        }
        if let offset = firstNonTextByte(body, allowing1251: declared != .utf8) {
            throw IngestError(file: file, line: lineNumber(of: offset, in: body),
                              String(format: "byte 0x%02X at offset %d is neither UTF-8 nor Windows-1251 text (a binary file?); msoko reads CSV, XLSX and DOCX tables", body[offset], offset))
        }
        switch declared {
        case .utf8:
            return Decoded(bytes: body, encoding: .utf8)
        case .windows1251:
            return Decoded(bytes: transcode1251(body), encoding: .windows1251)
        case nil:
            let census = utf8Census(body)
            if census.invalid == 0 || census.invalid * 8 < census.multibyte {
                return Decoded(bytes: body, encoding: .utf8)
            }
            return Decoded(bytes: transcode1251(body), encoding: .windows1251)
        }
    }

    /// Counts the valid multi-byte sequences and the invalid bytes of UTF-8
    /// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
    static func utf8Census(_ bytes: [UInt8]) -> (multibyte: Int, invalid: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            var multibyte = 0, invalid = 0
            var index = 0
            let count = buffer.count
            while index < count {
                // ASCII thirty-two bytes at a time, then eight.
                if index + 32 <= count {
                    let words = UnsafeRawPointer(buffer.baseAddress! + index)
                    if (words.loadUnaligned(as: UInt64.self) | words.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                        | words.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | words.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
                        & 0x8080_8080_8080_8080 == 0 {
                        index += 32
                        continue
                    }
                }
                if index + 8 <= count,
                   UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
                let lead = buffer[index]
                if lead < 0x80 { index += 1; continue }
                var length = 0
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE, 0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: length = 0
                }
                var valid = length > 0 && index + length <= count
                if valid {
                    let second = buffer[index + 1]
                    valid = second >= lower && second <= upper
                    var next = 2
                    while valid && next < length {
                        valid = buffer[index + next] & 0xC0 == 0x80
                        next += 1
                    }
                }
                if valid {
                    multibyte += 1
                    index += length
                } else {
                    invalid += 1
                    index += 1
                }
            }
            return (multibyte, invalid)
        }
    }

    /// The offset of the first byte that no text file holds, if any.
    /// Eight bytes at a time: a word with no byte below 0x20 and none at or
    /// above 0x80 (most of a CSV) needs no look at its bytes; another (one
    /// with a line end, as a rule) gets a look at each of its eight.
    static func firstNonTextByte(_ bytes: [UInt8], allowing1251: Bool) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            while index + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self)
                // Bytes below 0x20 (Mycroft's "has less than" test) or with the top bit set.
                let low = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
                if low | (word & 0x8080_8080_8080_8080) != 0 {
                    for offset in index..<index + 8 where !isText(buffer, at: offset, allowing1251: allowing1251) { return offset }
                }
                index += 8
            }
            for offset in index..<count where !isText(buffer, at: offset, allowing1251: allowing1251) { return offset }
            return nil
        }
    }

    /// Whether the byte at `index` may be in a text file: not a control
    /// byte other than tab, line feed, form feed and carriage return, nor
    /// (in a file that may be 1251) an 0x98 that no UTF-8 lead byte precedes.
    @inline(__always)
    private static func isText(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, allowing1251: Bool) -> Bool {
        let byte = buffer[index]
        if byte < 0x20 { return byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        // Undefined in 1251, but a UTF-8 continuation byte: only binary
        // when the file is not UTF-8 there.
        if byte == 0x98 && allowing1251 { return index > 0 && buffer[index - 1] >= 0x80 }
        return true
    }

    static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }

    /// Windows-1251 → UTF-8. Bytes below 0x80 are ASCII; 0xC0–0xFF are
    /// А–я (U+0410–U+044F); 0x80–0xBF follow the code page's table.
    public static func transcode1251(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar = byte >= 0xC0 ? UInt32(0x0410) + UInt32(byte - 0xC0) : UInt32(upperHalf[Int(byte - 0x80)])
            if scalar == 0 {
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD for the undefined 0x98
            } else if scalar < 0x800 {
                output.append(UInt8(0xC0 | (scalar >> 6)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            } else {
                output.append(UInt8(0xE0 | (scalar >> 12)))
                output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                output.append(UInt8(0x80 | (scalar & 0x3F)))
            }
        }
        return output
    }

    /// Unicode scalars of Windows-1251 bytes 0x80–0xBF (0 = undefined),
    /// from Python 3.11's `cp1251` codec.
    static let upperHalf: [UInt16] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ]
}
