import Foundation
import MsokoAnalysis
import MsokoModel
import MsokoPipeline

/// The synthetic sample district of `Datasets/mosalsk-sample` with the
/// catalog and measures of `Pipelines/`, analysed once for all sample tests.
enum SampleDistrict {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let catalog: Catalog = try! Catalog.load(path: root.appendingPathComponent("Pipelines/indicators.yaml").path)

    /// The reference pipeline's dataset: `observations.csv` and, for the
    /// latest year, the native files its `sources:` read.
    static let dataset: Dataset = try! PipelineRunner.validate(
        pipelinePath: root.appendingPathComponent("Pipelines/mosalsk.yaml").path).dataset

    static let measures: MeasureCatalog = try! MeasureCatalog.load(
        path: root.appendingPathComponent("Pipelines/measures.yaml").path, displayName: "measures.yaml", catalog: catalog)

    static let result: TermAnalysisResult = try! TermAnalysis.run(
        dataset: dataset, catalog: catalog, settings: AnalysisSettings(sensitivity: SensitivitySettings(draws: 200)),
        measures: measures, period: Period("2023/24")!, language: .en)
}
