import Foundation
import Testing
@testable import MsokoIngest

@Suite struct DOCXReaderTests {
    typealias Row = CellGrid.Row

    @Test func pythonDocxTablesWithSpansRunsMergesAndNesting() throws {
        // Source: make_python_fixtures.py with python-docx 1.2.0.
        let tables = try DOCXReader.tables(data: OfficeFixtures.data("python-docx.docx"), file: "r.docx")
        #expect(tables.map(\.name) == ["table1", "table2", "table3"])
        #expect(tables[0].rows == [
            // A heading merged over three grid columns (gridSpan 3).
            Row(number: 1, cells: ["Показатели деятельности"]),
            Row(number: 2, cells: ["N п/п", "Показатели", "Единица измерения"]),
            // Three runs, the middle one bold, joined.
            Row(number: 3, cells: ["1.18", "Численность/удельный вес численности учащихся", "45 человек / 37,5 %"]),
            // A tab and a line break read as spaces.
            Row(number: 4, cells: ["1.19", "Средний балл ГИА", "4,25"]),
            // The vertical merge's continuation is empty; two paragraphs
            // joined by a space; the table nested in the last cell is not its text.
            Row(number: 5, cells: ["", "Второй год второй абзац"]),
        ])
        #expect(tables[1] == CellGrid(name: "table2", rows: [Row(number: 1, cells: ["Всего", "120"])]))
        // The table nested in the last cell of table1 comes after the top-level ones.
        #expect(tables[2] == CellGrid(name: "table3", rows: [Row(number: 1, cells: ["вложенная", "таблица"])]))
    }

    @Test func libreOfficeTablesFromHTML() throws {
        // Source: Fixtures/office/source/libreoffice-table.html, saved as DOCX by LibreOffice 7.4 Writer.
        let tables = try DOCXReader.tables(data: OfficeFixtures.data("libreoffice.docx"), file: "lo.docx")
        #expect(tables == [
            CellGrid(name: "table1", rows: [
                Row(number: 1, cells: ["Показатели деятельности"]),
                Row(number: 2, cells: ["N п/п", "Показатели", "Единица измерения"]),
                Row(number: 3, cells: ["1.18", "Численность/удельный вес численности учащихся", "45 человек / 37,5 %"]),
                Row(number: 4, cells: ["1.19", "Средний балл", "4,25"]),
                Row(number: 5, cells: ["", "Второй год", "4,5"]),
            ]),
            CellGrid(name: "table2", rows: [Row(number: 1, cells: ["Всего", "120"])]),
        ])
    }

    @Test func documentWithoutTablesGivesNoGrids() throws {
        #expect(try DOCXReader.tables(data: OfficeFixtures.data("no-tables.docx"), file: "n.docx") == [])
    }

    @Test func notAZipIsAClearError() throws {
        let expected = IngestError(file: "r.docx", "cannot read the document: the file is not a valid DOCX (zip) archive "
                                   + "(open it in Word or LibreOffice Writer and save it again as .docx)")
        #expect(throws: expected) { try DOCXReader.tables(data: OfficeFixtures.data("not-a-zip.xlsx"), file: "r.docx") }
        #expect(throws: expected) { try DOCXReader.tables(data: OfficeFixtures.data("truncated.xlsx"), file: "r.docx") }
    }

    @Test func workbookIsNotADocument() throws {
        #expect(throws: IngestError(file: "r.docx", "cannot read the document: it has no document part (word/document.xml), "
                                    + "so it is not a DOCX file; open it in Word or LibreOffice Writer and save it as .docx")) {
            try DOCXReader.tables(data: OfficeFixtures.data("libreoffice.xlsx"), file: "r.docx")
        }
    }

    @Test func capsOnBytesAndCells() throws {
        let data = try OfficeFixtures.data("python-docx.docx")
        #expect(throws: IngestError(file: "r.docx", "the document unpacks to more than 2000 bytes, the limit for one file "
                                    + "(a damaged file or a zip bomb?); split it into smaller files")) {
            try DOCXReader.tables(data: data, file: "r.docx", limits: OfficeLimits(maxUncompressedBytes: 2000))
        }
        #expect(throws: IngestError(file: "r.docx", "the document's tables have more than 5 cells, the limit (`maxCells`); "
                                    + "split it into smaller files")) {
            try DOCXReader.tables(data: data, file: "r.docx", limits: OfficeLimits(maxCells: 5))
        }
    }

    /// A document part holding `body` (WordprocessingML without the `w:` declarations).
    func document(_ body: String) throws -> Data {
        try XLSXWriter.zip([("word/document.xml", #"<w:document xmlns:w="urn:w"><w:body>"# + body + "</w:body></w:document>")])
    }

    func table(_ rows: String) -> String { "<w:tbl>" + rows + "</w:tbl>" }
    func cell(_ text: String) -> String { "<w:tc><w:p><w:r><w:t>\(text)</w:t></w:r></w:p></w:tc>" }

    @Test func nestedTablesListedAfterTopLevelInStartOrder() throws {
        let inner = table("<w:tr>" + cell("c") + "<w:tc>" + table("<w:tr>" + cell("d") + "</w:tr>") + "<w:p/></w:tc></w:tr>")
        let data = try document(table("<w:tr>" + cell("a") + "<w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p>" + inner + "<w:p/></w:tc></w:tr>")
                                + table("<w:tr>" + cell("e") + "</w:tr>"))
        #expect(try DOCXReader.tables(data: data, file: "n.docx") == [
            CellGrid(name: "table1", rows: [Row(number: 1, cells: ["a", "b"])]),
            CellGrid(name: "table2", rows: [Row(number: 1, cells: ["e"])]),
            CellGrid(name: "table3", rows: [Row(number: 1, cells: ["c"])]),
            CellGrid(name: "table4", rows: [Row(number: 1, cells: ["d"])]),
        ])
    }

    @Test func columnBeyondTheCellLimitIsAnError() throws {
        let data = try document(table(#"<w:tr><w:trPr><w:gridBefore w:val="5000"/></w:trPr>"# + cell("x") + "</w:tr>"))
        #expect(throws: IngestError(file: "g.docx", "the document's tables have more than 1000 cells, the limit (`maxCells`); "
                                    + "split it into smaller files")) {
            try DOCXReader.tables(data: data, file: "g.docx", limits: OfficeLimits(maxCells: 1000))
        }
    }

    @Test func gridBeforeShiftsTheRowAndSpanPadsColumns() throws {
        let body = """
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>
        <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve"> b </w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:p/></w:tc></w:tr>
        <w:tr><w:tc><w:p><w:r><w:t>x &amp; y</w:t></w:r></w:p></w:tc></w:tr>
        </w:tbl></w:body></w:document>
        """
        let data = try XLSXWriter.zip([("word/document.xml", body)])
        #expect(try DOCXReader.tables(data: data, file: "d.docx") == [CellGrid(name: "table1", rows: [
            // Column 0 is before the row; "a" spans 1–2; tab stops are not text; deleted text is not text.
            Row(number: 1, cells: ["", "a", "", "b"]),
            // The empty row 2 is absent.
            Row(number: 3, cells: ["x & y"]),
        ])])
    }
}
