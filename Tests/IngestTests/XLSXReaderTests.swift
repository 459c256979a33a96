import Foundation
import Testing
@testable import MsokoIngest

@Suite struct XLSXReaderTests {
    typealias Row = CellGrid.Row

    // MARK: - Files by real tools

    @Test func libreOfficeWorkbookReadsAsShown() throws {
        // Source: Fixtures/office/source/libreoffice.fods, saved as XLSX by LibreOffice 7.4.
        let grid = try XLSXReader.read(data: OfficeFixtures.data("libreoffice.xlsx"), file: "lo.xlsx", sheet: nil)
        #expect(grid.name == "Показатели")
        #expect(grid.rows == [
            // The merged header A1:C1 keeps its text in A1; B1, C1 are empty.
            Row(number: 1, cells: ["Сведения о школе"]),
            // Column C is empty throughout.
            Row(number: 2, cells: ["Код", "Показатель", "", "Значение", "Доля", "Дата", "Флаг", "Формула"]),
            // 0.375 in a `0.0%` cell reads 37.5; TRUE reads 1; the formula its cached 90.
            Row(number: 3, cells: ["1.18", "Численность/удельный вес учащихся", "", "45", "37.5", "2024-09-01", "1", "90"]),
            // Row 4 is empty and absent. 0.07 in a percent cell is 7, not 7.000000000000001.
            // LibreOffice stores 1900-01-15 as serial 16 (its day count starts
            // at 1899-12-30), which Excel, and so this reader, shows as 1900-01-16.
            Row(number: 5, cells: ["1.19", "Средний балл <ОГЭ> & «ЕГЭ»", "", "4.25", "7", "1900-01-16", "0", "5.25"]),
        ])
    }

    @Test func sheetSelectedByNameAndByOneBasedIndex() throws {
        let data = try OfficeFixtures.data("libreoffice.xlsx")
        let byName = try XLSXReader.read(data: data, file: "lo.xlsx", sheet: .name("Второй лист"))
        let byIndex = try XLSXReader.read(data: data, file: "lo.xlsx", sheet: .index(2))
        #expect(byName == byIndex)
        #expect(byName == CellGrid(name: "Второй лист", rows: [Row(number: 1, cells: ["-0.5"])]))
        #expect(try XLSXReader.read(data: data, file: "lo.xlsx", sheet: .index(1)).name == "Показатели")
        // Sheet names are unique ignoring case, as in Excel.
        #expect(try XLSXReader.read(data: data, file: "lo.xlsx", sheet: .name("второй ЛИСТ")).name == "Второй лист")
    }

    @Test func sheetNamesInTabOrder() throws {
        #expect(try XLSXReader.sheetNames(data: OfficeFixtures.data("libreoffice.xlsx"), file: "lo.xlsx")
                == ["Показатели", "Второй лист"])
        #expect(try XLSXReader.sheetNames(data: OfficeFixtures.data("openpyxl.xlsx"), file: "py.xlsx") == ["Школы", "Данные"])
    }

    @Test func openpyxlInlineStringsRichTextDatesErrorsAndUncalculatedFormula() throws {
        // Source: make_python_fixtures.py with openpyxl 3.1.5, which writes every text inline.
        let data = try OfficeFixtures.data("openpyxl.xlsx")
        let schools = try XLSXReader.read(data: data, file: "py.xlsx", sheet: nil)
        #expect(schools.rows == [
            Row(number: 1, cells: ["school_id", "Название", "Район"]),
            Row(number: 2, cells: ["S1", "Средняя школа № 1", "Центральный"]),
            Row(number: 3, cells: ["S2", "  Гимназия  ", "Центральный"]),
            // `_x000D_` is Excel's escape of a carriage return (ST_Xstring).
            Row(number: 4, cells: ["S3", "Лицей \r «Перспектива»", "Северный"]),
        ])
        let values = try XLSXReader.read(data: data, file: "py.xlsx", sheet: .name("Данные"))
        #expect(values.rows == [
            Row(number: 1, cells: ["Доля отличников, %", "Дата", "Сумма", "Ошибка"]),
            // `dd.mm.yyyy hh:mm:ss` shows a time; the formula has no cached value.
            Row(number: 3, cells: ["37.5", "2025-05-31T14:30:15", "", "#DIV/0!"]),
            // `[$-419]DD MMMM YYYY "г."` is a date format (the locale and the quoted text do not count).
            Row(number: 4, cells: ["120", "2024-02-29", "1e-05", "1"]),
            Row(number: 6, cells: ["Объединённая ячейка"]),
        ])
    }

    @Test func date1904SystemCountsFromFirstJanuary1904() throws {
        let grid = try XLSXReader.read(data: OfficeFixtures.data("openpyxl-1904.xlsx"), file: "mac.xlsx", sheet: nil)
        #expect(grid.rows == [Row(number: 1, cells: ["2024-09-01"]), Row(number: 2, cells: ["1904-01-01"])])
    }

    @Test func handWrittenPartsSharedStringsPositionsAndFormats() throws {
        // Built part by part in make_python_fixtures.py: a workbook part
        // `xl/book.xml` with prefixed names, a sheet at an absolute target.
        let data = try OfficeFixtures.data("handmade.xlsx")
        #expect(try XLSXReader.sheetNames(data: data, file: "h.xlsx") == ["Пусто", "Данные & итоги"])
        let grid = try XLSXReader.read(data: data, file: "h.xlsx", sheet: .name("Данные & итоги"))
        #expect(grid.rows == [
            // Rich-text runs joined, the phonetic guide left out, spaces kept.
            Row(number: 1, cells: ["Код", "Доля учащихся", "  с пробелами  "]),
            // Rows and cells without `r` follow the previous ones; `t="str"` and `t="d"`.
            Row(number: 2, cells: ["строка\rдва & AB", "Код!", "2024-09-01", "2024-09-01T08:30:00"]),
            // Serial 60 is Excel's fictitious 1900-02-29; built-in 9 is a
            // percent, 22 a date and time; `"d"0.0` is not a date (quoted);
            // `[h]:mm` shows a time.
            Row(number: 7, cells: ["", "", "1900-02-29", "1900-02-28", "1900-03-01", "50",
                                   "2024-09-01T18:00:00", "2.5", "1900-01-01T12:00:00"]),
            // A value in CDATA after a comment; an inline string with entities;
            // a shared-string index out of range is empty.
            Row(number: 8, cells: ["12", "0", "a <b> \"c\" 'd'"]),
        ])
    }

    // MARK: - Values

    @Test func numberTextIsIntegralOrShortestRoundTrip() {
        #expect(XLSXReader.numberText(120) == "120")
        #expect(XLSXReader.numberText(-0.0) == "0")
        #expect(XLSXReader.numberText(37.5) == "37.5")
        #expect(XLSXReader.numberText(1e-05) == "1e-05")
        #expect(XLSXReader.numberText(123_456_789_012_345) == "123456789012345")
        #expect(XLSXReader.numberText(1e15) == "1000000000000000")
        #expect(XLSXReader.numberText(1e16) == "1e+16")
        #expect(XLSXReader.numberText(0.1 + 0.2) == "0.30000000000000004")
    }

    @Test func percentTextRemovesBinaryNoise() {
        #expect(XLSXReader.percentText(0.07) == "7")
        #expect(XLSXReader.percentText(0.375) == "37.5")
        #expect(XLSXReader.percentText(0.0001) == "0.01")
        #expect(XLSXReader.percentText(1.15) == "115")
        #expect(XLSXReader.percentText(-0.125) == "-12.5")
    }

    @Test func serialDatesIn1900And1904Systems() {
        // Reference values: Excel 365 shows these serials so with a date format.
        #expect(XLSXReader.dateText(serial: 1, date1904: false, withTime: false) == "1900-01-01")
        #expect(XLSXReader.dateText(serial: 59, date1904: false, withTime: false) == "1900-02-28")
        #expect(XLSXReader.dateText(serial: 60, date1904: false, withTime: false) == "1900-02-29")
        #expect(XLSXReader.dateText(serial: 61, date1904: false, withTime: false) == "1900-03-01")
        #expect(XLSXReader.dateText(serial: 45536, date1904: false, withTime: false) == "2024-09-01")
        #expect(XLSXReader.dateText(serial: 2_958_465, date1904: false, withTime: false) == "9999-12-31")
        #expect(XLSXReader.dateText(serial: 2_958_466, date1904: false, withTime: false) == nil)
        #expect(XLSXReader.dateText(serial: -1, date1904: false, withTime: false) == nil)
        #expect(XLSXReader.dateText(serial: 44074, date1904: true, withTime: false) == "2024-09-01")
        // A time that rounds up to midnight moves to the next day.
        #expect(XLSXReader.dateText(serial: 45536.999_999_9, date1904: false, withTime: true) == "2024-09-02T00:00:00")
        #expect(XLSXReader.dateText(serial: 45536.5, date1904: false, withTime: true) == "2024-09-01T12:00:00")
    }

    @Test func formatCodesClassifiedOutsideQuotesAndBrackets() {
        #expect(XLSXReader.formatKind(code: "General") == .general)
        #expect(XLSXReader.formatKind(code: "0.0%") == .percent)
        #expect(XLSXReader.formatKind(code: #"0.0"%""#) == .general)
        #expect(XLSXReader.formatKind(code: #"0.0\%"#) == .general)
        #expect(XLSXReader.formatKind(code: "dd.mm.yyyy") == .date)
        #expect(XLSXReader.formatKind(code: #"dd\.mm\.yyyy"#) == .date)
        #expect(XLSXReader.formatKind(code: "[$-F800]dddd, mmmm dd, yyyy") == .date)
        #expect(XLSXReader.formatKind(code: "yyyy-mm-dd h:mm") == .dateTime)
        #expect(XLSXReader.formatKind(code: "[h]:mm") == .dateTime)
        #expect(XLSXReader.formatKind(code: #"[Red]#,##0 "дней""#) == .general)
        #expect(XLSXReader.formatKind(code: "_-* #,##0.00_-;-* #,##0.00_-") == .general)
        #expect(XLSXReader.builtinFormatKind(9) == .percent)
        #expect(XLSXReader.builtinFormatKind(14) == .date)
        #expect(XLSXReader.builtinFormatKind(22) == .dateTime)
        #expect(XLSXReader.builtinFormatKind(47) == .dateTime)
        #expect(XLSXReader.builtinFormatKind(2) == .general)
    }

    // MARK: - Errors

    @Test func notAZipIsAClearError() throws {
        let expected = IngestError(file: "a.xlsx", "cannot read the workbook: the file is not a valid XLSX (zip) archive "
                                   + "(open it in Excel or LibreOffice Calc and save it again as .xlsx)")
        #expect(throws: expected) { try XLSXReader.read(data: OfficeFixtures.data("not-a-zip.xlsx"), file: "a.xlsx", sheet: nil) }
        #expect(throws: expected) { try XLSXReader.read(data: OfficeFixtures.data("truncated.xlsx"), file: "a.xlsx", sheet: nil) }
        #expect(throws: expected) { try XLSXReader.read(data: Data(), file: "a.xlsx", sheet: nil) }
        #expect(throws: expected) { try XLSXReader.sheetNames(data: OfficeFixtures.data("not-a-zip.xlsx"), file: "a.xlsx") }
    }

    @Test func legacyOrEncryptedFileIsNamedAsSuch() {
        // The OLE compound file signature (MS-CFB 2.2) of .xls files and of
        // password-protected .xlsx files.
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
        #expect(throws: IngestError(file: "old.xlsx", "cannot read the workbook: it is an old-format (.xls) file or a "
                                    + "password-protected one; open it in Excel or LibreOffice Calc, remove any password and save it as .xlsx")) {
            try XLSXReader.read(data: ole, file: "old.xlsx", sheet: nil)
        }
        // A real .xls, saved by LibreOffice 7.4 (make-fixtures.sh).
        #expect(throws: IngestError(file: "old.xlsx", "cannot read the workbook: it is an old-format (.xls) file or a "
                                    + "password-protected one; open it in Excel or LibreOffice Calc, remove any password and save it as .xlsx")) {
            try XLSXReader.read(data: OfficeFixtures.data("legacy.xls"), file: "old.xlsx", sheet: nil)
        }
        #expect(throws: IngestError(file: "old.docx", "cannot read the document: it is an old-format (.doc) file or a "
                                    + "password-protected one; open it in Word or LibreOffice Writer, remove any password and save it as .docx")) {
            try DOCXReader.tables(data: ole, file: "old.docx")
        }
    }

    @Test func damagedEntryIsAClearError() throws {
        #expect(throws: IngestError(file: "a.xlsx", "cannot read the workbook: its part xl/worksheets/sheet1.xml is damaged "
                                    + "(the zip archive is corrupt; open the file in Excel or LibreOffice Calc and save it again)")) {
            try XLSXReader.read(data: OfficeFixtures.data("corrupt-entry.xlsx"), file: "a.xlsx", sheet: nil)
        }
    }

    @Test func missingSheetNamesTheSheetsPresent() throws {
        let data = try OfficeFixtures.data("libreoffice.xlsx")
        #expect(throws: IngestError(file: "a.xlsx", "the workbook has no sheet `Итоги` (its sheets: `Показатели`, `Второй лист`)")) {
            try XLSXReader.read(data: data, file: "a.xlsx", sheet: .name("Итоги"))
        }
        for index in [0, 3] {
            #expect(throws: IngestError(file: "a.xlsx", "the workbook has no sheet number \(index): it has 2 sheets "
                                        + "(`Показатели`, `Второй лист`); numbers start at 1")) {
                try XLSXReader.read(data: data, file: "a.xlsx", sheet: .index(index))
            }
        }
    }

    @Test func emptySheetIsAnErrorAtTheSheet() throws {
        #expect(throws: IngestError(file: "h.xlsx!Пусто", "the sheet is empty")) {
            try XLSXReader.read(data: OfficeFixtures.data("handmade.xlsx"), file: "h.xlsx", sheet: nil)
        }
    }

    @Test func zipWithoutWorkbookPartIsAnError() throws {
        // A DOCX is a zip too, but not a workbook.
        #expect(throws: IngestError(file: "a.xlsx", "cannot read the workbook: it has no workbook part (xl/workbook.xml), "
                                    + "so it is not an XLSX file; open it in Excel or LibreOffice Calc and save it as .xlsx")) {
            try XLSXReader.read(data: OfficeFixtures.data("python-docx.docx"), file: "a.xlsx", sheet: nil)
        }
    }

    @Test func malformedSheetXMLIsAnError() throws {
        let broken = try workbook(sheetXML: "<worksheet><sheetData><row r=\"1\"")
        #expect(throws: IngestError(file: "b.xlsx", "cannot read the workbook: its part xl/worksheets/sheet1.xml is not "
                                    + "well-formed XML (the document ends inside a tag at byte 32); "
                                    + "open the file in Excel or LibreOffice Calc and save it again")) {
            try XLSXReader.read(data: broken, file: "b.xlsx", sheet: nil)
        }
    }

    @Test func missingSheetPartAndEmptySheetListAreErrors() throws {
        let parts = try XLSXWriter.parts(sheets: [XLSXSheet(name: "A", rows: [[.number(1)]])])
        let withoutSheet = try XLSXWriter.zip(parts.filter { $0.path != "xl/worksheets/sheet1.xml" })
        #expect(throws: IngestError(file: "m.xlsx", "cannot read the workbook: the sheet `A` should be in "
                                    + "xl/worksheets/sheet1.xml, which is missing (open the file in Excel or LibreOffice Calc and save it again)")) {
            try XLSXReader.read(data: withoutSheet, file: "m.xlsx", sheet: nil)
        }
        let noSheets = try XLSXWriter.zip(parts.map { part in
            part.path == "xl/workbook.xml" ? (part.path, #"<workbook xmlns="urn:x"><sheets/></workbook>"#) : part
        })
        #expect(throws: IngestError(file: "m.xlsx", "the workbook has no sheets")) {
            try XLSXReader.read(data: noSheets, file: "m.xlsx", sheet: nil)
        }
        #expect(try XLSXReader.sheetNames(data: noSheets, file: "m.xlsx") == [])
    }

    /// A one-sheet workbook (sheet `A`) whose sheet part is `sheetXML`.
    func workbook(sheetXML: String) throws -> Data {
        let parts = try XLSXWriter.parts(sheets: [XLSXSheet(name: "A", rows: [])]).map { part in
            part.path == "xl/worksheets/sheet1.xml" ? (part.path, sheetXML) : part
        }
        return try XLSXWriter.zip(parts)
    }

    // MARK: - Limits

    @Test func uncompressedSizeCapFromDeclaredSizes() throws {
        let data = try OfficeFixtures.data("libreoffice.xlsx")
        #expect(throws: IngestError(file: "a.xlsx", "the workbook unpacks to more than 1000 bytes, the limit for one file "
                                    + "(a damaged file or a zip bomb?); split it into smaller files")) {
            try XLSXReader.read(data: data, file: "a.xlsx", sheet: nil, limits: OfficeLimits(maxUncompressedBytes: 1000))
        }
    }

    @Test func uncompressedSizeCapCountsBytesWhenTheZipLies() throws {
        // 8 MiB of one repeated text compresses to a few kilobytes; the zip
        // then claims the sheet is 100 bytes.
        let big = String(repeating: "бомба ", count: 800_000)
        let workbook = try XLSXWriter.data(sheets: [XLSXSheet(name: "A", rows: [[.text(big)]])])
        #expect(workbook.count < 100_000)
        let forged = OfficeFixtures.forgeUncompressedSize(workbook, path: "xl/worksheets/sheet1.xml", size: 100)
        #expect(throws: IngestError(file: "bomb.xlsx", "the workbook unpacks to more than 1 MB, the limit for one file "
                                    + "(a damaged file or a zip bomb?); split it into smaller files")) {
            try XLSXReader.read(data: forged, file: "bomb.xlsx", sheet: nil, limits: OfficeLimits(maxUncompressedBytes: 1_048_576))
        }
        // Within the default limit the same file reads.
        #expect(try XLSXReader.read(data: workbook, file: "bomb.xlsx", sheet: nil).rows[0].cells == [big])
    }

    @Test func cellCountCap() throws {
        let data = try OfficeFixtures.data("libreoffice.xlsx")
        #expect(throws: IngestError(file: "a.xlsx!Показатели", "the sheet has more than 10 cells, the limit (`maxCells`); "
                                    + "split it into smaller files")) {
            try XLSXReader.read(data: data, file: "a.xlsx", sheet: nil, limits: OfficeLimits(maxCells: 10))
        }
        // A single cell far to the right would need a row of a million cells.
        let far = try workbook(sheetXML: #"<worksheet><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>"#)
        #expect(throws: IngestError(file: "f.xlsx!A", "the sheet has more than 1000 cells, the limit (`maxCells`); "
                                    + "split it into smaller files")) {
            try XLSXReader.read(data: far, file: "f.xlsx", sheet: nil, limits: OfficeLimits(maxCells: 1000))
        }
        #expect(try XLSXReader.read(data: far, file: "f.xlsx", sheet: nil).rows[0].cells.count == 16384)
    }
}
