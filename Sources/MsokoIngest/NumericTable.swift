import Dispatch
import Foundation
import MsokoLinearAlgebra
import MsokoModel

/// A numeric table as `msoko kmeans` and `msoko pca` read it (docs/contract.md §4):
/// a header; optionally a first column of identifiers; every other column
/// numeric, every cell a finite number (no empty cells, no `NA`, no
/// `nan`/`inf`). The table may come in any format and dialect of docs/contract.md
/// §7.1: numbers may carry thousands separators or a `%`, and a decimal
/// comma where the delimiter is not a comma.
///
/// Reading is strict: the first bad cell (in file order) is an `IngestError`
/// naming the file, the 1-based line (the header is line 1), the column's
/// name and 1-based number. Plain comma-separated UTF-8 without `"` is
/// parsed in parallel chunks split at line ends (the split depends only on
/// the file's size, and the chunks are joined in order); every other table
/// goes row by row through its `TableCursor`. Both give the same table.
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

    /// Gives up the table for its values, without a copy (for `consume`-style hand-over).
    public consuming func takeRowMajorValues() -> [Double] { rowMajorValues }

    /// The values as a column-major `Matrix`.
    public var values: Matrix {
        Matrix(rows: rowCount, columns: columnNames.count, rowMajor: rowMajorValues)
    }

    /// Reads a file in any format of docs/contract.md §7.1 (a delimited file in
    /// any dialect, a workbook's first sheet, a Word document's first table).
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - hasIdentifierColumn: the first column holds identifiers, not numbers.
    ///   - usesConcurrency: parse a large file's chunks on several threads; the table is the same either way.
    ///   - keepsIdentifiers: build the `identifiers` strings (skipped for speed when not needed).
    ///   - displayName: how errors name the file (default: the path).
    public static func read(
        path: String, displayName: String? = nil, hasIdentifierColumn: Bool = true,
        keepsIdentifiers: Bool = true, usesConcurrency: Bool = true
    ) throws -> NumericTable {
        let name = displayName ?? path
        let opened = try TableFiles.open(TableSpec(path: name), resolvedAt: URL(fileURLWithPath: path))
        return try read(opened.documents[0], hasIdentifierColumn: hasIdentifierColumn,
                        keepsIdentifiers: keepsIdentifiers, usesConcurrency: usesConcurrency)
    }

    /// Reads a table: plain comma-separated UTF-8 without quotes takes the
    /// parallel path below; every other table goes row by row through its
    /// cursor, with numbers read in its dialect. Both give the same table.
    public static func read(
        _ document: TableDocument, hasIdentifierColumn: Bool = true,
        keepsIdentifiers: Bool = true, usesConcurrency: Bool = true
    ) throws -> NumericTable {
        if document.isPlainCommaCSV {
            return try document.bytes.withUnsafeBufferPointer {
                try parseUnquoted($0, file: document.file, hasIdentifierColumn: hasIdentifierColumn,
                                  keepsIdentifiers: keepsIdentifiers, usesConcurrency: usesConcurrency)
            }
        }
        return try parseRows(document, hasIdentifierColumn: hasIdentifierColumn, keepsIdentifiers: keepsIdentifiers)
    }

    /// Parses the bytes of a whole delimited file.
    public static func parse(
        _ bytes: [UInt8], file: String, hasIdentifierColumn: Bool = true,
        keepsIdentifiers: Bool = true, usesConcurrency: Bool = true
    ) throws -> NumericTable {
        try read(TableDocument(delimited: bytes, path: file), hasIdentifierColumn: hasIdentifierColumn,
                 keepsIdentifiers: keepsIdentifiers, usesConcurrency: usesConcurrency)
    }

    // MARK: Header

    static func header(_ names: [String], file: String, line: Int = 1, hasIdentifierColumn: Bool) throws -> (String?, [String]) {
        let minimum = hasIdentifierColumn ? 2 : 1
        guard names.count >= minimum else {
            throw IngestError(file: file, line: line, hasIdentifierColumn
                ? "the header has \(names.count) column; expected an identifier column and at least one numeric column"
                : "the header has no column")
        }
        return hasIdentifierColumn ? (names[0], Array(names.dropFirst())) : (nil, names)
    }

    /// The error for a cell that is not a finite number.
    static func cellError(file: String, line: Int, columnNames: [String], numericIndex: Int, offset: Int, text: String,
                          column: String? = nil) -> IngestError {
        let name = column ?? columnNames[numericIndex]
        let position = "column \(numericIndex + offset + 1) (`\(name)`)"
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        let message: String
        if text.isEmpty {
            message = "empty cell in \(position): missing values are not allowed; drop the row or fill the value"
        } else if ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "na"].contains(lowered) {
            message = "`\(text)` in \(position) is not a finite number (NaN, NA and infinity are rejected)"
        } else if CellNumber.read(text, decimalComma: false) == .decimalComma {
            message = "`\(text)` in \(position) has a decimal comma in a comma-separated file: use a dot, or `;` as the delimiter"
        } else if Double(text) != nil {
            message = "`\(text)` in \(position) is not a finite number in the canonical format, or it overflows"
        } else {
            message = "`\(text)` in \(position) is not a number"
        }
        return IngestError(file: file, line: line, column: name, message)
    }

    // MARK: Row by row, any format

    private static func parseRows(_ document: TableDocument, hasIdentifierColumn: Bool, keepsIdentifiers: Bool) throws -> NumericTable {
        let file = document.file
        var cursor = document.makeCursor()
        var fields: [CSVField] = []
        guard let headerLine = try cursor.next(into: &fields) else {
            throw IngestError(file: file, "the file is empty: expected a header and data rows")
        }
        let names = document.headerNames(fields)
        let (identifierColumn, columnNames) = try header(names, file: file, line: headerLine, hasIdentifierColumn: hasIdentifierColumn)
        let offset = hasIdentifierColumn ? 1 : 0
        var values: [Double] = []
        var identifiers: [String] = []
        var rows = 0
        while let line = try cursor.next(into: &fields) {
            let read = fields.count
            guard document.fit(&fields, width: names.count) else {
                throw IngestError(file: file, line: line, "the row has \(read) fields, the header has \(names.count)")
            }
            if hasIdentifierColumn && keepsIdentifiers { identifiers.append(document.trimmedString(fields[0]) ?? document.lossyString(fields[0])) }
            for index in 0..<columnNames.count {
                let field = fields[index + offset]
                if case .number(let value) = document.number(field), value.isFinite {
                    values.append(value)
                    continue
                }
                let text = document.string(field) ?? document.lossyString(field)
                throw cellError(file: file, line: line, columnNames: columnNames, numericIndex: index, offset: offset, text: text,
                                column: document.columnLabel(index + offset, header: names))
            }
            rows += 1
        }
        guard rows > 0 else { throw IngestError(file: file, line: headerLine, "the file has a header but no data rows") }
        return NumericTable(identifierColumn: identifierColumn, columnNames: columnNames, identifiers: identifiers,
                            rowCount: rows, rowMajorValues: values)
    }
}
