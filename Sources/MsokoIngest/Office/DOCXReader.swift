import Foundation

/// Reads the tables of a WordprocessingML document (.docx, ECMA-376 Part 1
/// §17), such as a school's self-assessment report (отчёт о
/// самообследовании), whose indicators are a table: code | name | value.
///
/// Conventions of the grids:
/// - A cell's text is its paragraphs' runs joined: `w:t` as written, `w:tab`,
///   `w:br` and `w:cr` as a space; paragraphs joined by a space; trimmed.
///   Deleted text (`w:delText`), field codes and the fallback copy of drawing
///   content (`mc:Fallback`) are not text the reader sees, so they are left out.
/// - Columns are grid columns: a cell spanning N of them (`w:gridSpan`) has
///   its text in the first and "" in the others, and a row starts after its
///   `w:gridBefore` columns, so values stay under their headers.
/// - A vertically merged continuation cell (`w:vMerge` without
///   `w:val="restart"`) is "", as in a spreadsheet's merge.
/// - Row numbers are the 1-based rows of the table.
/// - A table inside a cell is not part of the outer cell's text: it is a
///   grid of its own, listed after all top-level tables, so that `tableN`
///   counts the tables a reader sees at the top level of the document.
public enum DOCXReader {
    /// Every top-level table of `word/document.xml` in document order, named
    /// `table1`, `table2`, …, then the tables nested in cells, numbered on in
    /// the order they start; [] for a document without tables (the caller
    /// reports that). `file` is the display path used in errors.
    public static func tables(data: Data, file: String, limits: OfficeLimits = .init()) throws -> [CellGrid] {
        var archive = try OfficeArchive(data: data, file: file, kind: .document, limits: limits)
        let path = try archive.mainPart(fallback: "word/document.xml")
        let bytes = try archive.require(path)
        var parser = TableParser(bytes: bytes, file: file, limits: limits)
        let tables: [CellGrid]
        do {
            tables = try parser.parse()
        } catch let error as XMLSyntaxError {
            throw archive.malformed(path, error)
        }
        // The main part of an XLSX or PPTX is another kind of document.
        guard parser.isDocument else { throw archive.missingMainPart("word/document.xml") }
        return tables
    }

    struct TableParser {
        private var tokenizer: XMLTokenizer
        private let file: String
        private let limits: OfficeLimits

        /// Whether the part's root is `w:document`.
        private(set) var isDocument = false
        /// Finished tables with the position of their start tag among all tables.
        private var topLevel: [CellGrid] = []
        private var nested: [(order: Int, rows: [CellGrid.Row])] = []
        /// The tables being read, outermost first: a nested table is read
        /// on its own, so its text does not enter the outer cell.
        private var open: [TableBuilder] = []
        private var tablesStarted = 0
        private var cellCount = 0
        private var fallbackDepth = 0

        init(bytes: [UInt8], file: String, limits: OfficeLimits) {
            tokenizer = XMLTokenizer(bytes: bytes)
            self.file = file
            self.limits = limits
        }

        /// Top-level tables `table1`…`tableN` in document order, then nested
        /// ones `tableN+1`… in the order they start.
        mutating func parse() throws -> [CellGrid] {
            while true {
                let event = try tokenizer.next()
                if event == .endOfDocument { break }
                if tokenizer.nameIs("Fallback") {
                    fallbackDepth += event == .startElement ? 1 : event == .endElement ? -1 : 0
                }
                guard fallbackDepth == 0 else { continue }
                switch event {
                case .startElement:
                    if tokenizer.nameIs("document") {
                        isDocument = true
                    } else if tokenizer.nameIs("tbl") {
                        tablesStarted += 1
                        open.append(TableBuilder(order: tablesStarted))
                    } else if !open.isEmpty {
                        open[open.count - 1].start(tokenizer)
                    }
                case .endElement:
                    if tokenizer.nameIs("tbl"), let table = open.popLast() {
                        if open.isEmpty { topLevel.append(CellGrid(name: "", rows: table.rows)) }
                        else { nested.append((table.order, table.rows)) }
                    } else if !open.isEmpty {
                        let added = try open[open.count - 1].end(tokenizer, maxColumns: limits.maxCells, tooManyCells: tooManyCells)
                        cellCount += added
                        guard cellCount <= limits.maxCells else { throw tooManyCells() }
                    }
                case .text:
                    if !open.isEmpty { open[open.count - 1].text(tokenizer) }
                case .endOfDocument:
                    break
                }
            }
            let grids = topLevel.map(\.rows) + nested.sorted { $0.order < $1.order }.map(\.rows)
            return grids.enumerated().map { CellGrid(name: "table\($0.offset + 1)", rows: $0.element) }
        }

        private func tooManyCells() -> IngestError {
            OfficeArchive.tooManyCells(file: file, limits: limits, subject: "the document's tables have")
        }
    }

    /// The state of one table being read.
    struct TableBuilder {
        let order: Int
        var rows: [CellGrid.Row] = []
        private var rowIndex = 0
        private var cells: [String] = []
        private var column = 0
        // The cell being read.
        private var span = 1
        private var continuation = false
        private var paragraphs: [String] = []
        private var paragraph = ""
        private var runDepth = 0
        private var inText = false

        init(order: Int) {
            self.order = order
        }

        mutating func start(_ tokenizer: XMLTokenizer) {
            if tokenizer.nameIs("tr") {
                rowIndex += 1
                cells = []
                column = 0
            } else if tokenizer.nameIs("gridBefore") {
                column = tokenizer.attribute("val").flatMap { Int($0) } ?? 0
            } else if tokenizer.nameIs("tc") {
                span = 1
                continuation = false
                paragraphs = []
                paragraph = ""
            } else if tokenizer.nameIs("gridSpan") {
                span = max(1, tokenizer.attribute("val").flatMap { Int($0) } ?? 1)
            } else if tokenizer.nameIs("vMerge") {
                continuation = tokenizer.attribute("val") != "restart"
            } else if tokenizer.nameIs("p") {
                paragraph = ""
            } else if tokenizer.nameIs("r") {
                runDepth += 1
            } else if tokenizer.nameIs("t") {
                inText = runDepth > 0
            } else if runDepth > 0, tokenizer.nameIs("tab") || tokenizer.nameIs("br") || tokenizer.nameIs("cr") {
                paragraph += " "
            } else if runDepth > 0, tokenizer.nameIs("noBreakHyphen") {
                paragraph += "-"
            }
        }

        mutating func text(_ tokenizer: XMLTokenizer) {
            if inText { paragraph += tokenizer.text() }
        }

        /// Handles an end tag; returns the number of cells a finished row added.
        mutating func end(_ tokenizer: XMLTokenizer, maxColumns: Int, tooManyCells: () -> IngestError) throws -> Int {
            if tokenizer.nameIs("t") {
                inText = false
            } else if tokenizer.nameIs("r") {
                runDepth = max(0, runDepth - 1)
            } else if tokenizer.nameIs("p") {
                let text = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { paragraphs.append(text) }
                paragraph = ""
            } else if tokenizer.nameIs("tc") {
                // A column past the limit would need a row that large.
                guard column < maxColumns else { throw tooManyCells() }
                if column > cells.count { cells.append(contentsOf: repeatElement("", count: column - cells.count)) }
                cells.append(continuation ? "" : paragraphs.joined(separator: " "))
                column += span
            } else if tokenizer.nameIs("tr") {
                while cells.last == "" { cells.removeLast() }
                guard !cells.isEmpty else { return 0 }
                rows.append(CellGrid.Row(number: rowIndex, cells: cells))
                return cells.count
            }
            return 0
        }
    }
}
