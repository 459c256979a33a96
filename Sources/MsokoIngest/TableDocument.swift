import Foundation
import MsokoLinearAlgebra
import MsokoModel

/// One table of an input file, whatever its format (docs/contract.md §7.1): a
/// delimited text file, a sheet of a workbook, or a table of a Word
/// document. Every reader of msoko — canonical ingest, the sources, `msoko
/// kmeans`/`pca`/`trend` — goes through it, so validation is written once.
///
/// The text is UTF-8 bytes and a row's cells are byte ranges of it
/// (`CSVField`): a delimited file is decoded once (Windows-1251 transcoded)
/// and then split lazily by `CSVReader`; a sheet's or a Word table's cells
/// are laid end to end. Strings are made only where a reader needs one.
///
/// Places (what `rejects.csv` and errors cite): `file` is the path for a
/// delimited file, `PATH!SHEET` for a sheet, `PATH#tableN` for a Word
/// table; `line` is the file's line, the sheet's row, or the table's row;
/// a column is named by its header text (for a Word table, its 1-based
/// number, since such tables have no machine-readable header).
public struct TableDocument: Sendable {
    public enum Format: String, Sendable {
        case delimited, workbook, wordTable
    }

    /// The pipeline's path of the file.
    public let path: String
    /// The place's file part: the path, `PATH!SHEET` or `PATH#tableN`.
    public let file: String
    public let format: Format
    /// The text, UTF-8.
    public let bytes: [UInt8]
    /// The delimiter of a delimited file (`,` `;` or a tab).
    public let delimiter: UInt8
    /// Whether `37,5` is the number 37.5 here: a delimited file whose
    /// delimiter is not a comma, a `decimal: ","` override, or any sheet.
    public let acceptsDecimalComma: Bool
    /// The encoding a delimited file was read in.
    public let encoding: TableSpec.Encoding
    /// Rows of a sheet or a Word table: their numbers and cells.
    private let rows: [(line: Int, cells: [CSVField])]?

    /// A delimited file's bytes, decoded and with its dialect sniffed unless
    /// `spec` sets it.
    public init(delimited raw: [UInt8], path: String, spec: TableSpec = TableSpec(path: "")) throws {
        let decoded = try TextDecoding.decode(raw, declared: spec.encoding, file: path)
        self.path = path
        self.file = path
        self.format = .delimited
        self.bytes = decoded.bytes
        self.encoding = decoded.encoding
        let delimiter = spec.delimiter ?? Self.sniffDelimiter(decoded.bytes)
        self.delimiter = delimiter
        self.acceptsDecimalComma = spec.decimalComma ?? (delimiter != UInt8(ascii: ","))
        self.rows = nil
    }

    /// A sheet or a Word table.
    public init(grid: CellGrid, path: String, format: Format, decimalComma: Bool? = nil) {
        self.path = path
        self.file = format == .workbook ? "\(path)!\(grid.name)" : "\(path)#\(grid.name)"
        self.format = format
        self.encoding = .utf8
        self.delimiter = 0
        self.acceptsDecimalComma = decimalComma ?? true
        var bytes: [UInt8] = []
        var rows: [(line: Int, cells: [CSVField])] = []
        rows.reserveCapacity(grid.rows.count)
        for row in grid.rows {
            var cells: [CSVField] = []
            cells.reserveCapacity(row.cells.count)
            for text in row.cells {
                let start = bytes.count
                bytes.append(contentsOf: text.utf8)
                cells.append(CSVField(start: start, end: bytes.count, hasEscapedQuotes: false))
            }
            rows.append((row.number, cells))
        }
        self.bytes = bytes
        self.rows = rows
    }

    /// A cursor over the rows, from the first.
    public func makeCursor() -> TableCursor {
        makeCursor(prefetching: bytes.count >= TableCursor.prefetchThreshold && Parallelism.isParallel)
    }

    /// A cursor that tokenizes a delimited file on a second thread or not.
    func makeCursor(prefetching: Bool) -> TableCursor { TableCursor(document: self, rows: rows ?? [], prefetching: prefetching) }

    /// Whether the bytes are plain canonical CSV (UTF-8, comma, no quotes):
    /// the case that the specialised parallel readers take.
    public var isPlainCommaCSV: Bool {
        guard format == .delimited, delimiter == UInt8(ascii: ","), !acceptsDecimalComma else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.isEmpty || memchr(buffer.baseAddress!, Int32(UInt8(ascii: "\"")), buffer.count) == nil
        }
    }

    /// How a column is named in a place: its header text, or (in a Word
    /// table, or where the header cell is empty) its number or letter.
    public func columnLabel(_ index: Int, header: [String]) -> String {
        if format == .wordTable { return String(index + 1) }
        if index < header.count, !header[index].isEmpty { return header[index] }
        return format == .workbook ? Self.columnLetters(index) : "column \(index + 1)"
    }

    /// `A`, …, `Z`, `AA`, … for a 0-based column.
    public static func columnLetters(_ index: Int) -> String {
        var number = index + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    // MARK: Rows against the header

    /// A header row's names, trimmed, without the empty names after the last
    /// named column (a trailing delimiter, a sheet's unused columns).
    public func headerNames(_ cells: [CSVField]) -> [String] {
        var names = cells.map { trimmedString($0) ?? lossyString($0) }
        while let last = names.last, last.isEmpty { names.removeLast() }
        return names
    }

    /// Fits a row to a header of `width` columns, the one rule of every
    /// reader: empty cells past the header's last column are no fields (`a;b;`
    /// as Excel writes it, a sheet's unused columns), and a sheet's or Word
    /// table's missing trailing cells are empty (those formats do not store
    /// them). Returns `false`, leaving `cells` as read, when the row has text
    /// past the header, or when a delimited row has fewer fields.
    public func fit(_ cells: inout [CSVField], width: Int) -> Bool {
        if cells.count > width {
            guard cells[width...].allSatisfy({ isBlank($0) }) else { return false }
            cells.removeLast(cells.count - width)
        } else if cells.count < width {
            guard format != .delimited else { return false }
            cells.append(contentsOf: repeatElement(CSVField.empty, count: width - cells.count))
        }
        return true
    }

    // MARK: Cells

    /// The cell's text, unquoted; `nil` when its bytes are not valid UTF-8.
    public func string(_ cell: CSVField) -> String? {
        String(validating: cell.unquoted(bytes), as: UTF8.self)
    }

    /// The cell without surrounding spaces and tabs (trimmed on the bytes).
    public func trimmedString(_ cell: CSVField) -> String? { string(trimmed(cell)) }

    /// The cell's text, unquoted, with invalid UTF-8 replaced (for messages
    /// and rejected rows).
    public func lossyString(_ cell: CSVField) -> String {
        String(decoding: cell.unquoted(bytes), as: UTF8.self)
    }

    /// The cell's range without surrounding spaces and tabs.
    public func trimmed(_ cell: CSVField) -> CSVField { withCellBytes { $0.trimmed(cell) } }

    /// Whether the cell is empty or only spaces.
    public func isBlank(_ cell: CSVField) -> Bool { withCellBytes { $0.isBlank(cell) } }

    /// The cell as a number in this table's dialect.
    public func number(_ cell: CSVField) -> CellNumber.Reading { withCellBytes { $0.number(cell) } }

    /// Calls `body` with the bytes lent as a pointer, for a loop over many
    /// cells; `body` must not keep the `CellBytes` (see its lifetime rule).
    @inline(__always)
    func withCellBytes<Result>(_ body: (CellBytes) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer { try body(CellBytes($0, acceptsDecimalComma: acceptsDecimalComma)) }
    }

    // MARK: Dialect

    /// The delimiter that splits the header and the first rows most
    /// consistently: among `,` `;` and tab, those present in the header,
    /// the one that gives the most later lines the header's count (ties: the
    /// one giving more columns). No candidate: `,` (a one-column file).
    static func sniffDelimiter(_ bytes: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]
        var counts: [[Int]] = []  // per line, per candidate
        var current = [0, 0, 0]
        var inQuotes = false
        var index = 0
        let limit = min(bytes.count, 1 << 16)
        while index < limit, counts.count < 50 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == 0x0A {
                    if current != [0, 0, 0] || counts.isEmpty == false { counts.append(current) }
                    current = [0, 0, 0]
                } else if let position = candidates.firstIndex(of: byte) {
                    current[position] += 1
                }
            }
            index += 1
        }
        if current != [0, 0, 0] { counts.append(current) }
        guard let header = counts.first else { return UInt8(ascii: ",") }
        let lines = counts.dropFirst().filter { $0 != [0, 0, 0] }
        var best: (agreement: Int, columns: Int, delimiter: UInt8)?
        for (position, delimiter) in candidates.enumerated() where header[position] > 0 {
            let agreement = lines.filter { $0[position] == header[position] }.count
            let candidate = (agreement, header[position], delimiter)
            if let current = best {
                if candidate.0 > current.agreement || (candidate.0 == current.agreement && candidate.1 > current.columns) {
                    best = candidate
                }
            } else {
                best = candidate
            }
        }
        return best?.delimiter ?? UInt8(ascii: ",")
    }
}
