import Foundation
import Testing
@testable import MsokoIngest

@Suite struct XLSXWriterTests {
    typealias Row = CellGrid.Row

    static let sheets = [
        XLSXSheet(name: "Итоги <&>", rows: [
            [.text("Школа"), .text("Доля"), .text("Баллы")],
            [.text("МБОУ «СОШ № 1» & <филиал> \"А\" 'Б'"), .percent(0.375), .number(120)],
            [.text("  пробелы  "), .percent(0.07), .number(-4.25)],
            [.empty, .empty, .number(1e-05)],
            [],
            [.text("строка\r\nдва\tтаб"), .text("управляющий\u{01}\u{0B}символ\u{FFFE}"), .text("буквально _x000D_")],
        ], columnWidths: [30, 12.5], boldHeader: true, frozenHeader: true),
        XLSXSheet(name: "Второй", rows: [[.number(0.1 + 0.2), .percent(1)]]),
    ]

    @Test func writerOutputReadsBackAsWritten() throws {
        let data = try XLSXWriter.data(sheets: Self.sheets)
        #expect(try XLSXReader.sheetNames(data: data, file: "w.xlsx") == ["Итоги <&>", "Второй"])
        let first = try XLSXReader.read(data: data, file: "w.xlsx", sheet: nil)
        #expect(first.rows == [
            Row(number: 1, cells: ["Школа", "Доля", "Баллы"]),
            Row(number: 2, cells: ["МБОУ «СОШ № 1» & <филиал> \"А\" 'Б'", "37.5", "120"]),
            Row(number: 3, cells: ["  пробелы  ", "7", "-4.25"]),
            Row(number: 4, cells: ["", "", "1e-05"]),
            // Row 5 is empty. Control characters illegal in XML are dropped;
            // a literal `_x000D_` survives the ST_Xstring escape.
            Row(number: 6, cells: ["строка\r\nдва\tтаб", "управляющийсимвол", "буквально _x000D_"]),
        ])
        let second = try XLSXReader.read(data: data, file: "w.xlsx", sheet: .index(2))
        #expect(second.rows == [Row(number: 1, cells: ["0.30000000000000004", "100"])])
    }

    @Test func sameInputGivesIdenticalBytesDatedFirstJanuary1980() throws {
        let first = try XLSXWriter.data(sheets: Self.sheets)
        let second = try XLSXWriter.data(sheets: Self.sheets)
        #expect(first == second)
        // The first local file header: signature, then the DOS time (offset
        // 10) 00:00:00 and date (offset 12) 1980-01-01 = day 1 + month 1 × 32.
        let bytes = [UInt8](first)
        #expect(Array(bytes[0..<4]) == [0x50, 0x4B, 0x03, 0x04])
        #expect(Array(bytes[10..<14]) == [0x00, 0x00, 0x21, 0x00])
    }

    @Test func headerStyleFreezeAndWidthsAreWritten() throws {
        let parts = try XLSXWriter.parts(sheets: Self.sheets)
        #expect(parts.map(\.path) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                      "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        let sheet = parts[5].text
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<col min="1" max="1" width="30" customWidth="1"/><col min="2" max="2" width="12.5" customWidth="1"/>"#))
        // Header cells bold (style 1), percents style 2 (built-in format 10).
        #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr">"#))
        #expect(sheet.contains(#"<c r="B2" s="2"><v>0.375</v></c>"#))
        #expect(!parts[6].text.contains("pane"))
    }

    @Test func sheetNamesFollowExcelRules() {
        func error(_ name: String) -> String? {
            do {
                _ = try XLSXWriter.data(sheets: [XLSXSheet(name: name, rows: [])])
                return nil
            } catch {
                return (error as? XLSXWriterError)?.message
            }
        }
        #expect(error(String(repeating: "я", count: 31)) == nil)
        #expect(error(String(repeating: "я", count: 32)) == "the sheet name `\(String(repeating: "я", count: 32))` must have 1 to 31 characters (it has 32)")
        #expect(error("") == "the sheet name `` must have 1 to 31 characters (it has 0)")
        for bad in ["[", "]", ":", "*", "?", "/", "\\"] {
            #expect(error("a\(bad)b") == "the sheet name `a\(bad)b` contains `\(bad)`; a sheet name cannot contain [ ] : * ? / \\")
        }
        #expect(error("'a") == "the sheet name `'a` cannot start or end with an apostrophe")
        #expect(throws: XLSXWriterError(message: "two sheets are named `лист` (names must differ, ignoring case)")) {
            try XLSXWriter.data(sheets: [XLSXSheet(name: "Лист", rows: []), XLSXSheet(name: "лист", rows: [])])
        }
        #expect(throws: XLSXWriterError(message: "a workbook needs at least one sheet")) {
            try XLSXWriter.data(sheets: [])
        }
    }

    @Test func nonFiniteNumberIsAnError() {
        #expect(throws: XLSXWriterError(message: "sheet `A`, cell B1: nan is not a finite number")) {
            try XLSXWriter.data(sheets: [XLSXSheet(name: "A", rows: [[.empty, .number(.nan)]])])
        }
    }

    @Test func columnNamesAreBijectiveBase26() {
        #expect(XLSXWriter.columnName(0) == "A")
        #expect(XLSXWriter.columnName(25) == "Z")
        #expect(XLSXWriter.columnName(26) == "AA")
        #expect(XLSXWriter.columnName(701) == "ZZ")
        #expect(XLSXWriter.columnName(702) == "AAA")
        #expect(XLSXWriter.columnName(16383) == "XFD")
    }
}
