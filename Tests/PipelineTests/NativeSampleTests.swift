import Foundation
import Testing
@testable import MsokoIngest
@testable import MsokoModel
@testable import MsokoPipeline

@Suite("The sample district sent natively")
struct NativeSampleTests {
    @Test("past 500 schools the contest list comes as one workbook per 500 schools, read by one source through a glob; up to 500 as one workbook")
    func contestListInParts() throws {
        #expect(NativeValues.contestFiles(schoolCount: 500, slug: "2023-24") == ["contests/2023-24.xlsx"])
        #expect(NativeValues.contestFiles(schoolCount: 1_001, slug: "2023-24")
            == ["contests/2023-24-1.xlsx", "contests/2023-24-2.xlsx", "contests/2023-24-3.xlsx"])
        let small = try SampleDistrict(schoolCount: 12, seed: 2024).sourcesText(folder: "")
        #expect(small.contains(#"file: "contests/2023-24.xlsx""#))
        let large = try SampleDistrict(schoolCount: 1_001, seed: 2024).sourcesText(folder: "")
        #expect(large.contains(#"files: "contests/2023-24-*.xlsx""#))
        #expect(!large.contains(#"contests/2023-24.xlsx""#))
    }

    @Test("the sample's run reads its native files with zero rejects; no output holds a respondent's name or a child's or student's id")
    func nativeRun() throws {
        let scratch = try ScratchFolder()
        let district = try SampleDistrict(schoolCount: 12, seed: 2024)
        try district.write(to: scratch.url.appendingPathComponent("district"))
        let pipeline = scratch.path("district/pipeline.yaml")
        let result = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        let dataset = result.dataset
        #expect(dataset.rejects.isEmpty, "\(dataset.rejects.prefix(3))")
        #expect(dataset.conflicts.isEmpty)
        #expect(dataset.sources.map(\.kind) == ["self_assessment", "wide", "survey", "contests", "enrolments"])
        #expect(dataset.sources.allSatisfy { $0.values > 0 && $0.rejects == 0 })
        for input in dataset.inputs { #expect(input.rowsRejected == 0, "\(input.path)") }
        // The latest year's native values arrive; observations.csv no longer has them.
        let observations = try String(contentsOfFile: scratch.path("district/observations.csv"), encoding: .utf8)
        #expect(!observations.contains(",2023/24,parent_satisfaction,"))
        #expect(!observations.contains(",2023/24,contest_participation,"))
        let latest = dataset.observations.filter { $0.period == Period("2023/24")! && $0.value != nil }
        for indicator in ["parent_satisfaction", "contest_participation", "contest_winners", "regional_awards",
                          "teachers_upbringing_training", "volunteer_squad", "partner_agreements"] {
            #expect(latest.contains { $0.indicatorID == indicator && !$0.source.file.hasSuffix("observations.csv") },
                    "\(indicator) comes from a native file")
        }
        #expect(dataset.observations.contains { $0.period == Period("2023/24-4")! && $0.indicatorID == "additional_education_coverage"
            && $0.source.file.hasPrefix("navigator/") })
        #expect(dataset.observations.contains { $0.source.file.hasPrefix("self-assessment/2023-24/S04.docx#table1") })

        // Personal data of the native files: names, participant codes, child ids.
        var personal: Set<String> = [], names: Set<String> = []
        let surveyText = try String(contentsOfFile: scratch.path("district/surveys/parents-2023-24.csv"), encoding: .utf8)
        for line in surveyText.split(separator: "\n").dropFirst() {
            let name = line.split(separator: ",", omittingEmptySubsequences: false)[1]
            if !name.isEmpty { names.insert(String(name)) }
        }
        let navigator = try String(contentsOfFile: scratch.path("district/navigator/2023-24.csv"), encoding: .utf8)
        for line in navigator.split(separator: "\n").dropFirst() {
            personal.insert(String(line.split(separator: ",").dropLast().last!))
        }
        let contests = try XLSXReader.read(data: try Data(contentsOf: scratch.url.appendingPathComponent("district/contests/2023-24.xlsx")),
                                           file: "contests.xlsx", sheet: nil)
        for row in contests.rows.dropFirst() { personal.insert(row.cells[1]) }
        #expect(personal.count > 1000)
        #expect(personal.contains { $0.hasPrefix("Д-") } && personal.contains { $0.hasPrefix("У-") } && names.count > 20)
        #expect(personal.allSatisfy { $0.count == 8 })
        let outputs = FileManager.default.enumerator(atPath: scratch.path("out"))!.compactMap { $0 as? String }
        var checked = 0
        for file in outputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: scratch.path("out/\(file)"), isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let text = String(decoding: try Data(contentsOf: scratch.url.appendingPathComponent("out/\(file)")), as: UTF8.self)
            checked += 1
            // Ids: every «У-…» or «Д-…» of the output looked up; names: searched.
            for prefix in ["У-", "Д-"] {
                var rest = Substring(text)
                while let range = rest.range(of: prefix) {
                    let candidate = String(rest[range.lowerBound...].prefix(prefix.count + 6))
                    if personal.contains(candidate) { Issue.record("out/\(file) contains the id «\(candidate)»") }
                    rest = rest[range.upperBound...]
                }
            }
            for name in names where text.contains(name) {
                Issue.record("out/\(file) contains the name «\(name)»")
            }
        }
        #expect(checked > 10)
    }
}
