/// A table read from a spreadsheet's sheet or a DOCX document's table: the
/// text of every cell, row by row, with the row numbers that places cite.
///
/// Cells hold text as the analyst sees it: a number as its shortest decimal
/// with a dot (`37.5`, `120`), a percent-formatted number as shown (stored
/// 0.375 → `37.5`), a boolean as `1`/`0`, a date as `YYYY-MM-DD`, a formula
/// as its cached value. Merged cells keep the text in the merge's first cell;
/// the others are empty. Parsing the text (numbers, codes, dialects) is the
/// tabular layer's job (`TableSource`), so that validation is written once.
public struct CellGrid: Sendable, Equatable {
    /// What places cite after the file: the sheet's name (`PATH!NAME`), or
    /// `tableN` for the N-th table (1-based) of a DOCX document (`PATH#tableN`).
    public var name: String
    /// The rows that have at least one non-empty cell, in order.
    public var rows: [Row]

    public struct Row: Sendable, Equatable {
        /// 1-based: the sheet's row number (XLSX `r`), or the row of the DOCX table.
        public var number: Int
        /// Cell texts by 0-based column (column A, or the table's first grid
        /// column, is 0); "" for an empty cell; no trailing empty cells.
        public var cells: [String]

        public init(number: Int, cells: [String]) {
            self.number = number
            self.cells = cells
        }
    }

    public init(name: String, rows: [Row]) {
        self.name = name
        self.rows = rows
    }
}
