/// A malformed XML document: what was wrong and the byte offset where the
/// tokenizer noticed it.
struct XMLSyntaxError: Error, Equatable {
    let offset: Int
    let reason: String
}

/// A small pull tokenizer over the bytes of an XML document (UTF-8), for the
/// parts of XLSX and DOCX files.
///
/// It reports start tags, end tags and character data, and nothing else:
/// the XML declaration, processing instructions, comments and the DOCTYPE are
/// skipped. A self-closing tag `<a/>` is reported as a start followed by an
/// end, so consumers need not tell the two apart. Names are compared by their
/// local part (`w:t` and `t` are both `t`): the Office formats bind each
/// prefix to one namespace, and files written by different tools choose
/// different prefixes for the same one.
///
/// Character data is decoded on request (`text()`): the five predefined
/// entities and character references `&#NN;` `&#xNN;`; any other entity is
/// kept as written (Office files declare none, and not expanding them is what
/// keeps "billion laughs" documents harmless). CDATA sections are reported as
/// text without decoding. The tokenizer does not check that end tags match
/// start tags: the readers only need the nesting they ask about.
///
/// Why not Foundation's `XMLParser` (libxml2's SAX interface, a callback and
/// a `String` per event): on the 69 MB worksheet of the benchmark workbook it
/// took 1.7 s with a delegate that only counts elements, more than twice
/// `XLSXReader`'s whole read of that workbook on this tokenizer (0.75 s);
/// see `Benchmarks/xlsx/README.md`.
struct XMLTokenizer {
    enum Event: Equatable {
        case startElement
        case endElement
        case text
        case endOfDocument
    }

    /// Byte ranges of one attribute: local name and raw (undecoded) value.
    struct Attribute {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    let bytes: [UInt8]
    private var position = 0
    /// Local name (after any `prefix:`) of the current start or end tag.
    private(set) var nameStart = 0
    private(set) var nameEnd = 0
    /// Attributes of the current start tag; reused between tags.
    private(set) var attributes: [Attribute] = []
    /// Raw bytes of the current text event.
    private(set) var textStart = 0
    private(set) var textEnd = 0
    private var textIsCDATA = false
    private var pendingEnd = false

    init(bytes: [UInt8]) {
        self.bytes = bytes
        attributes.reserveCapacity(8)
        // A UTF-8 byte order mark is allowed before the declaration.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    mutating func next() throws -> Event {
        if pendingEnd {
            pendingEnd = false
            return .endElement
        }
        let count = bytes.count
        while position < count {
            if bytes[position] != UInt8(ascii: "<") {
                textStart = position
                while position < count, bytes[position] != UInt8(ascii: "<") { position += 1 }
                textEnd = position
                textIsCDATA = false
                return .text
            }
            guard position + 1 < count else { throw XMLSyntaxError(offset: position, reason: "the document ends inside a tag") }
            let second = bytes[position + 1]
            if second == UInt8(ascii: "/") {
                position += 2
                try readName()
                skipSpace()
                guard position < count, bytes[position] == UInt8(ascii: ">") else {
                    throw XMLSyntaxError(offset: position, reason: "an end tag is not closed by `>`")
                }
                position += 1
                return .endElement
            }
            if second == UInt8(ascii: "?") {
                try skip(past: "?>")
                continue
            }
            if second == UInt8(ascii: "!") {
                if matches("<!--", at: position) {
                    try skip(past: "-->")
                    continue
                }
                if matches("<![CDATA[", at: position) {
                    textStart = position + 9
                    try skip(past: "]]>")
                    textEnd = position - 3
                    textIsCDATA = true
                    return .text
                }
                try skipDeclaration()
                continue
            }
            position += 1
            try readName()
            try readAttributes()
            return .startElement
        }
        return .endOfDocument
    }

    /// Whether the current tag's local name is `name` (ASCII).
    func nameIs(_ name: StaticString) -> Bool {
        equal(nameStart, nameEnd, name)
    }

    /// The decoded value of the current start tag's attribute whose local
    /// name is `name`, or `nil` when the tag has none.
    func attribute(_ name: StaticString) -> String? {
        guard let found = attributeRange(name) else { return nil }
        return decode(found.lowerBound, found.upperBound, entities: true)
    }

    /// The raw byte range of an attribute's value, for callers that parse
    /// numbers or cell references without making a `String`.
    func attributeRange(_ name: StaticString) -> Range<Int>? {
        for attribute in attributes where equal(attribute.nameStart, attribute.nameEnd, name) {
            return attribute.valueStart..<attribute.valueEnd
        }
        return nil
    }

    /// The decoded text of the current text event.
    func text() -> String {
        decode(textStart, textEnd, entities: !textIsCDATA)
    }

    /// The decoded text of a byte range recorded from an earlier event.
    func text(_ range: Range<Int>) -> String {
        decode(range.lowerBound, range.upperBound, entities: true)
    }

    /// Whether the current text event is only XML white space.
    var textIsWhitespace: Bool {
        for index in textStart..<textEnd where !Self.isSpace(bytes[index]) { return false }
        return true
    }

    // MARK: - Scanning

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func isNameEnd(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
    }

    private mutating func skipSpace() {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    }

    /// Reads a qualified name at `position`, keeping its local part.
    private mutating func readName() throws {
        let start = position
        var local = position
        while position < bytes.count, !Self.isNameEnd(bytes[position]) {
            if bytes[position] == UInt8(ascii: ":") { local = position + 1 }
            position += 1
        }
        guard position > start, position < bytes.count else {
            throw XMLSyntaxError(offset: start, reason: "a tag has no name or is not closed")
        }
        nameStart = local
        nameEnd = position
    }

    private mutating func readAttributes() throws {
        attributes.removeAll(keepingCapacity: true)
        let count = bytes.count
        while true {
            skipSpace()
            guard position < count else { throw XMLSyntaxError(offset: position, reason: "the document ends inside a tag") }
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") {
                position += 1
                return
            }
            if byte == UInt8(ascii: "/") {
                guard position + 1 < count, bytes[position + 1] == UInt8(ascii: ">") else {
                    throw XMLSyntaxError(offset: position, reason: "`/` inside a tag is not followed by `>`")
                }
                position += 2
                pendingEnd = true
                return
            }
            let tagNameStart = nameStart, tagNameEnd = nameEnd
            try readName()
            let attributeNameStart = nameStart, attributeNameEnd = nameEnd
            nameStart = tagNameStart
            nameEnd = tagNameEnd
            skipSpace()
            guard position < count, bytes[position] == UInt8(ascii: "=") else {
                throw XMLSyntaxError(offset: position, reason: "an attribute has no `=`")
            }
            position += 1
            skipSpace()
            guard position < count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                throw XMLSyntaxError(offset: position, reason: "an attribute value is not quoted")
            }
            let quote = bytes[position]
            position += 1
            let valueStart = position
            while position < count, bytes[position] != quote { position += 1 }
            guard position < count else { throw XMLSyntaxError(offset: valueStart, reason: "an attribute value is not closed") }
            attributes.append(Attribute(nameStart: attributeNameStart, nameEnd: attributeNameEnd,
                                        valueStart: valueStart, valueEnd: position))
            position += 1
        }
    }

    private func matches(_ literal: StaticString, at offset: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard offset + length <= bytes.count else { return false }
        return equal(offset, offset + length, literal)
    }

    /// Moves `position` just past the next occurrence of `terminator`.
    private mutating func skip(past terminator: StaticString) throws {
        let start = position
        let first = terminator.utf8Start.pointee
        while position < bytes.count {
            if bytes[position] == first, matches(terminator, at: position) {
                position += terminator.utf8CodeUnitCount
                return
            }
            position += 1
        }
        throw XMLSyntaxError(offset: start, reason: "`\(terminator)` is missing")
    }

    /// Skips `<!DOCTYPE …>` including an internal subset in brackets.
    private mutating func skipDeclaration() throws {
        let start = position
        var bracketDepth = 0
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "["): bracketDepth += 1
            case UInt8(ascii: "]"): bracketDepth -= 1
            case UInt8(ascii: ">") where bracketDepth <= 0:
                position += 1
                return
            default: break
            }
            position += 1
        }
        throw XMLSyntaxError(offset: start, reason: "a `<!` declaration is not closed")
    }

    private func equal(_ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard end - start == length else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<length where bytes[start + offset] != pointer[offset] { return false }
        return true
    }

    // MARK: - Decoding

    private func decode(_ start: Int, _ end: Int, entities: Bool) -> String {
        guard entities, bytes[start..<end].contains(UInt8(ascii: "&")) else {
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"),
                  let semicolon = bytes[index..<min(end, index + 12)].firstIndex(of: UInt8(ascii: ";")),
                  let scalar = entity(index + 1, semicolon) else {
                output.append(byte)
                index += 1
                continue
            }
            output.append(contentsOf: UTF8.encode(scalar)!)
            index = semicolon + 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The character an entity or character reference (between `&` and `;`)
    /// stands for, or `nil` to keep it as written.
    private func entity(_ start: Int, _ end: Int) -> Unicode.Scalar? {
        guard end > start else { return nil }
        if bytes[start] != UInt8(ascii: "#") {
            if equal(start, end, "amp") { return "&" }
            if equal(start, end, "lt") { return "<" }
            if equal(start, end, "gt") { return ">" }
            if equal(start, end, "quot") { return "\"" }
            if equal(start, end, "apos") { return "'" }
            return nil
        }
        // Character references: Office files write non-ASCII text this way
        // often (openpyxl writes all of it so), so they are parsed in place.
        var index = start + 1
        let hexadecimal = index < end && (bytes[index] | 0x20) == UInt8(ascii: "x")
        if hexadecimal { index += 1 }
        guard index < end else { return nil }
        var value: UInt32 = 0
        while index < end {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where hexadecimal: digit = UInt32(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F") where hexadecimal: digit = UInt32(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            value = value * (hexadecimal ? 16 : 10) + digit
            guard value <= 0x10FFFF else { return nil }
            index += 1
        }
        return Unicode.Scalar(value)
    }
}
