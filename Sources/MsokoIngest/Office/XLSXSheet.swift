import Foundation

/// One cell written by `XLSXWriter`.
public enum XLSXCellValue: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    /// A fraction shown as a percent: 0.375 is stored as 0.375 and shown
    /// `37.50%` (built-in format 10, `0.00%`); `XLSXReader` reads it back as 37.5.
    case percent(Double)
}

/// One sheet written by `XLSXWriter`.
///
/// Its rows are made on demand, one at a time, by a closure: the writer asks
/// for them in chunks while it compresses the sheet, so a sheet of millions
/// of cells (a national run's tables) is never held as cell values whole.
/// A small sheet can still be given as an array of rows.
public struct XLSXSheet: Sendable, Equatable {
    /// The tab's name: 1–31 characters, none of `[ ] : * ? / \`, not starting
    /// or ending with `'`, unique in the workbook ignoring case (Excel's rules).
    public var name: String
    /// How many rows the sheet has.
    public private(set) var rowCount: Int
    /// Makes row `index` (0-based) of the sheet.
    private var makeRow: @Sendable (Int) -> [XLSXCellValue]
    /// Widths of the first columns, in characters of the default font; the
    /// others keep the default width.
    public var columnWidths: [Double]
    /// Whether the header rows are bold.
    public var boldHeader: Bool
    /// Whether the header rows stay in view when scrolling.
    public var frozenHeader: Bool
    /// How many rows at the top form the header (1 unless set; at least 1).
    public var headerRows: Int

    /// All the rows, made at once: for small sheets and tests (a large sheet
    /// is written row by row).
    public var rows: [[XLSXCellValue]] {
        get { (0..<rowCount).map(makeRow) }
        set {
            rowCount = newValue.count
            makeRow = { newValue[$0] }
        }
    }

    /// Row `index` (0-based, below `rowCount`).
    public func row(_ index: Int) -> [XLSXCellValue] { makeRow(index) }

    public init(name: String, rows: [[XLSXCellValue]], columnWidths: [Double] = [],
                boldHeader: Bool = false, frozenHeader: Bool = false, headerRows: Int = 1) {
        self.init(name: name, rowCount: rows.count, columnWidths: columnWidths, boldHeader: boldHeader,
                  frozenHeader: frozenHeader, headerRows: headerRows) { rows[$0] }
    }

    /// A sheet of `rowCount` rows, row `index` made by `row(index)` when the
    /// writer reaches it (possibly more than once, and from several threads:
    /// the same index must give the same row).
    public init(name: String, rowCount: Int, columnWidths: [Double] = [],
                boldHeader: Bool = false, frozenHeader: Bool = false, headerRows: Int = 1,
                row: @escaping @Sendable (Int) -> [XLSXCellValue]) {
        self.name = name
        self.rowCount = max(rowCount, 0)
        self.makeRow = row
        self.columnWidths = columnWidths
        self.boldHeader = boldHeader
        self.frozenHeader = frozenHeader
        self.headerRows = max(headerRows, 1)
    }

    /// Sheets are equal when they would be written the same: same settings, same rows.
    public static func == (lhs: XLSXSheet, rhs: XLSXSheet) -> Bool {
        lhs.name == rhs.name && lhs.columnWidths == rhs.columnWidths && lhs.boldHeader == rhs.boldHeader
            && lhs.frozenHeader == rhs.frozenHeader && lhs.headerRows == rhs.headerRows
            && lhs.rowCount == rhs.rowCount && (0..<lhs.rowCount).allSatisfy { lhs.row($0) == rhs.row($0) }
    }
}
