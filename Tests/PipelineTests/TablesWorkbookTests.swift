import Foundation
import Testing
@testable import MsokoIngest
@testable import MsokoModel
@testable import MsokoPipeline

@Suite("tables.xlsx and the bilingual title (issue 12)")
struct TablesWorkbookTests {
    @Test("a table cell is a number only when XLSXReader reads it back as the same text")
    func cellTypes() {
        #expect(XLSXCellValue(tableCell: "12") == .number(12))
        #expect(XLSXCellValue(tableCell: "-0.25") == .number(-0.25))
        #expect(XLSXCellValue(tableCell: "73.123456") == .number(73.123456))
        #expect(XLSXCellValue(tableCell: "") == .empty)
        for text in ["007", "S01", "2023/24", "1e5", "1.50", "-", ".5", "NaN", "12345678901234567890"] {
            #expect(XLSXCellValue(tableCell: text) == .text(text), "\(text)")
        }
    }

    @Test("tables.xlsx has a contents sheet and one sheet per CSV; each reads back through XLSXReader equal to its CSV below the Russian header")
    func everySheetEqualsItsCSV() throws {
        let scratch = try ScratchFolder()
        let out = try sampleOutput(scratch)
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/tables.xlsx"))
        let names = try XLSXReader.sheetNames(data: data, file: "tables.xlsx")
        #expect(names.first == "Содержание")
        #expect(names.contains("Дефициты") && names.contains("Потребность в поддержке"), "Russian sheet names: \(names)")
        let contents = try XLSXReader.read(data: data, file: "tables.xlsx", sheet: .index(1))
        let listed = contents.rows.dropFirst().map { (sheet: $0.cells[0], file: $0.cells[1]) }
        let csvFiles = try FileManager.default.contentsOfDirectory(atPath: out + "/tables").filter { $0.hasSuffix(".csv") }
        #expect(Set(listed.map(\.file)) == Set(csvFiles.map { "tables/" + $0 }), "every CSV has a sheet")
        #expect(listed.map(\.sheet) == Array(names.dropFirst()))
        for entry in listed {
            let grid = try XLSXReader.read(data: data, file: "tables.xlsx", sheet: .name(entry.sheet))
            let csv = try String(contentsOfFile: out + "/" + entry.file, encoding: .utf8)
            let columns = csv.prefix { $0 != "\n" }.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let width = columns.count
            // The grid back to CSV text: rows by number, short rows padded (the reader drops empty trailing cells).
            var lines = Array(repeating: Array(repeating: "", count: width), count: grid.rows.map(\.number).max() ?? 0)
            for row in grid.rows {
                for (column, cell) in row.cells.enumerated() where column < width { lines[row.number - 1][column] = cell }
            }
            // Row 1: the Russian labels; from row 2 on: the CSV, its header included.
            let text = lines.dropFirst().map { $0.map(Table.quote).joined(separator: ",") + "\n" }.joined()
            #expect(text == csv, "\(entry.sheet) equals \(entry.file) below the Russian header")
            let table = String(entry.file.dropFirst("tables/".count).dropLast(".csv".count))
            let expected = columns.map { TablesWorkbook.russianLabel(table: table, column: $0) ?? $0 }
            #expect(lines.first == expected, "\(entry.sheet): the Russian header row")
        }
        // Every table msoko writes is in the sample run, and every column of each has a Russian label.
        let tables = csvFiles.map { String($0.dropLast(".csv".count)) }
        #expect(Set(tables) == Set(TablesWorkbook.russianNames.keys), "the sample run writes every table")
        for file in csvFiles {
            let csv = try String(contentsOfFile: out + "/tables/" + file, encoding: .utf8)
            for column in csv.prefix(while: { $0 != "\n" }).split(separator: ",").map(String.init) {
                let label = TablesWorkbook.russianLabel(table: String(file.dropLast(4)), column: column)
                #expect(label != nil && label != column && label!.contains(where: { ("а"..."я").contains($0.lowercased()) }),
                        "\(file): column \(column) has no Russian label")
            }
        }
        let english = try XLSXWriter.parts(sheets: TablesWorkbook.sheets(tables: [("deficits", Table(columns: ["school_id", "gap"], rows: [["S01", "2"]]))], language: .en))
        #expect(english.last!.text.contains(#"<pane ySplit="1" topLeftCell="A2""#) && !english.last!.text.contains("Школа"),
                "an English report keeps the machine names as its one header row")
        let russian = try XLSXWriter.parts(sheets: TablesWorkbook.sheets(tables: [("deficits", Table(columns: ["school_id", "gap"], rows: [["S01", "2"]]))], language: .ru))
        #expect(russian.last!.text.contains(#"<pane ySplit="2" topLeftCell="A3""#) && russian.last!.text.contains(">Школа<")
                && russian.last!.text.contains(">school_id<"), "a Russian report: two frozen header rows")
        let ranking = try XLSXWriter.parts(sheets: TablesWorkbook.sheets(tables: [("school_ranking", Table(columns: ["rank", "school_id"], rows: [["1", "S01"]]))], language: .ru))
        #expect(ranking.last!.text.contains("<v>1</v>"), "a number is stored as a number")
    }

    @Test("title: {ru, en} gives the English title with --lang en and the Russian one by default")
    func bilingualTitle() throws {
        let scratch = try ScratchFolder()
        try SampleDistrict(schoolCount: 12, seed: 2024).write(to: scratch.url)
        let pipeline = scratch.path("pipeline.yaml")
        let text = try String(contentsOfFile: pipeline, encoding: .utf8)
        let edited = text.replacingOccurrences(of: #"title:\n  ru: [^\n]*\n  en: [^\n]*\n"#, with: "title: {ru: Район Север, en: North district}\n",
                                               options: .regularExpression)
        #expect(edited != text)
        try edited.write(toFile: pipeline, atomically: true, encoding: .utf8)
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("en"), language: .en))
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("ru")))
        #expect(try scratch.read("en/report.md").hasPrefix("# North district"))
        #expect(try scratch.read("en/index.html").contains("<title>North district</title>"))
        #expect(try scratch.read("ru/report.md").hasPrefix("# Район Север"))
        let english = try PipelineConfiguration.load(path: pipeline)
        #expect(english.title == LocalizedText(ru: "Район Север", en: "North district"))
    }

    @Test("tables.xlsx streamed to a file has the bytes of the in-memory workbook, in both languages")
    func streamedWorkbookMatchesInMemory() throws {
        let rows = (0..<12_000).map { index in ["S\(index)", index % 9 == 0 ? "" : "\(Double(index) / 4)", "школа & <\(index)>"] }
        let tables: [(name: String, table: Table)] = [
            ("normalized", Table(columns: ["school_id", "score", "note"], rows: rows)),
            ("deficits", Table(columns: ["school_id", "gap"], rows: [["S01", "2"]])),
        ]
        for language in [Language.ru, .en] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-tables-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            // As `msoko run` writes it: the sheets made first, then streamed.
            try XLSXWriter.write(sheets: TablesWorkbook.sheets(tables: tables, language: language), to: url)
            #expect(try Data(contentsOf: url) == TablesWorkbook.data(tables: tables, language: language))
        }
    }
}
