import Foundation
import MsokoAnalysis
import MsokoModel

/// The synthetic sample district of `Datasets/mosalsk-sample` with the
/// catalog and measures of `Pipelines/`, analysed once for all sample tests.
/// (This test target does not depend on MsokoIngest; the sample's
/// observations file has no quoted cells, so splitting at commas reads it.)
enum SampleDistrict {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let catalog: Catalog = try! Catalog.load(path: root.appendingPathComponent("Pipelines/indicators.yaml").path)

    static let dataset: Dataset = {
        let path = root.appendingPathComponent("Datasets/mosalsk-sample/observations.csv").path
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        var observations: [Observation] = []
        for (offset, line) in text.split(separator: "\n").enumerated().dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            observations.append(Observation(schoolID: cells[0], period: Period(cells[1])!, indicatorID: cells[2],
                                            value: Double(cells[3]), base: cells.count > 4 ? Double(cells[4]) : nil,
                                            source: SourceRow(file: "observations.csv", line: offset + 1)))
        }
        let ids = Set(observations.map(\.schoolID)).sorted()
        let schools = ids.enumerated().map { School(id: $1, name: $1, source: SourceRow(file: "schools.csv", line: $0 + 2)) }
        return Dataset(schools: schools, observations: observations, rejects: [], inputs: [])
    }()

    static let measures: MeasureCatalog = try! MeasureCatalog.load(
        path: root.appendingPathComponent("Pipelines/measures.yaml").path, displayName: "measures.yaml", catalog: catalog)

    static let result: TermAnalysisResult = try! TermAnalysis.run(
        dataset: dataset, catalog: catalog, settings: AnalysisSettings(sensitivity: SensitivitySettings(draws: 200)),
        measures: measures, period: Period("2023/24")!, language: .en)
}
