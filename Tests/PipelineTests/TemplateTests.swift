import Foundation
import Testing
@testable import MsokoIngest
@testable import MsokoModel
@testable import MsokoPipeline

@Suite("msoko template: the forms schools fill in")
struct TemplateTests {
    /// The value a test writes into a form's cell for `unit`, and the value msoko should read.
    static func filled(_ unit: IndicatorUnit, _ index: Int) -> (text: String, value: Double) {
        switch unit {
        case .percent: return ("\(index + 3) человек / \(10 + index),5 %", Double(10 + index) + 0.5)
        case .per100: return ("\(index + 1),5", Double(index + 1) + 0.5)
        case .count: return ("\(index + 4)", Double(index + 4))
        case .bool: return index % 2 == 0 ? ("да", 1) : ("нет", 0)
        case .score: return ("\(60 + index)", Double(60 + index))
        }
    }

    @Test("the forms, filled in and read back through the generated sources.yaml, give zero rejects and the values")
    func fillAndReadBack() throws {
        let scratch = try ScratchFolder()
        try SampleDistrict(schoolCount: 6, seed: 7).write(to: scratch.url.appendingPathComponent("district"))
        let district = scratch.url.appendingPathComponent("district")
        let period = Period("2024/25")!
        let forms = try FormTemplates.load(pipelinePath: district.appendingPathComponent("pipeline.yaml").path, period: period)
        let formsFolder = district.appendingPathComponent("forms")
        try forms.write(to: formsFolder, sourcesFolder: FormTemplates.path(of: formsFolder, from: district))
        #expect(FormTemplates.path(of: formsFolder, from: district) == "forms")
        let catalog = forms.catalog
        #expect(forms.selfAssessmentRows.map(\.code) == ["1.18", "1.19", "1.19.1", "1.19.2", "1.19.3", "1.33"])
        #expect(forms.passportIndicators.contains { $0.id == "volunteer_squad" })
        #expect(forms.passportIndicators.allSatisfy { !$0.isContext && $0.selfAssessmentCodes.isEmpty })

        var expected: [String: Double] = [:]   // "school indicator" → value
        // Self-assessment: fill the value column of every school's table, re-write it.
        for (schoolIndex, school) in forms.schools.enumerated() {
            let url = formsFolder.appendingPathComponent("self-assessment/\(school.id).xlsx")
            let data = try Data(contentsOf: url)
            #expect(try XLSXReader.sheetNames(data: data, file: url.path) == ["Показатели", "Инструкция"])
            let grid = try XLSXReader.read(data: data, file: url.path, sheet: nil)
            #expect(grid.rows[0].cells == ["Код", "Показатель", "Единица измерения", "Значение"])
            var rows: [[XLSXCellValue]] = [grid.rows[0].cells.map { .text($0) }]
            for (offset, row) in grid.rows.dropFirst().enumerated() {
                let formRow = forms.selfAssessmentRows[offset]
                #expect(row.cells.count == 3, "the value column is empty")
                let unit = catalog.indicator(formRow.indicator)!.unit
                let (text, value) = Self.filled(unit, offset + schoolIndex)
                expected["\(school.id) \(formRow.indicator)", default: 0] += value
                rows.append(row.cells.map { .text($0) } + [.text(text)])
            }
            try XLSXWriter.data(sheets: [XLSXSheet(name: "Показатели", rows: rows)]).write(to: url)
        }
        // Passport: fill every cell.
        let passportURL = formsFolder.appendingPathComponent("passport.xlsx")
        let passport = try XLSXReader.read(data: try Data(contentsOf: passportURL), file: "passport.xlsx", sheet: nil)
        #expect(passport.rows.count == forms.schools.count + 1)
        var passportRows: [[XLSXCellValue]] = [passport.rows[0].cells.map { .text($0) }]
        for (schoolIndex, row) in passport.rows.dropFirst().enumerated() {
            let school = forms.schools[schoolIndex]
            #expect(row.cells == [school.name])
            var cells: [XLSXCellValue] = [.text(school.name)]
            for (column, indicator) in forms.passportIndicators.enumerated() {
                let (text, value) = Self.filled(indicator.unit, column + schoolIndex)
                expected["\(school.id) \(indicator.id)"] = value
                cells.append(.text(text))
            }
            passportRows.append(cells)
        }
        try XLSXWriter.data(sheets: [XLSXSheet(name: "Паспорт", rows: passportRows)]).write(to: passportURL)

        // A pipeline with no observations and the generated sources.
        let snippet = try String(contentsOf: formsFolder.appendingPathComponent("sources.yaml"), encoding: .utf8)
        try "school_id,period,indicator,value\n".write(to: district.appendingPathComponent("empty.csv"), atomically: true, encoding: .utf8)
        let pipeline = """
            title: "Forms"
            language: ru
            catalog: indicators.yaml
            schools: schools.csv
            observations:
              - empty.csv

            """ + snippet
        try pipeline.write(to: district.appendingPathComponent("forms.yaml"), atomically: true, encoding: .utf8)
        let result = try PipelineRunner.validate(pipelinePath: district.appendingPathComponent("forms.yaml").path)
        #expect(result.dataset.rejects.isEmpty, "\(result.dataset.rejects.prefix(3))")
        var read: [String: Double] = [:]
        for observation in result.dataset.observations where observation.period == period {
            read["\(observation.schoolID) \(observation.indicatorID)"] = observation.value
        }
        #expect(read.count == expected.count)
        for (key, value) in expected {
            #expect(isApproximatelyEqual(read[key], value, absoluteTolerance: 1e-9), "\(key): \(String(describing: read[key])) ≠ \(value)")
        }
    }

    @Test("a YAML string of the generated sources.yaml reads back exactly: quotes and backslashes before combining marks, line breaks, tabs, Cyrillic")
    func yamlQuoting() throws {
        for text in ["\"\u{1752}", "a\\\u{301}b", "строка 1\nстрока 2", "\t«№ 1»\r", "plain", "", "\u{7F}x\"\""] {
            let map = try YAMLMap.parse("key: \(FormTemplates.quoted(text))\n", file: "t.yaml")
            #expect(try map.string("key") == text, "\(text.debugDescription)")
        }
    }

    @Test("a foreign non-empty folder is refused; an earlier template folder is replaced")
    func outputFolder() throws {
        let scratch = try ScratchFolder()
        try SampleDistrict(schoolCount: 6, seed: 7).write(to: scratch.url.appendingPathComponent("district"))
        let forms = try FormTemplates.load(pipelinePath: scratch.path("district/pipeline.yaml"), period: Period("2024/25")!)
        let foreign = scratch.url.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try "keep".write(to: foreign.appendingPathComponent("mine.txt"), atomically: true, encoding: .utf8)
        #expect(thrownMessage(OutputFolderError.self) { try forms.write(to: foreign, sourcesFolder: "foreign") }
                == "\(foreign.path) is not empty and is not an earlier msoko output (no .msoko-template); msoko replaces its output folder whole, so choose a new or empty folder")
        #expect(try String(contentsOf: foreign.appendingPathComponent("mine.txt"), encoding: .utf8) == "keep")
        let own = scratch.url.appendingPathComponent("forms")
        try forms.write(to: own, sourcesFolder: "forms")
        try forms.write(to: own, sourcesFolder: "forms")
        #expect(FileManager.default.fileExists(atPath: own.appendingPathComponent("self-assessment/S01.xlsx").path))
        #expect(FormTemplates.path(of: scratch.url, from: own).hasPrefix("/"))
    }
}
