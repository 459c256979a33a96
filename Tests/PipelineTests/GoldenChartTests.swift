import Foundation
import Testing
@testable import MsokoPipeline

/// One chart of each type, from the sample district's run, against its
/// committed SVG. A deliberate change of a chart or of the sample is
/// accepted by regenerating the files:
/// `MSOKO_UPDATE_GOLDEN=1 swift test --filter GoldenChart`.
@Suite("Golden charts: every chart type of the sample district's report")
struct GoldenChartTests {
    static let folder = repositoryRoot.appendingPathComponent("Tests/PipelineTests/Fixtures/golden")
    static let charts = [
        "area_distribution", "area_means", "cluster_criteria", "cluster_map", "cluster_profiles", "context",
        "deficit_ranking", "heatmap", "roadmap_contest_participation", "trends",
        "school_S08", "school_S08_distribution", "school_S08_trends",
    ]

    @Test("each chart type's SVG equals its golden file byte for byte")
    func charts() throws {
        let scratch = try ScratchFolder()
        _ = try PipelineRunner.run(pipelinePath: repositoryRoot.appendingPathComponent("Pipelines/mosalsk.yaml").path,
                                   options: RunOptions(outputDirectory: scratch.path("out")))
        let update = ProcessInfo.processInfo.environment["MSOKO_UPDATE_GOLDEN"] == "1"
        for chart in Self.charts {
            let produced = try Data(contentsOf: URL(fileURLWithPath: scratch.path("out/charts/\(chart).svg")))
            let golden = Self.folder.appendingPathComponent("\(chart).svg")
            if update { try produced.write(to: golden) }
            let expected = try Data(contentsOf: golden)
            #expect(produced == expected, "charts/\(chart).svg differs from its golden file (regenerate deliberately with MSOKO_UPDATE_GOLDEN=1)")
        }
    }
}
