/// The RFC 4180 tokenizer behind `CSVReader` (see there for the dialect):
/// where the next record starts and its line, and the splitting of a
/// record into fields.
///
/// It holds no reference to the bytes: each call is lent them as a buffer
/// pointer. So a thread that tokenizes a file while another reads its rows
/// (`TableCursor`) touches no reference count per record; a count written
/// by both threads, and the array header beside it, cost a fifth of the
/// reading time.
///
/// Lifetime rule: the buffer is read only during a call and never kept
/// past it; the caller lends the same bytes, alive for the call (inside
/// their `withUnsafeBufferPointer`), at every call.
struct CSVTokenizer: Sendable {
    let separator: UInt8
    /// Where the next record (or blank line) starts.
    private var position: Int
    /// The 1-based line of `position`.
    private var line = 1

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// A tokenizer at the start of `buffer`, after a UTF-8 byte-order mark
    /// (which Excel writes).
    init(_ buffer: UnsafeBufferPointer<UInt8>, separator: UInt8) {
        self.separator = separator
        let hasMark = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
        position = hasMark ? 3 : 0
    }

    /// Appends the fields of the next non-blank record of `buffer` to
    /// `fields` (whatever it held stays) and returns the record's 1-based
    /// line, or `nil` at the end of the input.
    ///
    /// - Throws: `CSVSyntaxError` for a quote that never closes, for
    ///   characters between a closing quote and the next separator, for a
    ///   field over `CSVReader.maximumFieldBytes` or a record over
    ///   `CSVReader.maximumColumns`; `fields` may then hold some of the
    ///   record's fields.
    mutating func appendRecord(_ buffer: UnsafeBufferPointer<UInt8>, to fields: inout [CSVField]) throws -> Int? {
        let count = buffer.count
        // Skip blank lines.
        while position < count {
            let byte = buffer[position]
            if byte == Self.newline {
                position += 1
                line += 1
            } else if byte == Self.carriageReturn, position + 1 < count, buffer[position + 1] == Self.newline {
                position += 2
                line += 1
            } else {
                break
            }
        }
        guard position < count else { return nil }
        let recordLine = line
        let first = fields.count
        while true {
            // One field starts at `position`.
            if position < count, buffer[position] == Self.quote {
                let openedAt = line
                var cursor = position + 1
                let start = cursor
                var escaped = false
                while true {
                    guard cursor < count else {
                        throw CSVSyntaxError(line: openedAt, message: "a quoted field opened here never closes")
                    }
                    let byte = buffer[cursor]
                    if byte == Self.quote {
                        if cursor + 1 < count, buffer[cursor + 1] == Self.quote {
                            escaped = true
                            cursor += 2
                            continue
                        }
                        break
                    }
                    if byte == Self.newline { line += 1 }
                    cursor += 1
                }
                try Self.checkLimits(fieldBytes: cursor - start, fields: fields.count - first + 1, line: openedAt)
                fields.append(CSVField(start: start, end: cursor, hasEscapedQuotes: escaped))
                cursor += 1  // the closing quote
                position = cursor
                if position < count {
                    let byte = buffer[position]
                    if byte != separator && byte != Self.newline && byte != Self.carriageReturn {
                        throw CSVSyntaxError(line: line, message: "unexpected text after a closing quote")
                    }
                }
            } else {
                let start = position
                var cursor = position
                while cursor < count {
                    let byte = buffer[cursor]
                    if byte == separator || byte == Self.newline { break }
                    cursor += 1
                }
                var end = cursor
                if end > start, buffer[end - 1] == Self.carriageReturn, cursor == count || buffer[cursor] == Self.newline {
                    end -= 1
                }
                try Self.checkLimits(fieldBytes: end - start, fields: fields.count - first + 1, line: line)
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
            if byte == Self.carriageReturn { position += 1 }
            if position < count, buffer[position] == Self.newline {
                position += 1
                line += 1
            }
            return recordLine
        }
    }

    @inline(__always)
    private static func checkLimits(fieldBytes: Int, fields: Int, line: Int) throws {
        if fieldBytes > CSVReader.maximumFieldBytes || fields > CSVReader.maximumColumns {
            throw limitError(fieldBytes: fieldBytes, fields: fields, line: line)
        }
    }

    /// The error for a field or a record over the limits (kept out of the
    /// loop, which only compares).
    private static func limitError(fieldBytes: Int, fields: Int, line: Int) -> CSVSyntaxError {
        if fieldBytes > CSVReader.maximumFieldBytes {
            return CSVSyntaxError(line: line, message: "a field of \(fieldBytes) bytes, over the limit of \(CSVReader.maximumFieldBytes) "
                                  + "(1 MiB): the file is not a table, or a quote opened here swallows the rest of it")
        }
        return CSVSyntaxError(line: line, message: "a row of more than \(CSVReader.maximumColumns) columns, over the limit: "
                              + "the file is not a table of schools, or its delimiter is wrong")
    }
}
