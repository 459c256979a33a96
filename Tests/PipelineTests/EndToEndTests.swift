import Foundation
import Testing
@testable import MsokoIngest
@testable import MsokoModel
@testable import MsokoPipeline
import MsokoAnalysis

extension String {
    var asURL: URL { URL(fileURLWithPath: self) }
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

@Suite("msoko run end to end on the sample district")
struct EndToEndTests {
    /// Writes a sample district into a scratch folder; returns its pipeline path.
    func sample(_ scratch: ScratchFolder, schools: Int = 12) throws -> String {
        try SampleDistrict(schoolCount: schools, seed: 2024).write(to: scratch.url)
        return scratch.path("pipeline.yaml")
    }

    @Test("a clustering setting the district does not allow is lowered with a warning in the run's result and a note in the report, never silently")
    func adjustedSettingWarns() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch, schools: 6)
        let text = try scratch.read("pipeline.yaml").replacingOccurrences(of: "  k: auto\n", with: "  k: 9\n")
        try text.write(toFile: pipeline, atomically: true, encoding: .utf8)
        let result = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out"), language: .en))
        #expect(result.warnings == ["k lowered from 9 to 5: 6 distinct schools"])
        #expect(try scratch.read("out/report.md").contains("k lowered from 9 to 5: 6 distinct schools"))
    }

    @Test("the run writes the report, the tables and a manifest whose row counts add up")
    func fullRun() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        let out = scratch.path("out")
        let result = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: out))
        #expect(result.period == Period("2023/24"))
        #expect(result.warnings.isEmpty, "the sample's settings are used as given")
        for file in ["report.md", "report.html", "manifest.json", "tables/rejects.csv", "schools/S01.md", "schools/S12.md"] {
            #expect(FileManager.default.fileExists(atPath: scratch.path("out/\(file)")), "\(file)")
        }
        #expect(try scratch.read("out/tables/rejects.csv") == "file,line,column,value,reason\n")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("out/manifest.json")))) as? [String: Any]
        let inputs = try #require(manifest?["inputs"] as? [[String: Any]])
        // schools.csv, observations.csv and the native files of 2023/24 (12
        // self-assessment tables, the passport, survey, contest list and navigator export).
        #expect(inputs.count == 2 + 12 + 4)
        for input in inputs {
            let read = try #require(input["rows_read"] as? Int)
            let accepted = try #require(input["rows_accepted"] as? Int)
            let rejected = try #require(input["rows_rejected"] as? Int)
            let skipped = try #require(input["rows_skipped"] as? Int)
            #expect(rejected == 0)
            #expect(read == accepted + rejected + skipped)
            #expect((input["sha256"] as? String)?.count == 64)
        }
        #expect(manifest?["tool_version"] as? String == MsokoInfo.version)
        #expect(manifest?["seed"] as? Int == 42)
        #expect((manifest?["stages"] as? [[String: Any]])?.isEmpty == false)
        for table in ["normalized", "area_scores", "trends", "deficits", "school_ranking", "best_practices", "recommendations", "roadmap"] {
            #expect(FileManager.default.fileExists(atPath: scratch.path("out/tables/\(table).csv")), "\(table).csv")
        }
        let ranking = try scratch.read("out/tables/school_ranking.csv").split(separator: "\n")
        #expect(ranking[0].hasPrefix("rank,school_id,deficit_score,n_deficits,main_deficit_area"))
        #expect(Set(ranking[1...2].map { String($0.split(separator: ",")[1]) }) == ["S08", "S12"],
                "the planted deficit schools lead the ranking of need")
        let clusters = try scratch.read("out/tables/clusters.csv").split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let groups = Dictionary(grouping: clusters, by: { String($0[1]) }).mapValues { Set($0.map { String($0[0]) }) }
        #expect(Set(groups.values) == [["S01", "S02", "S03", "S04"], ["S05", "S06", "S07", "S08"], ["S09", "S10", "S11", "S12"]],
                "the three planted groups are found")
        #expect(groups["1"] == ["S01", "S02", "S03", "S04"], "group 1 is the strongest: the leaders")
        #expect(manifest?["k"] as? Int == 3)
        let report = try scratch.read("out/report.md")
        for heading in ["## Главное", "## Показатели дорожной карты", "## Дефициты и потребность в поддержке", "## Кластерный анализ: группы похожих школ", "## Лучшие практики", "## Адресные рекомендации", "## Качество данных"] {
            #expect(report.contains(heading), "\(heading)")
        }
        #expect(report.contains("](charts/area_means.svg)"))
        let page = try scratch.read("out/schools/S12.md")
        #expect(page.contains("## Рекомендации") && page.contains("Образец: S"), "the school page names a peer school")
        #expect(page.contains("](../charts/school_S12.svg)"))
        let svg = try scratch.read("out/charts/school_S12.svg")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let html = try scratch.read("out/report.html")
        #expect(html.contains("<svg"), "charts are inline in the HTML page")
        #expect(html.contains("Наука &amp; Спорт» &lt;им. &quot;Первых&quot;&gt;"), "school names are escaped in HTML")
        let withoutNamespaces = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"), "the page makes no external requests")
    }

    @Test("a row naming an unknown school lands in rejects.csv with file and line, and the run completes")
    func brokenRow() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        let observations = scratch.path("observations.csv")
        var text = try String(contentsOfFile: observations, encoding: .utf8)
        let lineCount = text.split(separator: "\n").count
        text += "NO_SUCH_SCHOOL,2023/24,contest_participation,50,100\n"
        try text.write(toFile: observations, atomically: true, encoding: .utf8)
        let result = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        #expect(result.dataset.rejects.count == 1)
        let rejects = try scratch.read("out/tables/rejects.csv").split(separator: "\n")
        #expect(rejects.count == 2)
        #expect(rejects[1].hasPrefix("observations.csv,\(lineCount + 1),school_id,NO_SUCH_SCHOOL,unknown school"))
        #expect(FileManager.default.fileExists(atPath: scratch.path("out/report.html")))
    }

    @Test("a survey value from too few respondents is withheld: the run says how many, and no output carries the figure")
    func withheldSurveyValue() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        let observations = scratch.path("observations.csv")
        try (try String(contentsOfFile: observations, encoding: .utf8) + "S01,2018/19,parent_satisfaction,12.345,3\n")
            .write(toFile: observations, atomically: true, encoding: .utf8)
        let result = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        #expect(result.dataset.withheld.count == 1)
        #expect(result.dataset.rejects.isEmpty)
        #expect(try scratch.read("out/report.md").contains("Не опубликовано (персональные данные): 1"))
        for file in try FileManager.default.subpathsOfDirectory(atPath: scratch.path("out")) where file.hasSuffix(".csv") || file.hasSuffix(".md") {
            let text = try scratch.read("out/\(file)")
            #expect(!text.contains("12.345") && !text.contains("12,345"), "\(file)")
        }
    }

    @Test("--strict with a rejected row fails and leaves the previous output untouched")
    func strictKeepsPreviousOutput() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        let out = scratch.path("out")
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: out))
        let before = try scratch.read("out/report.md")
        let observations = scratch.path("observations.csv")
        try (try String(contentsOfFile: observations, encoding: .utf8) + "S01,2023/24,contest_participation,abc,\n")
            .write(toFile: observations, atomically: true, encoding: .utf8)
        #expect(thrownMessage(PipelineError.self) {
            try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: out, strict: true))
        } == "--strict: 1 input row(s) rejected; first: observations.csv:3446 column value: not a number")
        #expect(try scratch.read("out/report.md") == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.hasPrefix(".out.") }
        #expect(leftovers.isEmpty, "no temporary folder is left behind")
    }

    @Test("a non-empty folder that is not an earlier output is never replaced: the run fails and the files stay")
    func foreignFolder() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        // The sample folder itself holds the inputs: `--out` pointing at it must not delete them.
        #expect(thrownMessage(OutputFolderError.self) {
            try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.url.path))
        } == "\(scratch.url.path) is not empty and is not an earlier msoko output (no manifest.json); msoko replaces its output folder whole, so choose a new or empty folder")
        #expect(FileManager.default.fileExists(atPath: scratch.path("observations.csv")))
        // An earlier output (it has manifest.json) is replaced, and a sample folder can be rewritten.
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        try SampleDistrict(schoolCount: 6, seed: 1).write(to: scratch.url.appendingPathComponent("again"))
        try SampleDistrict(schoolCount: 6, seed: 2).write(to: scratch.url.appendingPathComponent("again"))
        #expect(thrownMessage(OutputFolderError.self) { try SampleDistrict(schoolCount: 6, seed: 1).write(to: scratch.path("out").asURL) }
                == "\(scratch.path("out")) is not empty and is not an earlier msoko output (no .msoko-sample); msoko replaces its output folder whole, so choose a new or empty folder")
    }

    @Test("a broken catalog fails the run before anything is written")
    func brokenCatalog() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        try "areas: []\nindicators: []\n".write(toFile: scratch.path("indicators.yaml"), atomically: true, encoding: .utf8)
        #expect(thrownMessage(ConfigurationError.self) {
            try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        } == "indicators.yaml:1: the catalog lists no `areas`")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }

    @Test("the same inputs and seed give byte-identical outputs, the manifest's timings aside")
    func reproducible() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("a")))
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("b")))
        let files = try FileManager.default.subpathsOfDirectory(atPath: scratch.path("a")).filter { $0.contains(".") }.sorted()
        #expect(files.count > 10)
        for file in files where file != "manifest.json" {
            // Bytes, not text: tables.xlsx is a zip archive.
            #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("a/\(file)"))) == Data(contentsOf: URL(fileURLWithPath: scratch.path("b/\(file)"))),
                    "\(file)")
        }
    }

    @Test("the English report uses English texts and dot decimals")
    func english() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out"), language: .en))
        let report = try scratch.read("out/report.md")
        #expect(report.contains("Road map indicators"))
        #expect(report.contains("Analytical report for the period 2023/24"))
    }
}

@Suite("Measures are optional (issue 10)")
struct OptionalMeasuresTests {
    func sample(_ scratch: ScratchFolder) throws -> String {
        try SampleDistrict(schoolCount: 12, seed: 2024).write(to: scratch.url)
        return scratch.path("pipeline.yaml")
    }

    func dropMeasuresKey(_ pipeline: String) throws {
        let text = try String(contentsOfFile: pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "measures: measures.yaml\n", with: "")
            .write(toFile: pipeline, atomically: true, encoding: .utf8)
    }

    @Test("without a measures key and without measures.yaml beside the pipeline, the run uses the built-in measures and says so")
    func builtInMeasures() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        try dropMeasuresKey(pipeline)
        try FileManager.default.removeItem(atPath: scratch.path("measures.yaml"))
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        let recommendations = try scratch.read("out/tables/recommendations.csv").split(separator: "\n").dropFirst()
        #expect(!recommendations.isEmpty)
        let builtIn = try MeasureCatalog.parse(BuiltinFiles.measuresText, file: "built-in", catalog: Catalog.parse(
            BuiltinFiles.catalogText, file: "indicators.yaml"))
        let named = Set(recommendations.map { String($0.split(separator: ",")[3]) })
        #expect(named.isSubset(of: Set(builtIn.measures.map(\.id))) && named.contains("deputy_seminar"),
                "the recommendations name the default measures: \(named)")
        let report = try scratch.read("out/report.md")
        #expect(report.contains("встроенного перечня msoko") && report.contains("встроенный перечень msoko"))
        let manifest = try scratch.read("out/manifest.json")
        #expect(manifest.contains("\"measures\" : \"(built-in)\""))
    }

    @Test("without a measures key, measures.yaml beside the pipeline is used")
    func measuresBeside() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        try dropMeasuresKey(pipeline)
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        #expect(try scratch.read("out/manifest.json").contains("\"measures\" : \"measures.yaml\""))
        #expect(try !scratch.read("out/report.md").contains("встроенного перечня msoko"))
    }

    @Test("a measures file the pipeline names explicitly is still an error when it is missing")
    func namedMissingFile() throws {
        let scratch = try ScratchFolder()
        let pipeline = try sample(scratch)
        let text = try String(contentsOfFile: pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "measures: measures.yaml", with: "measures: nowhere.yaml")
            .write(toFile: pipeline, atomically: true, encoding: .utf8)
        #expect(thrownMessage(ConfigurationError.self) {
            try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        } == "nowhere.yaml: cannot read the measures file")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }

    @Test("the built-in measures' rules for areas and indicators a catalog lacks are ignored, not errors")
    func foreignCatalog() throws {
        let catalog = try Catalog.parse("""
            areas:
              - id: prevention
                name: {ru: "Профилактика", en: "Prevention"}
              - id: robotics
                name: {ru: "Робототехника", en: "Robotics"}
            indicators:
              - id: incidents
                name: {ru: "Происшествия", en: "Incidents"}
                area: prevention
                unit: per_100
                direction: down
              - id: robots
                name: {ru: "Роботы", en: "Robots"}
                area: robotics
                unit: count
                direction: up
            """, file: "indicators.yaml")
        #expect(thrownMessage(ConfigurationError.self) {
            try MeasureCatalog.parse(BuiltinFiles.measuresText, file: "measures.yaml", catalog: catalog)
        } == "measures.yaml:83: unknown area `upbringing_system`; use an area id of the catalog or `*`")
        let measures = try MeasureCatalog.parse(BuiltinFiles.measuresText, file: "(built-in)", catalog: catalog,
                                                ignoringUnknown: true)
        #expect(measures.rules.allSatisfy { $0.areaID == nil || catalog.area($0.areaID!) != nil })
        #expect(measures.rules.allSatisfy { $0.indicatorIDs.allSatisfy { catalog.indicator($0) != nil } })
        // An area the built-in file does not know gets the rules for every area.
        #expect(measures.measures(area: "robotics", indicator: "robots", kind: .confirmed).map(\.id) == ["deputy_seminar", "training_course"])
        // The built-in rule for prevention still applies to the catalog's prevention area.
        #expect(!measures.measures(area: "prevention", indicator: "incidents", kind: .confirmed).isEmpty)
    }
}

@Suite("The committed sample district and catalog")
struct CommittedSampleTests {
    @Test("regenerating the sample gives the committed bytes of Datasets/mosalsk-sample")
    func regenerates() throws {
        let district = try SampleDistrict(schoolCount: 12, seed: 2024)
        // Compared to a Bool first: on a mismatch the testing library would
        // otherwise compute an edit script of megabytes of bytes.
        for (name, contents) in district.files() {
            let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("Datasets/mosalsk-sample/\(name)"), encoding: .utf8)
            let same = committed == contents
            #expect(same, "Datasets/mosalsk-sample/\(name) differs: run `make sample-data`")
        }
        for (name, data) in try district.nativeFiles() {
            let committed = try Data(contentsOf: repositoryRoot.appendingPathComponent("Datasets/mosalsk-sample/\(name)"))
            let same = committed == data
            #expect(same, "Datasets/mosalsk-sample/\(name) differs: run `make sample-data`")
        }
    }

    @Test("the built-in catalog and measures of `msoko sample` are byte-identical to those in Pipelines/")
    func builtinCatalog() throws {
        let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("Pipelines/indicators.yaml"), encoding: .utf8)
        #expect(committed == BuiltinFiles.catalogText)
        let measures = try String(contentsOf: repositoryRoot.appendingPathComponent("Pipelines/measures.yaml"), encoding: .utf8)
        #expect(measures == BuiltinFiles.measuresText)
    }

    @Test("the reference pipeline validates with no rejected row")
    func referencePipeline() throws {
        let result = try PipelineRunner.validate(pipelinePath: repositoryRoot.appendingPathComponent("Pipelines/mosalsk.yaml").path)
        #expect(result.dataset.rejects.isEmpty)
        #expect(result.dataset.schools.count == 12)
    }

    @Test("different seeds give different districts; every generated value is accepted by ingest")
    func seeds() throws {
        let a = try SampleDistrict(schoolCount: 8, seed: 1).files()
        let b = try SampleDistrict(schoolCount: 8, seed: 2).files()
        #expect(a[1].contents != b[1].contents)
        let scratch = try ScratchFolder()
        try SampleDistrict(schoolCount: 30, seed: 5).write(to: scratch.url)
        let result = try PipelineRunner.validate(pipelinePath: scratch.path("pipeline.yaml"))
        #expect(result.dataset.rejects.isEmpty)
        #expect(result.dataset.schools.count == 30)
    }
}
