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

    // MARK: - Shared strings

    static func readSharedStrings(_ archive: inout OfficeArchive, workbook: Workbook) throws -> [String] {
        let path = workbook.sharedStringsPath ?? "xl/sharedStrings.xml"
        guard let bytes = try archive.read(path) else { return [] }
        var strings: [String] = []
        var tokenizer = XMLTokenizer(bytes: bytes)
        var text = RichText()
        do {
            while true {
                let event = try tokenizer.next()
                if event == .endOfDocument { break }
                switch event {
                case .startElement:
                    if tokenizer.nameIs("si") { text = RichText() } else { text.start(tokenizer) }
                case .endElement:
                    if tokenizer.nameIs("si") { strings.append(text.value) } else { text.end(tokenizer) }
                case .text:
                    text.append(tokenizer)
                case .endOfDocument:
                    break
                }
            }
        } catch {
            throw archive.malformed(path, error)
        }
        return strings
    }

    /// The text of a shared or inline string (`CT_Rst`): the `t` elements,
    /// directly or in rich-text runs `r`, joined; phonetic guides (`rPh`, the
    /// furigana of East Asian names) are not part of the text.
    struct RichText {
        private var textDepth = 0
        private var phoneticDepth = 0
        private var pieces = ""

        var value: String { Self.unescape(pieces) }

        mutating func start(_ tokenizer: XMLTokenizer) {
            if tokenizer.nameIs("t") { textDepth += 1 } else if tokenizer.nameIs("rPh") { phoneticDepth += 1 }
        }

        mutating func end(_ tokenizer: XMLTokenizer) {
            if tokenizer.nameIs("t") { textDepth -= 1 } else if tokenizer.nameIs("rPh") { phoneticDepth -= 1 }
        }

        mutating func append(_ tokenizer: XMLTokenizer) {
            if textDepth > 0, phoneticDepth == 0 { pieces += tokenizer.text() }
        }

        /// Whether `text` has `_x`: a byte scan, since this runs for every
        /// text cell and Foundation's `contains` is many times slower.
        static func containsEscape(_ text: String) -> Bool {
            var previous: UInt8 = 0
            for byte in text.utf8 {
                if byte == UInt8(ascii: "x"), previous == UInt8(ascii: "_") { return true }
                previous = byte
            }
            return false
        }

        /// Undoes the `_xHHHH_` escape of `ST_Xstring` (ECMA-376 Part 1,
        /// §22.9.2.19), by which Excel stores characters XML cannot hold,
        /// such as `_x000D_` for a carriage return.
        static func unescape(_ text: String) -> String {
            guard containsEscape(text) else { return text }
            var output = ""
            var rest = Substring(text)
            while let range = rest.range(of: "_x") {
                output += rest[..<range.lowerBound]
                let after = rest[range.upperBound...]
                let hex = after.prefix(5)
                if hex.count == 5, hex.last == "_", let value = UInt32(hex.dropLast(), radix: 16),
                   let scalar = Unicode.Scalar(value) {
                    output.unicodeScalars.append(scalar)
                    rest = after.dropFirst(5)
                } else {
                    output += "_x"
                    rest = after
                }
            }
            return output + rest
        }
    }

    // MARK: - Styles

    /// How a cell style shows a number.
    enum NumberFormatKind: Equatable {
        case general
        case percent
        case date
        case dateTime
    }

    /// The number format kind of every cell style (`cellXfs`), by style index.
    static func readStyles(_ archive: inout OfficeArchive, workbook: Workbook) throws -> [NumberFormatKind] {
        let path = workbook.stylesPath ?? "xl/styles.xml"
        guard let bytes = try archive.read(path) else { return [] }
        var codes: [Int: String] = [:]
        var formatIDs: [Int] = []
        var inCellFormats = false
        var tokenizer = XMLTokenizer(bytes: bytes)
        do {
            while true {
                let event = try tokenizer.next()
                if event == .endOfDocument { break }
                if event == .startElement {
                    if tokenizer.nameIs("numFmt"), let id = tokenizer.attribute("numFmtId").flatMap({ Int($0) }) {
                        codes[id] = tokenizer.attribute("formatCode") ?? ""
                    } else if tokenizer.nameIs("cellXfs") {
                        inCellFormats = true
                    } else if inCellFormats, tokenizer.nameIs("xf") {
                        formatIDs.append(tokenizer.attribute("numFmtId").flatMap { Int($0) } ?? 0)
                    }
                } else if event == .endElement, tokenizer.nameIs("cellXfs") {
                    inCellFormats = false
                }
            }
        } catch {
            throw archive.malformed(path, error)
        }
        return formatIDs.map { id in
            if let code = codes[id] { return formatKind(code: code) }
            return builtinFormatKind(id)
        }
    }

    /// The kinds of the built-in formats (ECMA-376 Part 1, §18.8.30) that
    /// this reader honours: 9 `0%`, 10 `0.00%`; 14–17 dates; 18–21 times,
    /// 22 date and time, 45–47 minutes and seconds.
    static func builtinFormatKind(_ id: Int) -> NumberFormatKind {
        switch id {
        case 9, 10: return .percent
        case 14...17: return .date
        case 18...22, 45...47: return .dateTime
        default: return .general
        }
    }

    /// The kind of a custom format code. Quoted text, `\`-escaped characters,
    /// the padding and fill characters after `_` and `*`, and bracketed
    /// colours and locales (`[Red]`, `[$-419]`) are literal, so they do not
    /// count; elapsed-time brackets (`[h]`, `[mm]`, `[ss]`) do.
    static func formatKind(code: String) -> NumberFormatKind {
        var hasDate = false, hasTime = false, hasPercent = false
        var characters = code.lowercased().makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"":
                while let next = characters.next(), next != "\"" {}
            case "\\", "_", "*":
                _ = characters.next()
            case "[":
                var inside = ""
                while let next = characters.next(), next != "]" { inside.append(next) }
                if !inside.isEmpty, inside.allSatisfy({ "hms".contains($0) }) { hasTime = true }
            case "h", "s":
                hasTime = true
            case "d", "m", "y":
                hasDate = true
            case "%":
                hasPercent = true
            default:
                break
            }
        }
        if hasTime { return .dateTime }
        if hasDate { return .date }
        return hasPercent ? .percent : .general
    }

    // MARK: - Values

    /// A number as the grid shows it: integral values below 10¹⁵ without a
    /// fraction (`120`), others in Swift's shortest round-trip form (`37.5`,
    /// `1e-05`, `1e+16`) without a trailing `.0`.
    static func numberText(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A percent-formatted number as shown: value × 100, rounded to 15
    /// significant digits (Excel's display precision) so that binary noise
    /// disappears: 0.07 × 100 = 7.000000000000001 is shown `7`.
    static func percentText(_ value: Double) -> String {
        let shown = value * 100
        guard shown.isFinite else { return numberText(shown) }
        let rounded = Double(String(format: "%.15g", shown)) ?? shown
        return numberText(rounded)
    }

    /// A serial date as `YYYY-MM-DD` (and `THH:MM:SS` when `withTime`), or
    /// `nil` for a serial outside 0 … 2958465 (9999-12-31).
    static func dateText(serial: Double, date1904: Bool, withTime: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds == 86_400 {
            days += 1
            seconds = 0
        }
        let date: String
        if date1904 {
            date = civilDate(daysSince1970: days - 24_107)
        } else if days == 60 {
            // Lotus 1-2-3 treated 1900 as a leap year and Excel kept it for
            // compatibility; the cell shows 29 February 1900.
            date = "1900-02-29"
        } else {
            // Serial 1 is 1900-01-01; past the fictitious 29 February, every
            // serial is one day later than the calendar would say.
            date = civilDate(daysSince1970: days - (days < 60 ? 25_568 : 25_569))
        }
        guard withTime else { return date }
        return date + "T" + twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant,
    /// "chrono-Compatible Low-Level Date Algorithms", `civil_from_days`).
    static func civilDate(daysSince1970: Int) -> String {
        let shifted = daysSince1970 + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    /// An ISO 8601 date cell (`t="d"`, written by some libraries instead of a
    /// serial) in the grid's form: the date, and the time unless midnight.
    static func isoDateText(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 10 else { return trimmed }
        let date = String(trimmed.prefix(10))
        let time = trimmed.dropFirst(11).prefix(8)
        if time.count == 8, time != "00:00:00" { return date + "T" + time }
        return date
    }
}
