import Foundation
import Testing
import MsokoAnalysis
@testable import MsokoModel
@testable import MsokoPipeline

@Suite("The national sample: --years, --indicators, --canonical (issue 13)")
struct NationalSampleTests {
    /// `observations.csv` split into rows of cells, header dropped.
    func rows(_ csv: String) -> [[Substring]] {
        csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    @Test("--schools 30 --years 8 --indicators 40 --canonical: 30 schools, years 2016/17–2023/24, 40 indicators, one row per school, indicator and period")
    func shape() throws {
        let district = try SampleDistrict(schoolCount: 30, seed: 3, years: 8, indicators: 40, canonical: true)
        let files = Dictionary(uniqueKeysWithValues: district.files().map { ($0.name, $0.contents) })
        #expect(rows(try #require(files["schools.csv"])).count == 30)
        let observations = rows(try #require(files["observations.csv"]))
        #expect(district.catalog.indicators.count == 40)
        #expect(Set(observations.map { String($0[2]) }) == Set(district.catalog.indicators.map(\.id)))
        let years = Set(observations.compactMap { Period(String($0[1]))?.startYear })
        #expect(years == Set(2016...2023))
        // A term indicator has four periods a year, the others one.
        let periodsPerSchool = district.catalog.indicators.map { $0.frequency == .term ? 4 * 8 : 8 }.reduce(0, +)
        #expect(observations.count == 30 * periodsPerSchool)
        #expect(Set(observations.map { "\($0[0]),\($0[1]),\($0[2])" }).count == observations.count, "no duplicate key")
        // Canonical: every value in observations.csv, no native file, no `sources:`.
        #expect(try district.nativeFiles().isEmpty)
        #expect(!district.pipelineText().contains("sources:"))
        #expect(observations.contains { $0[1] == "2023/24" && $0[2] == "parent_satisfaction" })
        #expect(try #require(files["README.md"]).contains("`msoko sample --out DIR --schools 30 --seed 3 --years 8 --indicators 40 --canonical`"))
    }

    @Test("the same flags give the same bytes; the streamed observations.csv equals the one built in memory")
    func determinism() throws {
        let scratch = try ScratchFolder()
        let district = try SampleDistrict(schoolCount: 40, seed: 9, years: 6, indicators: 30, canonical: true)
        let first = try district.write(to: scratch.url.appendingPathComponent("a"))
        let second = try SampleDistrict(schoolCount: 40, seed: 9, years: 6, indicators: 30, canonical: true)
            .write(to: scratch.url.appendingPathComponent("b"))
        #expect(first.map { URL(fileURLWithPath: $0).lastPathComponent } == second.map { URL(fileURLWithPath: $0).lastPathComponent })
        for (a, b) in zip(first, second) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)), "\(a)")
        }
        for (name, contents) in district.files() {
            #expect(try scratch.read("a/\(name)") == contents, "\(name)")
        }
    }

    @Test("the restricted catalog keeps the planted, deficit-area and context indicators in catalog order, drops empty areas, and loads with its measures")
    func restrictedCatalog() throws {
        let full = try SampleDistrict().catalog
        let district = try SampleDistrict(indicators: 30)
        let catalog = try Catalog.parse(district.catalogText, file: "indicators.yaml")
        #expect(catalog.indicators.map(\.id) == district.catalog.indicators.map(\.id))
        #expect(catalog.indicators.count == 30)
        let ids = catalog.indicators.map(\.id)
        #expect(ids == full.indicators.map(\.id).filter(ids.contains), "catalog order kept")
        for id in ["contest_participation", "asocial_registered", "parent_satisfaction", "additional_education_coverage",
                   "upbringing_programme", "offences", "federal_awards", "sports_club", "upbringing_adviser", "students_total"] {
            #expect(ids.contains(id), "\(id)")
        }
        #expect(catalog.areas.allSatisfy { !catalog.indicators(inArea: $0.id).isEmpty }, "no area without indicators")
        #expect(catalog.area("summer") == nil)
        // The indicators keep their definitions: same target, weight, frequency.
        for indicator in catalog.indicators {
            let original = try #require(full.indicator(indicator.id))
            #expect(indicator.target == original.target && indicator.weight == original.weight && indicator.frequency == original.frequency)
        }
        let measures = try MeasureCatalog.parse(district.measuresText, file: "measures.yaml", catalog: catalog)
        #expect(!measures.rules.isEmpty)
        #expect(!district.measuresText.contains("area: summer"))
        // The whole catalog is the built-in file itself.
        #expect(try SampleDistrict(indicators: nil).catalogText == BuiltinFiles.catalogText)
    }

    @Test("a list filter drops an entry, and a paragraph whose entries all go together with its comment")
    func listFilter() {
        let text = "title: x\nitems:\n  # first\n  - id: a\n    v: 1\n  - id: b\n\n  # second\n  - id: c\n    v: 2\n\nafter: 1\n"
        let kept = YAMLListFilter.keeping(text, section: "items", key: "id") { $0 == "a" }
        #expect(kept == "title: x\nitems:\n  # first\n  - id: a\n    v: 1\n\nafter: 1\n")
    }

    @Test("--indicators below the required ones, or above the catalog, and --years below 3 are refused")
    func limits() {
        let range = SampleDistrict.indicatorRange
        #expect(range == 21...46)
        #expect(throws: ConfigurationError.self) { try SampleDistrict(indicators: range.lowerBound - 1) }
        #expect(throws: ConfigurationError.self) { try SampleDistrict(indicators: range.upperBound + 1) }
        #expect(throws: ConfigurationError.self) { try SampleDistrict(years: 2) }
    }

    @Test("a run on 60 schools, 8 years, 40 indicators, canonical: no rejects, and the two planted deficit schools lead the need ranking in their areas")
    func restrictedRun() throws {
        let scratch = try ScratchFolder()
        let district = try SampleDistrict(schoolCount: 60, seed: 2024, years: 8, indicators: 40, canonical: true)
        try district.write(to: scratch.url.appendingPathComponent("district"))
        let result = try PipelineRunner.run(pipelinePath: scratch.path("district/pipeline.yaml"),
                                            options: RunOptions(outputDirectory: scratch.path("out")))
        #expect(result.dataset.rejects.isEmpty)
        #expect(result.period == Period("2023/24"))
        let ranking = rows(try scratch.read("out/tables/school_ranking.csv"))
        let top = ranking.prefix(3).map { String($0[1]) }
        let deficit = district.deficitSchools
        #expect(top.contains(district.schoolID(deficit.prevention)) && top.contains(district.schoolID(deficit.additionalEducation)),
                "\(top)")
        let main = Dictionary(uniqueKeysWithValues: ranking.map { (String($0[1]), String($0[4])) })
        #expect(main[district.schoolID(deficit.prevention)] == "prevention")
        #expect(main[district.schoolID(deficit.additionalEducation)] == "additional_education")
        let deficits = rows(try scratch.read("out/tables/deficits.csv"))
        #expect(deficits.contains { $0[0] == Substring(district.schoolID(deficit.additionalEducation)) && $0[1] == "upbringing_programme" })
    }
}
