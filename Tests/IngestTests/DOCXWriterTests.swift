import Foundation
import Testing
@testable import MsokoIngest

@Suite struct DOCXWriterTests {
    @Test func writtenTableReadsBack() throws {
        let rows = [
            ["Код", "Показатель", "Значение"],
            ["1.18", "Численность учащихся, <победителей> & «призёров»", "45 человек / 37,5 %"],
            ["1.19", "", ""],
            ["1.33", "Только два"],
        ]
        let data = try DOCXWriter.data(title: "Показатели деятельности", rows: rows)
        let tables = try DOCXReader.tables(data: data, file: "s.docx")
        #expect(tables.count == 1)
        #expect(tables[0].name == "table1")
        #expect(tables[0].rows.map(\.cells) == [rows[0], rows[1], ["1.19"], rows[3]])
        #expect(tables[0].rows.map(\.number) == [1, 2, 3, 4])
        // Deterministic: the same table gives the same bytes.
        #expect(try DOCXWriter.data(title: "Показатели деятельности", rows: rows) == data)
    }
}
