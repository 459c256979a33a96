import Foundation
import Testing
@testable import MsokoAnalysis
@testable import MsokoModel
@testable import MsokoPipeline
@testable import MsokoReport

@Suite("School charts past the file limit (issue 13)")
struct SchoolChartFilesTests {
    /// The sample district's report context (the reference pipeline, its measures, 2023/24).
    static func sampleContext() throws -> ReportContext {
        let pipeline = repositoryRoot.appendingPathComponent("Pipelines/mosalsk.yaml").path
        let dataset = try PipelineRunner.validate(pipelinePath: pipeline).dataset
        let catalog = try Catalog.load(path: repositoryRoot.appendingPathComponent("Pipelines/indicators.yaml").path)
        let measures = try MeasureCatalog.load(path: repositoryRoot.appendingPathComponent("Pipelines/measures.yaml").path,
                                               displayName: "measures.yaml", catalog: catalog)
        let analysis = try TermAnalysis.run(dataset: dataset, catalog: catalog, settings: AnalysisSettings(sensitivity: SensitivitySettings(draws: 50)),
                                            measures: measures, period: Period("2023/24")!, language: .ru)
        let clusters = try ClusterStage.run(analysis: analysis, catalog: catalog, settings: ClusteringSettings())
        return ReportContext(title: "Тест", language: .ru, catalog: catalog, dataset: dataset, period: Period("2023/24")!,
                             reportDate: "2024-06-01", analysis: analysis.comparingWithClusters(clusters, catalog: catalog),
                             clusters: clusters, clustering: ClusteringSettings())
    }

    @Test("past the limit a school page has no chart files, its HTML is the same bytes, its Markdown links the HTML page per chart")
    func inlineOnlyPastTheLimit() throws {
        let context = try Self.sampleContext()
        #expect(context.dataset.schools.count == 12)
        let withFiles = TermReport(context: context)
        let inlineOnly = TermReport(context: context, schoolChartFileLimit: 11)
        var figures = 0
        for index in 0..<withFiles.schoolCount {
            let full = withFiles.schoolPage(index), page = inlineOnly.schoolPage(index)
            #expect(page.charts.isEmpty, "\(page.schoolID) still has chart files")
            #expect(page.document.html() == full.document.html(), "\(page.schoolID): the HTML page changed")
            let markdown = page.document.markdown()
            #expect(!markdown.contains("charts/"), "\(page.schoolID) links a chart file")
            // Each chart the full page links as a file is named by its caption and links the HTML page.
            let linked = markdown.components(separatedBy: "](\(page.schoolID).html)").count - 1
            #expect(linked == full.charts.count && linked >= 2, "\(page.schoolID): \(linked) links for \(full.charts.count) charts")
            #expect(markdown.contains("* — [график на HTML-странице школы](\(page.schoolID).html)"))
            figures += linked
        }
        #expect(figures >= 2 * withFiles.schoolCount)
        // The district report and its charts do not depend on the limit.
        #expect(inlineOnly.document.markdown() == withFiles.document.markdown())
        #expect(inlineOnly.charts.map(\.file) == withFiles.charts.map(\.file))
    }

    @Test("up to the limit every school chart is a file its Markdown page shows")
    func filesUpToTheLimit() throws {
        let report = TermReport(context: try Self.sampleContext(), schoolChartFileLimit: 12)
        let page = report.schoolPage(0)
        #expect(page.charts.count >= 2)
        for chart in page.charts { #expect(page.document.markdown().contains("](../charts/\(chart.file))")) }
    }
}
