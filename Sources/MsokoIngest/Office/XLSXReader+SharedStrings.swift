import Foundation

extension XLSXReader {
    // MARK: - Shared strings

    static func readSharedStrings(_ archive: inout OfficeArchive, workbook: Workbook) throws -> [String] {
        let path = workbook.sharedStringsPath ?? "xl/sharedStrings.xml"
        guard let bytes = try archive.read(path) else { return [] }
        var strings: [String] = []
        var tokenizer = XMLTokenizer(bytes: bytes)
        var text = RichText()
        do {
            while true {
                let event = try tokenizer.next()
                if event == .endOfDocument { break }
                switch event {
                case .startElement:
                    if tokenizer.nameIs("si") { text = RichText() } else { text.start(tokenizer) }
                case .endElement:
                    if tokenizer.nameIs("si") { strings.append(text.value) } else { text.end(tokenizer) }
                case .text:
                    text.append(tokenizer)
                case .endOfDocument:
                    break
                }
            }
        } catch {
            throw archive.malformed(path, error)
        }
        return strings
    }

    /// The text of a shared or inline string (`CT_Rst`): the `t` elements,
    /// directly or in rich-text runs `r`, joined; phonetic guides (`rPh`, the
    /// furigana of East Asian names) are not part of the text.
    struct RichText {
        private var textDepth = 0
        private var phoneticDepth = 0
        private var pieces = ""

        var value: String { Self.unescape(pieces) }

        mutating func start(_ tokenizer: XMLTokenizer) {
            if tokenizer.nameIs("t") { textDepth += 1 } else if tokenizer.nameIs("rPh") { phoneticDepth += 1 }
        }

        mutating func end(_ tokenizer: XMLTokenizer) {
            if tokenizer.nameIs("t") { textDepth -= 1 } else if tokenizer.nameIs("rPh") { phoneticDepth -= 1 }
        }

        mutating func append(_ tokenizer: XMLTokenizer) {
            if textDepth > 0, phoneticDepth == 0 { pieces += tokenizer.text() }
        }

        /// Whether `text` has `_x`: a byte scan, since this runs for every
        /// text cell and Foundation's `contains` is many times slower.
        static func containsEscape(_ text: String) -> Bool {
            var previous: UInt8 = 0
            for byte in text.utf8 {
                if byte == UInt8(ascii: "x"), previous == UInt8(ascii: "_") { return true }
                previous = byte
            }
            return false
        }

        /// Undoes the `_xHHHH_` escape of `ST_Xstring` (ECMA-376 Part 1,
        /// §22.9.2.19), by which Excel stores characters XML cannot hold,
        /// such as `_x000D_` for a carriage return.
        static func unescape(_ text: String) -> String {
            guard containsEscape(text) else { return text }
            var output = ""
            var rest = Substring(text)
            while let range = rest.range(of: "_x") {
                output += rest[..<range.lowerBound]
                let after = rest[range.upperBound...]
                let hex = after.prefix(5)
                if hex.count == 5, hex.last == "_", let value = UInt32(hex.dropLast(), radix: 16),
                   let scalar = Unicode.Scalar(value) {
                    output.unicodeScalars.append(scalar)
                    rest = after.dropFirst(5)
                } else {
                    output += "_x"
                    rest = after
                }
            }
            return output + rest
        }
    }
}
