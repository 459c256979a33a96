import Foundation
import Testing
@testable import MsokoIngest
@testable import MsokoModel
@testable import MsokoPipeline

@Suite("Native sources end to end: a district's files as its schools send them")
struct NativeSourcesTests {
    static let folder = repositoryRoot.appendingPathComponent("Tests/PipelineTests/Fixtures/native")
    static let pipeline = folder.appendingPathComponent("pipeline.yaml").path

    /// Every value a source offered, used or listed as a conflict, by school,
    /// indicator and the file it came from.
    static func offered(_ dataset: Dataset) -> [(school: String, indicator: String, place: String, value: Double?, base: Double?)] {
        let period = Period("2023/24")!
        var values = dataset.observations.filter { $0.period == period }.map {
            (school: $0.schoolID, indicator: $0.indicatorID, place: $0.source.description, value: $0.value, base: $0.base)
        }
        values += dataset.conflicts.map {
            (school: $0.schoolID, indicator: $0.indicatorID, place: $0.otherSource.description, value: $0.otherValue, base: nil as Double?)
        }
        return values
    }

    @Test("self-assessment (XLSX, DOCX, Windows-1251 CSV), a wide table named by aliases, a survey, contests and the navigator give pandas' values to 1e-4")
    func valuesAgreeWithPandas() throws {
        let dataset = try PipelineRunner.validate(pipelinePath: Self.pipeline).dataset
        let offered = Self.offered(dataset)
        for (school, indicator, file, value, base) in NativeReference.values {
            let matches = offered.filter { $0.school == school && $0.indicator == indicator && $0.place.hasPrefix(file) }
            #expect(matches.count == 1, "\(school) \(indicator) from \(file): \(matches.count) values")
            guard let found = matches.first else { continue }
            #expect(isApproximatelyEqual(found.value, value, absoluteTolerance: 1e-4), "\(school) \(indicator) from \(file): \(String(describing: found.value)) vs \(value)")
            if let base, found.place.hasPrefix("self-assessment/") || found.place.hasPrefix("parents.csv") {
                let observed = dataset.observations.first { $0.schoolID == school && $0.indicatorID == indicator && $0.source.description == found.place }
                if let observed { #expect(observed.base == base, "\(school) \(indicator): base") }
            }
        }
        let sourced = offered.filter { !$0.place.hasPrefix("observations.csv") && $0.value != nil }
        #expect(sourced.count == NativeReference.values.count, "no value beyond the reference's")
    }

    @Test("survey value, t-interval and Cronbach's α per school equal pandas/scipy's; below minimum_base only the count")
    func surveys() throws {
        let dataset = try PipelineRunner.validate(pipelinePath: Self.pipeline).dataset
        #expect(dataset.surveys.count == NativeReference.surveys.count)
        for (school, respondents, value, low, high, alpha) in NativeReference.surveys {
            let figure = try #require(dataset.surveys.first { $0.schoolID == school })
            #expect(figure.respondents == respondents, "\(school)")
            for (got, want) in [(figure.value, value), (figure.low, low), (figure.high, high), (figure.alpha, alpha)] {
                if let want { #expect(isApproximatelyEqual(got, want, absoluteTolerance: 1e-4), "\(school)") } else { #expect(got == nil, "\(school)") }
            }
        }
        let b4 = try #require(dataset.surveys.first { $0.schoolID == "B4" })
        #expect(b4.respondents == 3 && b4.value == nil)
        #expect(!dataset.observations.contains { $0.schoolID == "B4" && $0.indicatorID == "parent_satisfaction" })
        #expect(dataset.withheld.contains { $0.schoolID == "B4" && $0.indicatorID == "parent_satisfaction" })
    }

    @Test("a value given by observations.csv and again by sources is taken from the first and listed with both places")
    func conflicts() throws {
        let dataset = try PipelineRunner.validate(pipelinePath: Self.pipeline).dataset
        let used = try #require(dataset.observations.first { $0.schoolID == "B1" && $0.indicatorID == "contest_participation" && $0.period == Period("2023/24") })
        #expect(used.value == 68 && used.source.description == "observations.csv:2")
        let listed = dataset.conflicts.filter { $0.schoolID == "B1" && $0.indicatorID == "contest_participation" }
        #expect(listed.map(\.otherValue) == [70, 3.75])
        #expect(listed.allSatisfy { $0.value == 68 && $0.source.description == "observations.csv:2" })
        #expect(listed[0].otherSource.description == "self-assessment/B1.xlsx!Показатели:5 (D)", "the exact cell of the form")
    }

    @Test("for every table, rows read = used + rejected + skipped, and the rejected rows are those rejects.csv names")
    func counting() throws {
        let dataset = try PipelineRunner.validate(pipelinePath: Self.pipeline).dataset
        #expect(dataset.inputs.count == 10)
        for input in dataset.inputs {
            #expect(input.rowsRejected >= 0, "\(input.path)")
            let rejectedLines = Set(dataset.rejects.filter { $0.file == input.path }.map(\.line))
            #expect(input.rowsRejected == rejectedLines.count, "\(input.path): \(input.rowsRejected) vs \(rejectedLines)")
        }
        let selfAssessment = try #require(dataset.inputs.first { $0.path == "self-assessment/B1.xlsx!Показатели" })
        #expect(selfAssessment.skipped == ["heading or text row": 4, "code not in the catalog": 2])
        let survey = try #require(dataset.inputs.first { $0.path == "parents.csv" })
        #expect(survey.skipped["respondent's role not kept"] == 10)
        #expect(dataset.sources.first { $0.kind == "self_assessment" }?.unknownCodes == ["1.1", "2.3"])
        #expect(dataset.rejects.map(\.value) == ["Школа №99"], "the one school no name or alias matches")
    }

    @Test("no output file contains a respondent's name or a student's or child's id")
    func personalData() throws {
        let scratch = try ScratchFolder()
        _ = try PipelineRunner.run(pipelinePath: Self.pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        let survey = try String(contentsOf: Self.folder.appendingPathComponent("parents.csv"), encoding: .utf8)
        let names = Set(survey.split(whereSeparator: \.isNewline).dropFirst().compactMap { line -> String? in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields.count > 1 && !fields[1].isEmpty ? String(fields[1]) : nil
        })
        #expect(names.count >= 3)
        let navigator = try String(contentsOf: Self.folder.appendingPathComponent("navigator.csv"), encoding: .utf8)
        let children = Set(navigator.split(whereSeparator: \.isNewline).dropFirst().map { String($0.split(separator: ";")[1]) })
        let files = FileManager.default.enumerator(atPath: scratch.path("out"))!.compactMap { $0 as? String }
        var checked = 0
        for file in files where !file.hasSuffix("/") {
            guard let text = try? String(contentsOfFile: scratch.path("out/\(file)"), encoding: .utf8) else { continue }
            checked += 1
            for name in names { #expect(!text.contains(name), "\(file) holds a respondent's name") }
            #expect(text.range(of: #"B[1-6]-\d{3}"#, options: .regularExpression) == nil, "\(file) holds a student id")
            // The manifest's stage timings are digits that a six-digit id can
            // match by chance; its inputs and settings hold no value anyway.
            if file != "manifest.json" {
                let tokens = Set(text.split { !$0.isLetter && !$0.isNumber }.map(String.init))
                #expect(tokens.isDisjoint(with: children), "\(file) holds a child id")
            }
            #expect(!text.contains("Петя"), "\(file) quotes free text")
        }
        #expect(checked > 20)
    }
}

@Suite("Deficits on survey indicators")
struct SurveyDeficitTests {
    @Test("a deficit on a survey indicator carries the survey's t-interval (surveys.csv), not Wilson's; places are relative as written")
    func tInterval() throws {
        let scratch = try ScratchFolder()
        _ = try PipelineRunner.run(pipelinePath: repositoryRoot.appendingPathComponent("Pipelines/mosalsk.yaml").path,
                                   options: RunOptions(outputDirectory: scratch.path("out")))
        func rows(_ table: String) throws -> [[String: String]] {
            let lines = try scratch.read("out/tables/\(table).csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
        }
        let tables = FileManager.default.enumerator(atPath: scratch.path("out"))!.compactMap { $0 as? String }
        for file in tables where file != "manifest.json" {  // the manifest records the pipeline path as given
            guard let text = try? String(contentsOfFile: scratch.path("out/\(file)"), encoding: .utf8) else { continue }
            #expect(!text.contains(repositoryRoot.path), "\(file) names a place by an absolute path: outputs must not depend on the checkout")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("out/manifest.json")))) as? [String: Any]
        let inputs = try #require(manifest?["inputs"] as? [[String: Any]])
        #expect(inputs.allSatisfy { ($0["path"] as? String)?.hasPrefix("../Datasets/") == true }, "inputs are named as the pipeline names them")
        let surveys = try rows("surveys")
        let deficits = try rows("deficits").filter { $0["indicator"] == "parent_satisfaction" }
        #expect(!deficits.isEmpty, "the sample has parent-satisfaction deficits")
        for deficit in deficits {
            let survey = try #require(surveys.first { $0["school_id"] == deficit["school_id"] && $0["indicator"] == "parent_satisfaction" })
            #expect(deficit["low"] == survey["low"] && deficit["high"] == survey["high"], "\(deficit["school_id"] ?? "")")
        }
    }
}

@Suite("Survey figures below the minimum base")
struct SurveyPrivacyTests {
    @Test("a school with 3 respondents has no satisfaction figure in any table: only its respondent count in surveys.csv")
    func belowMinimumBase() throws {
        let scratch = try ScratchFolder()
        _ = try PipelineRunner.run(pipelinePath: NativeSourcesTests.pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        let tables = try FileManager.default.contentsOfDirectory(atPath: scratch.path("out/tables")).filter { $0.hasSuffix(".csv") }
        for table in tables {
            let rows = try scratch.read("out/tables/\(table)").split(whereSeparator: \.isNewline)
            for row in rows where row.hasPrefix("B4,") && row.contains("parent_satisfaction") {
                let fields = row.split(separator: ",", omittingEmptySubsequences: false)
                if table == "surveys.csv" {
                    #expect(fields[3] == "3" && fields[4...].allSatisfy(\.isEmpty), "only the respondent count: \(row)")
                } else if table == "normalized.csv" {
                    #expect(fields[3].isEmpty && fields[4].isEmpty, "no value and no score: \(row)")
                } else if table == "trends.csv" {
                    #expect(fields[2] == "0", "a trend over no value: \(row)")
                } else {
                    Issue.record("\(table) has a row for B4's parent satisfaction: \(row)")
                }
            }
        }
    }
}
