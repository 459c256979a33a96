import Foundation

/// Which sheet of a workbook to read: by its name as the tab shows it
/// (exactly, else ignoring case: Excel keeps names unique ignoring case), or
/// by its 1-based position among the workbook's sheets, hidden ones
/// included, in the order of the tabs.
public enum SheetSelector: Sendable, Equatable {
    case name(String)
    case index(Int)
}

/// Reads one sheet of an Office Open XML workbook (.xlsx, ECMA-376 Part 1
/// §18) into a `CellGrid` of the texts the analyst sees (conventions in
/// `CellGrid`).
///
/// The sheet is found through the workbook's sheet list and relationships,
/// never by guessing `sheet1.xml`. Cell values follow the cell's type
/// (`t`) and, for numbers, its style's number format: percent formats
/// (built-in 9, 10, or a code with `%`) show the value × 100; date formats
/// (built-in 14–22, 45–47, or a code with d, m, y, h or s outside quotes and
/// brackets) show `YYYY-MM-DD`, with `THH:MM:SS` when the format shows a time.
/// Serial dates follow the workbook's date system: 1900 (serial 1 =
/// 1900-01-01, serial 60 = Excel's fictitious 1900-02-29, kept as written;
/// serial 0, Excel's "1900-01-00" under a time-only format, reads 1899-12-31)
/// or 1904 (serial 0 = 1904-01-01). Whether a time is shown depends on the
/// format, as in Excel: a date-only format drops the fraction of the day.
/// A formula cell shows its cached value, or nothing when the file has none
/// (files written by scripts that never ran a calculation). Booleans read
/// `1`/`0`, error cells their text (`#DIV/0!`). Cells and rows without a
/// reference (`r`) follow the previous one.
public enum XLSXReader {
    /// The names of the workbook's sheets, in the order of the tabs.
    public static func sheetNames(data: Data, file: String) throws -> [String] {
        var archive = try OfficeArchive(data: data, file: file, kind: .workbook, limits: OfficeLimits())
        return try Workbook(archive: &archive).sheets.map(\.name)
    }

    /// Reads one sheet. `sheet` nil = the first sheet. `file` is the display
    /// path used in errors; errors about the sheet's content name
    /// `file!sheet`.
    public static func read(data: Data, file: String, sheet: SheetSelector?, limits: OfficeLimits = .init()) throws -> CellGrid {
        var archive = try OfficeArchive(data: data, file: file, kind: .workbook, limits: limits)
        let workbook = try Workbook(archive: &archive)
        let chosen = try workbook.sheet(sheet, file: file)
        guard let sheetBytes = try archive.read(chosen.path) else {
            throw IngestError(file: file, "cannot read the workbook: the sheet `\(chosen.name)` should be in "
                              + "\(chosen.path), which is missing (open the file in Excel or LibreOffice Calc and save it again)")
        }
        let sharedStrings = try readSharedStrings(&archive, workbook: workbook)
        let styles = try readStyles(&archive, workbook: workbook)
        let place = "\(file)!\(chosen.name)"
        var parser = SheetParser(bytes: sheetBytes, sharedStrings: sharedStrings, styles: styles,
                                 date1904: workbook.date1904, place: place, limits: limits)
        let rows: [CellGrid.Row]
        do {
            rows = try parser.parse()
        } catch let error as XMLSyntaxError {
            throw archive.malformed(chosen.path, error)
        }
        guard !rows.isEmpty else { throw IngestError(file: place, "the sheet is empty") }
        return CellGrid(name: chosen.name, rows: rows)
    }

    // MARK: - Workbook

    struct Workbook {
        struct Sheet {
            let name: String
            let path: String
        }

        let path: String
        let sheets: [Sheet]
        let date1904: Bool
        /// Paths of the shared strings and styles parts, when the workbook has them.
        let sharedStringsPath: String?
        let stylesPath: String?

        init(archive: inout OfficeArchive) throws {
            path = try archive.mainPart(fallback: "xl/workbook.xml")
            let bytes = try archive.require(path)
            var names: [(name: String, relationship: String)] = []
            var date1904 = false
            var tokenizer = XMLTokenizer(bytes: bytes)
            var isWorkbook = false
            do {
                while true {
                    let event = try tokenizer.next()
                    if event == .endOfDocument { break }
                    guard event == .startElement else { continue }
                    if tokenizer.nameIs("workbook") {
                        isWorkbook = true
                    } else if tokenizer.nameIs("workbookPr") {
                        let value = tokenizer.attribute("date1904")
                        date1904 = value == "1" || value == "true"
                    } else if tokenizer.nameIs("sheet"), let name = tokenizer.attribute("name"),
                              let relationship = tokenizer.attribute("id") {
                        names.append((name, relationship))
                    }
                }
            } catch {
                throw archive.malformed(path, error)
            }
            // The main part of a DOCX or PPTX is another kind of document.
            guard isWorkbook else { throw archive.missingMainPart("xl/workbook.xml") }
            let relationshipsPath = OfficeArchive.relationshipsPath(of: path)
            let relationships = try archive.read(relationshipsPath).map {
                try archive.relationships($0, path: relationshipsPath)
            } ?? []
            var targets: [String: String] = [:]
            for relationship in relationships {
                targets[relationship.id] = OfficeArchive.resolve(target: relationship.target, from: path)
            }
            let file = archive.file
            sheets = try names.map { entry in
                guard let target = targets[entry.relationship] else {
                    throw IngestError(file: file, "cannot read the workbook: the sheet `\(entry.name)` has no part "
                                      + "in \(relationshipsPath) (open the file in Excel or LibreOffice Calc and save it again)")
                }
                return Sheet(name: entry.name, path: target)
            }
            self.date1904 = date1904
            let path = path
            func target(_ suffix: String) -> String? {
                relationships.first { $0.type.hasSuffix(suffix) }.map { OfficeArchive.resolve(target: $0.target, from: path) }
            }
            sharedStringsPath = target("/sharedStrings")
            stylesPath = target("/styles")
        }

        func sheet(_ selector: SheetSelector?, file: String) throws -> Sheet {
            let list = sheets.map { "`\($0.name)`" }.joined(separator: ", ")
            guard !sheets.isEmpty else { throw IngestError(file: file, "the workbook has no sheets") }
            switch selector {
            case nil:
                return sheets[0]
            case .name(let name):
                // Excel keeps sheet names unique ignoring case, so a name
                // typed in another case still names one sheet.
                guard let found = sheets.first(where: { $0.name == name })
                        ?? sheets.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                    throw IngestError(file: file, "the workbook has no sheet `\(name)` (its sheets: \(list))")
                }
                return found
            case .index(let index):
                guard index >= 1, index <= sheets.count else {
                    throw IngestError(file: file, "the workbook has no sheet number \(index): it has "
                                      + "\(sheets.count) sheet\(sheets.count == 1 ? "" : "s") (\(list)); numbers start at 1")
                }
                return sheets[index - 1]
            }
        }
    }
}
