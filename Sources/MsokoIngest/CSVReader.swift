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
    public let separator: UInt8
    private var position: Int
    private var line: Int

    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - separator: the field separator (`,` for the canonical format).
    public init(bytes: [UInt8], separator: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.separator = separator
        self.line = 1
        // Skip a UTF-8 byte-order mark, which Excel writes.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
        } else {
            position = 0
        }
    }

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Reads the next non-blank record into `fields` (cleared first) and
    /// returns its 1-based line, or `nil` at the end of the input.
    ///
    /// - Throws: `CSVSyntaxError` for a quote that never closes, for
    ///   characters between a closing quote and the next separator, for a
    ///   field over `maximumFieldBytes` or a record over `maximumColumns`.
    public mutating func nextRecord(into fields: inout [CSVField]) throws -> Int? {
        fields.removeAll(keepingCapacity: true)
        return try bytes.withUnsafeBufferPointer { buffer -> Int? in
            let count = buffer.count
            // Skip blank lines.
            while position < count {
                let byte = buffer[position]
                if byte == CSVReader.newline {
                    position += 1
                    line += 1
                } else if byte == CSVReader.carriageReturn, position + 1 < count, buffer[position + 1] == CSVReader.newline {
                    position += 2
                    line += 1
                } else {
                    break
                }
            }
            guard position < count else { return nil }
            let recordLine = line
            while true {
                // One field starts at `position`.
                if position < count, buffer[position] == CSVReader.quote {
                    let openedAt = line
                    var cursor = position + 1
                    let start = cursor
                    var escaped = false
                    while true {
                        guard cursor < count else {
                            throw CSVSyntaxError(line: openedAt, message: "a quoted field opened here never closes")
                        }
                        let byte = buffer[cursor]
                        if byte == CSVReader.quote {
                            if cursor + 1 < count, buffer[cursor + 1] == CSVReader.quote {
                                escaped = true
                                cursor += 2
                                continue
                            }
                            break
                        }
                        if byte == CSVReader.newline { line += 1 }
                        cursor += 1
                    }
                    try checkLimits(fieldBytes: cursor - start, fields: fields.count + 1, line: openedAt)
                    fields.append(CSVField(start: start, end: cursor, hasEscapedQuotes: escaped))
                    cursor += 1  // the closing quote
                    position = cursor
                    if position < count {
                        let byte = buffer[position]
                        if byte != separator && byte != CSVReader.newline && byte != CSVReader.carriageReturn {
                            throw CSVSyntaxError(line: line, message: "unexpected text after a closing quote")
                        }
                    }
                } else {
                    let start = position
                    var cursor = position
                    while cursor < count {
                        let byte = buffer[cursor]
                        if byte == separator || byte == CSVReader.newline { break }
                        cursor += 1
                    }
                    var end = cursor
                    if end > start, buffer[end - 1] == CSVReader.carriageReturn, cursor == count || buffer[cursor] == CSVReader.newline {
                        end -= 1
                    }
                    try checkLimits(fieldBytes: end - start, fields: fields.count + 1, line: line)
                    fields.append(CSVField(start: start, end: end, hasEscapedQuotes: false))
                    position = cursor
                }
                // After a field: a separator, a line end, or the end of input.
                if position >= count { return recordLine }
                let byte = buffer[position]
                if byte == separator {
                    position += 1
                    if position >= count {
                        fields.append(CSVField(start: position, end: position, hasEscapedQuotes: false))
                        return recordLine
                    }
                    continue
                }
                if byte == CSVReader.carriageReturn { position += 1 }
                if position < count, buffer[position] == CSVReader.newline {
                    position += 1
                    line += 1
                }
                return recordLine
            }
        }
    }

    private func checkLimits(fieldBytes: Int, fields: Int, line: Int) throws {
        if fieldBytes > CSVReader.maximumFieldBytes {
            throw CSVSyntaxError(line: line, message: "a field of \(fieldBytes) bytes, over the limit of \(CSVReader.maximumFieldBytes) "
                                 + "(1 MiB): the file is not a table, or a quote opened here swallows the rest of it")
        }
        if fields > CSVReader.maximumColumns {
            throw CSVSyntaxError(line: line, message: "a row of more than \(CSVReader.maximumColumns) columns, over the limit: "
                                 + "the file is not a table of schools, or its delimiter is wrong")
        }
    }

    /// The field's text, unquoted; `nil` when the bytes are not valid UTF-8.
    public func string(_ field: CSVField) -> String? {
        String(validating: field.unquoted(bytes), as: UTF8.self)
    }

    /// The field's text without leading and trailing spaces and tabs, unquoted;
    /// `nil` when the bytes are not valid UTF-8. Trims on the bytes, so no
    /// string is built twice (Foundation's trimming dominated ingest time).
    public func trimmedString(_ field: CSVField) -> String? {
        var start = field.start, end = field.end
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return string(CSVField(start: start, end: end, hasEscapedQuotes: field.hasEscapedQuotes))
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
