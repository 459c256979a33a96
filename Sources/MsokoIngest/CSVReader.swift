import Foundation

/// A field of a CSV record: a byte range of the input, before unquoting.
public struct CSVField: Sendable {
    /// Byte offsets of the content (inside the quotes, for a quoted field).
    public let start: Int
    public let end: Int
    /// The field was quoted and contains doubled quotes (`""`) to undo.
    public let hasEscapedQuotes: Bool

    public init(start: Int, end: Int, hasEscapedQuotes: Bool = false) {
        self.start = start
        self.end = end
        self.hasEscapedQuotes = hasEscapedQuotes
    }

    /// The field without surrounding spaces and tabs in `bytes`.
    @inline(__always)
    func trimmed(in bytes: UnsafeBufferPointer<UInt8>) -> CSVField {
        var start = start, end = end
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return CSVField(start: start, end: end, hasEscapedQuotes: hasEscapedQuotes)
    }

    /// The field's bytes in `bytes`, each doubled quote (`""`) made one.
    /// Byte by byte: a quote before a combining mark is a quote all the
    /// same (a `String` replacement, which compares characters, left it
    /// doubled; found by the CSV round-trip property test).
    func unquoted(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let slice = bytes[start..<end]
        guard hasEscapedQuotes else { return slice }
        var result: [UInt8] = []
        result.reserveCapacity(slice.count)
        var index = slice.startIndex
        while index < slice.endIndex {
            let byte = slice[index]
            result.append(byte)
            index += byte == 0x22 && index + 1 < slice.endIndex && slice[index + 1] == 0x22 ? 2 : 1
        }
        return result[...]
    }

    /// An empty field (a sheet row's missing trailing cell).
    public static let empty = CSVField(start: 0, end: 0)
}

/// A malformed CSV file: the error is in the structure, not in one value, so
/// the reader cannot resynchronise (e.g. a quote that never closes).
public struct CSVSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// An RFC 4180 reader over bytes: comma-separated, `"`-quoted fields with
/// `""` for a quote, CRLF or LF line ends, an optional UTF-8 byte-order mark.
/// Blank lines are skipped (their numbers still count).
///
/// It yields byte ranges rather than strings, so numeric columns are parsed
/// straight from the bytes (see `NumberParser`) and a text cell is decoded
/// only when it is needed. Line numbers are 1-based, physical lines: a record
/// whose quoted field spans lines is reported at the line where it starts.
public struct CSVReader: Sendable {
    /// The longest field, in bytes (1 MiB): far beyond any cell of a school
    /// table, so a longer one means the file is not a table (a 1 GB line
    /// with no newline, a quote that swallows the file) and it is refused.
    public static let maximumFieldBytes = 1 << 20
    /// The most fields a record may have: a row of millions of columns is
    /// refused before its field list grows (24 bytes a field).
    public static let maximumColumns = 10_000

    public let bytes: [UInt8]
    public var separator: UInt8 { tokenizer.separator }
    private var tokenizer: CSVTokenizer

    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - separator: the field separator (`,` for the canonical format).
    public init(bytes: [UInt8], separator: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        tokenizer = bytes.withUnsafeBufferPointer { CSVTokenizer($0, separator: separator) }
    }

    /// Reads the next non-blank record into `fields` (cleared first) and
    /// returns its 1-based line, or `nil` at the end of the input.
    ///
    /// - Throws: `CSVSyntaxError` for a quote that never closes, for
    ///   characters between a closing quote and the next separator, for a
    ///   field over `maximumFieldBytes` or a record over `maximumColumns`.
    public mutating func nextRecord(into fields: inout [CSVField]) throws -> Int? {
        fields.removeAll(keepingCapacity: true)
        return try bytes.withUnsafeBufferPointer { try tokenizer.appendRecord($0, to: &fields) }
    }

    /// The field's text, unquoted; `nil` when the bytes are not valid UTF-8.
    public func string(_ field: CSVField) -> String? {
        String(validating: field.unquoted(bytes), as: UTF8.self)
    }

    /// The field's text without leading and trailing spaces and tabs, unquoted;
    /// `nil` when the bytes are not valid UTF-8. Trims on the bytes, so no
    /// string is built twice (Foundation's trimming dominated ingest time).
    public func trimmedString(_ field: CSVField) -> String? {
        string(bytes.withUnsafeBufferPointer { field.trimmed(in: $0) })
    }

    /// The field's text, unquoted, with invalid UTF-8 replaced (for error messages).
    public func lossyString(_ field: CSVField) -> String {
        String(decoding: field.unquoted(bytes), as: UTF8.self)
    }

    /// Whether the field is empty.
    public func isEmpty(_ field: CSVField) -> Bool { field.start == field.end }

    /// The field parsed as a number in the canonical format (see `NumberParser`).
    public func double(_ field: CSVField) -> Double? {
        bytes.withUnsafeBufferPointer { NumberParser.parse($0, from: field.start, to: field.end) }
    }
}
