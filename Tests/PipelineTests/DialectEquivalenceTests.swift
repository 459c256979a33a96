import Foundation
import Testing
@testable import MsokoModel
@testable import MsokoPipeline

@Suite("One district in every dialect a school sends gives the same analysis")
struct DialectEquivalenceTests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/PipelineTests/Fixtures/dialects")

    /// Runs the reference pipeline's settings on the given tables; returns
    /// `normalized.csv` without its `source` column (the one column that
    /// names each value's place, so it differs by format) and the rejects.
    func run(schools: String, observations: String) throws -> (normalized: [String], rejects: String, sources: Set<String>) {
        let scratch = try ScratchFolder()
        let pipelines = repositoryRoot.appendingPathComponent("Pipelines").path
        try """
        title: "Dialects"
        catalog: \(pipelines)/indicators.yaml
        measures: \(pipelines)/measures.yaml
        schools: \(schools)
        observations:
          - \(observations)
        clustering: {k: auto, k_max: 6, restarts: 20, seed: 42}
        """.write(toFile: scratch.path("pipeline.yaml"), atomically: true, encoding: .utf8)
        _ = try PipelineRunner.run(pipelinePath: scratch.path("pipeline.yaml"),
                                   options: RunOptions(outputDirectory: scratch.path("out")))
        let lines = try scratch.read("out/tables/normalized.csv").split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let sourceColumn = try #require(header.firstIndex(of: "source"))
        // The columns before and after `source` hold ids, numbers and flags,
        // never a comma; the path inside `source` may hold one.
        let after = header.count - 1 - sourceColumn
        var sources: Set<String> = []
        let normalized = lines.map { line -> String in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= header.count else { return line }
            let source = fields[sourceColumn..<(fields.count - after)].joined(separator: ",")
            sources.insert(source.split(separator: ":").first.map(String.init) ?? "")
            return (fields[..<sourceColumn] + fields[(fields.count - after)...]).joined(separator: ",")
        }
        return (normalized, try scratch.read("out/tables/rejects.csv"), sources)
    }

    @Test("UTF-8 comma CSV and Windows-1251 `;` CSV with decimal commas give identical normalized.csv")
    func windows1251() throws {
        let sample = repositoryRoot.appendingPathComponent("Datasets/mosalsk-sample").path
        let canonical = try run(schools: "\(sample)/schools.csv", observations: "\(sample)/observations.csv")
        let cp1251 = Self.fixtures.appendingPathComponent("windows-1251").path
        let native = try run(schools: "\(cp1251)/schools.csv", observations: "\(cp1251)/observations.csv")
        #expect(canonical.rejects == "file,line,column,value,reason\n")
        #expect(native.rejects == canonical.rejects, "nothing is rejected in either")
        #expect(native.normalized.count == canonical.normalized.count)
        #expect(native.normalized == canonical.normalized)
        #expect(native.sources.contains { $0.hasSuffix("windows-1251/observations.csv") }, "the places name the file read")
    }

    @Test("UTF-8 comma CSV and XLSX written by LibreOffice give identical normalized.csv; places name the sheet")
    func xlsx() throws {
        let sample = repositoryRoot.appendingPathComponent("Datasets/mosalsk-sample").path
        let canonical = try run(schools: "\(sample)/schools.csv", observations: "\(sample)/observations.csv")
        let workbooks = Self.fixtures.appendingPathComponent("xlsx").path
        let native = try run(schools: "\(workbooks)/schools.xlsx", observations: "\(workbooks)/observations.xlsx")
        #expect(native.rejects == canonical.rejects)
        #expect(native.normalized.count == canonical.normalized.count)
        #expect(native.normalized == canonical.normalized)
        #expect(native.sources.contains { $0.hasSuffix("observations.xlsx!observations") }, "\(native.sources.prefix(3))")
    }
}
