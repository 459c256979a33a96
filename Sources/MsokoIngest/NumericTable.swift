import Dispatch
import Foundation
import MsokoLinearAlgebra

/// A numeric table as `msoko kmeans` and `msoko pca` read it (contract §4):
/// a header; optionally a first column of identifiers; every other column
/// numeric, every cell a finite number in the canonical format (see
/// `NumberParser`: no empty cells, no `NA`, no `nan`/`inf`, no decimal
/// comma).
///
/// Reading is strict: the first bad cell (in file order) is an `IngestError`
/// naming the file, the 1-based line (the header is line 1), the column's
/// name and 1-based number. A file without `"` is parsed in parallel
/// chunks split at line ends (the split depends only on the file's size, and
/// the chunks are joined in order); a file with quotes goes through the
/// RFC 4180 `CSVReader`. Both give the same table.
public struct NumericTable: Sendable {
    /// The header's name of the identifier column, if the table has one.
    public let identifierColumn: String?
    /// The names of the numeric columns.
    public let columnNames: [String]
    /// The identifiers in row order (empty when not kept or not present).
    public let identifiers: [String]
    /// The number of data rows.
    public let rowCount: Int
    /// The values, row after row (`rowCount × columnNames.count`).
    public let rowMajorValues: [Double]

    /// The values as a column-major `Matrix`.
    public var values: Matrix {
        Matrix(rows: rowCount, columns: columnNames.count, rowMajor: rowMajorValues)
    }

    /// Reads a file (memory-mapped).
    ///
    /// - Parameters:
    ///   - hasIdentifierColumn: the first column holds identifiers, not numbers.
    ///   - keepsIdentifiers: build the `identifiers` strings (skipped for speed when not needed).
    ///   - displayName: how errors name the file (default: the path).
    public static func read(
        path: String, displayName: String? = nil, hasIdentifierColumn: Bool = true,
        keepsIdentifiers: Bool = true, usesConcurrency: Bool = true
    ) throws -> NumericTable {
        let name = displayName ?? path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw IngestError(file: name, "cannot read the file: \(error.localizedDescription)")
        }
        return try data.withUnsafeBytes { raw in
            try parse(raw.bindMemory(to: UInt8.self), file: name, hasIdentifierColumn: hasIdentifierColumn,
                      keepsIdentifiers: keepsIdentifiers, usesConcurrency: usesConcurrency)
        }
    }

    /// Parses the bytes of a whole file.
    public static func parse(
        _ bytes: [UInt8], file: String, hasIdentifierColumn: Bool = true,
        keepsIdentifiers: Bool = true, usesConcurrency: Bool = true
    ) throws -> NumericTable {
        try bytes.withUnsafeBufferPointer {
            try parse($0, file: file, hasIdentifierColumn: hasIdentifierColumn,
                      keepsIdentifiers: keepsIdentifiers, usesConcurrency: usesConcurrency)
        }
    }

    static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, file: String, hasIdentifierColumn: Bool,
        keepsIdentifiers: Bool, usesConcurrency: Bool
    ) throws -> NumericTable {
        let quote = UInt8(ascii: "\"")
        if buffer.contains(quote) {
            return try parseQuoted(Array(buffer), file: file, hasIdentifierColumn: hasIdentifierColumn, keepsIdentifiers: keepsIdentifiers)
        }
        return try parseUnquoted(buffer, file: file, hasIdentifierColumn: hasIdentifierColumn,
                                 keepsIdentifiers: keepsIdentifiers, usesConcurrency: usesConcurrency)
    }

    // MARK: Header

    private static func header(_ names: [String], file: String, hasIdentifierColumn: Bool) throws -> (String?, [String]) {
        let minimum = hasIdentifierColumn ? 2 : 1
        guard names.count >= minimum else {
            throw IngestError(file: file, line: 1, hasIdentifierColumn
                ? "the header has \(names.count) column; expected an identifier column and at least one numeric column"
                : "the header has no column")
        }
        return hasIdentifierColumn ? (names[0], Array(names.dropFirst())) : (nil, names)
    }

    /// The error for a cell that is not a finite number.
    static func cellError(file: String, line: Int, columnNames: [String], numericIndex: Int, offset: Int, text: String) -> IngestError {
        let name = columnNames[numericIndex]
        let position = "column \(numericIndex + offset + 1) (`\(name)`)"
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        let message: String
        if text.isEmpty {
            message = "empty cell in \(position): missing values are not allowed; drop the row or fill the value"
        } else if ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "na"].contains(lowered) {
            message = "`\(text)` in \(position) is not a finite number (NaN, NA and infinity are rejected)"
        } else if NumberParser.parse(text.replacingOccurrences(of: ",", with: ".")) != nil || Double(text) != nil {
            message = "`\(text)` in \(position) is not a number in the canonical format (dot decimals, no spaces), or it overflows"
        } else {
            message = "`\(text)` in \(position) is not a number"
        }
        return IngestError(file: file, line: line, column: name, message)
    }

    // MARK: RFC 4180 path

    private static func parseQuoted(_ bytes: [UInt8], file: String, hasIdentifierColumn: Bool, keepsIdentifiers: Bool) throws -> NumericTable {
        var reader = CSVReader(bytes: bytes)
        var fields: [CSVField] = []
        let headerLine: Int?
        do { headerLine = try reader.nextRecord(into: &fields) } catch let error as CSVSyntaxError {
            throw IngestError(file: file, line: error.line, error.message)
        }
        guard headerLine != nil else { throw IngestError(file: file, "the file is empty: expected a header and data rows") }
        let names = fields.map { reader.lossyString($0) }
        let (identifierColumn, columnNames) = try header(names, file: file, hasIdentifierColumn: hasIdentifierColumn)
        let offset = hasIdentifierColumn ? 1 : 0
        var values: [Double] = []
        var identifiers: [String] = []
        var rows = 0
        while true {
            let line: Int?
            do { line = try reader.nextRecord(into: &fields) } catch let error as CSVSyntaxError {
                throw IngestError(file: file, line: error.line, error.message)
            }
            guard let line else { break }
            guard fields.count == names.count else {
                throw IngestError(file: file, line: line, "the row has \(fields.count) fields, the header has \(names.count)")
            }
            if hasIdentifierColumn && keepsIdentifiers { identifiers.append(reader.lossyString(fields[0])) }
            for index in 0..<columnNames.count {
                let field = fields[index + offset]
                guard let value = field.hasEscapedQuotes ? nil : reader.double(field) else {
                    throw cellError(file: file, line: line, columnNames: columnNames, numericIndex: index, offset: offset,
                                    text: reader.string(field) ?? reader.lossyString(field))
                }
                values.append(value)
            }
            rows += 1
        }
        guard rows > 0 else { throw IngestError(file: file, line: 1, "the file has a header but no data rows") }
        return NumericTable(identifierColumn: identifierColumn, columnNames: columnNames, identifiers: identifiers,
                            rowCount: rows, rowMajorValues: values)
    }

    // MARK: Parallel path for files without quotes

    /// What one chunk of lines produced.
    private struct ChunkOutput: Sendable {
        var values: [Double] = []
        var identifierRanges: [Int] = []
        var rows = 0
        /// The first failure: byte offset of the line start, and what went wrong.
        var failure: (lineStart: Int, kind: Failure)? = nil
    }

    private enum Failure: Sendable {
        case fieldCount(Int)
        case cell(numericIndex: Int, start: Int, end: Int)
    }

    private static func parseUnquoted(
        _ buffer: UnsafeBufferPointer<UInt8>, file: String, hasIdentifierColumn: Bool,
        keepsIdentifiers: Bool, usesConcurrency: Bool
    ) throws -> NumericTable {
        let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), comma = UInt8(ascii: ",")
        let count = buffer.count
        var position = 0
        if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        // Blank lines before the header.
        while position < count, buffer[position] == newline || buffer[position] == carriageReturn { position += 1 }
        guard position < count else { throw IngestError(file: file, "the file is empty: expected a header and data rows") }
        var headerEnd = position
        while headerEnd < count, buffer[headerEnd] != newline { headerEnd += 1 }
        var headerTextEnd = headerEnd
        if headerTextEnd > position, buffer[headerTextEnd - 1] == carriageReturn { headerTextEnd -= 1 }
        let headerText = String(decoding: UnsafeBufferPointer(rebasing: buffer[position..<headerTextEnd]), as: UTF8.self)
        let names = headerText.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let (identifierColumn, columnNames) = try header(names, file: file, hasIdentifierColumn: hasIdentifierColumn)
        let fieldCount = names.count
        let numericCount = columnNames.count
        let offset = hasIdentifierColumn ? 1 : 0
        let dataStart = min(count, headerEnd + 1)

        // Chunk boundaries at line starts; the number of chunks depends only on the size.
        let dataSize = count - dataStart
        let chunkCount = max(1, min(16, dataSize / (2 << 20)))
        var boundaries = [dataStart]
        for chunk in 1..<max(chunkCount, 1) {
            var cut = max(boundaries.last!, dataStart + dataSize * chunk / chunkCount)
            while cut < count, cut > dataStart, buffer[cut - 1] != newline { cut += 1 }
            boundaries.append(cut)
        }
        boundaries.append(count)
        let cuts = boundaries
        let base = SharedConstantPointer(buffer.baseAddress!)
        let outputs = ChunkSlots(count: chunkCount)
        let keepsRanges = hasIdentifierColumn && keepsIdentifiers
        let work: @Sendable (Int) -> Void = { chunk in
            let bytes = base.base
            var output = ChunkOutput()
            let end = cuts[chunk + 1]
            output.values.reserveCapacity((end - cuts[chunk]) / max(1, 8 * numericCount) * numericCount + numericCount)
            var cursor = cuts[chunk]
            let buffer = UnsafeBufferPointer(start: bytes, count: count)
            lines: while cursor < end {
                let lineStart = cursor
                // Blank line ("\n" or "\r\n").
                if bytes[cursor] == newline { cursor += 1; continue }
                if bytes[cursor] == carriageReturn, cursor + 1 < count, bytes[cursor + 1] == newline { cursor += 2; continue }
                var field = 0
                while true {
                    let fieldStart = cursor
                    while cursor < count, bytes[cursor] != comma, bytes[cursor] != newline { cursor += 1 }
                    var fieldEnd = cursor
                    if fieldEnd > fieldStart, bytes[fieldEnd - 1] == carriageReturn, cursor == count || bytes[cursor] == newline {
                        fieldEnd -= 1
                    }
                    if field < fieldCount {
                        if field < offset {
                            if keepsRanges { output.identifierRanges.append(fieldStart); output.identifierRanges.append(fieldEnd) }
                        } else if let value = NumberParser.parse(buffer, from: fieldStart, to: fieldEnd) {
                            output.values.append(value)
                        } else {
                            output.failure = (lineStart, .cell(numericIndex: field - offset, start: fieldStart, end: fieldEnd))
                            break lines
                        }
                    }
                    field += 1
                    if cursor < count, bytes[cursor] == comma { cursor += 1; continue }
                    break
                }
                if cursor < count { cursor += 1 }  // the newline
                if field != fieldCount {
                    output.failure = (lineStart, .fieldCount(field))
                    break lines
                }
                output.rows += 1
            }
            outputs.store(output, at: chunk)
        }
        if usesConcurrency && chunkCount > 1 {
            DispatchQueue.concurrentPerform(iterations: chunkCount) { work($0) }
        } else {
            for chunk in 0..<chunkCount { work(chunk) }
        }
        var parts = outputs.values()
        func lineNumber(_ byteOffset: Int) -> Int {
            var line = 1
            for index in 0..<byteOffset where buffer[index] == newline { line += 1 }
            return line
        }
        for part in parts {
            guard let failure = part.failure else { continue }
            let line = lineNumber(failure.lineStart)
            switch failure.kind {
            case .fieldCount(let found):
                throw IngestError(file: file, line: line, "the row has \(found) fields, the header has \(fieldCount)")
            case .cell(let index, let start, let end):
                let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
                throw cellError(file: file, line: line, columnNames: columnNames, numericIndex: index, offset: offset, text: text)
            }
        }
        let rows = parts.reduce(0) { $0 + $1.rows }
        guard rows > 0 else { throw IngestError(file: file, line: 1, "the file has a header but no data rows") }
        var values: [Double]
        if parts.count == 1 {
            values = parts[0].values
        } else {
            values = []
            values.reserveCapacity(rows * numericCount)
            for index in parts.indices {
                values.append(contentsOf: parts[index].values)
                parts[index].values = []
            }
        }
        var identifiers: [String] = []
        if keepsRanges {
            identifiers.reserveCapacity(rows)
            for part in parts {
                for pair in stride(from: 0, to: part.identifierRanges.count, by: 2) {
                    let range = part.identifierRanges[pair]..<part.identifierRanges[pair + 1]
                    identifiers.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self))
                }
            }
        }
        return NumericTable(identifierColumn: identifierColumn, columnNames: columnNames, identifiers: identifiers,
                            rowCount: rows, rowMajorValues: values)
    }

    private final class ChunkSlots: @unchecked Sendable {
        private var slots: [ChunkOutput]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: ChunkOutput(), count: count) }
        func store(_ value: ChunkOutput, at index: Int) {
            lock.lock(); slots[index] = value; lock.unlock()
        }
        func values() -> [ChunkOutput] { lock.lock(); defer { lock.unlock() }; return slots }
    }

    private struct SharedConstantPointer<Element>: @unchecked Sendable {
        let base: UnsafePointer<Element>
        init(_ base: UnsafePointer<Element>) { self.base = base }
    }
}
