import MsokoAnalysis
import MsokoCharts
import MsokoModel

/// The term's analytical report (road map item 4.1), one page of targeted
/// recommendations per school (item 4.3), and the charts of both — all as
/// values; rendering and writing are separate.
public struct TermReport {
    public struct SchoolPage {
        public let schoolID: String
        public let document: ReportDocument
    }

    public let document: ReportDocument
    /// The front page of the output folder (`index.html`): the report and every school page.
    public let index: ReportDocument
    public let schoolPages: [SchoolPage]
    /// Every chart, by file name under `charts/`.
    public let charts: [(file: String, svg: String)]

    public init(context: ReportContext) {
        var builder = TermReportBuilder(context: context)
        document = builder.mainDocument()
        schoolPages = context.dataset.schools.map { school in
            SchoolPage(schoolID: school.id, document: builder.schoolDocument(school))
        }
        charts = builder.charts
        index = builder.indexDocument()
    }
}

struct TermReportBuilder {
    let context: ReportContext
    let format: ReportFormatting
    let analysis: TermAnalysisResult
    let chartMaker: ReportCharts
    private(set) var charts: [(file: String, svg: String)] = []
    /// Per-school findings, grouped once (a region or the country has
    /// thousands of pages; filtering the whole lists per page is quadratic).
    let summaries: [String: SchoolSummary]
    let deficitsBySchool: [String: [Deficit]]
    let warningsBySchool: [String: [EarlyWarning]]
    let recommendationsBySchool: [String: [Recommendation]]
    let bestPracticesBySchool: [String: [BestPractice]]
    let clusterBySchool: [String: ClusteredSchool]
    /// The spread of each area's scores over the schools, drawn on every page.
    let areaSpreads: [String: AreaDistribution]
    /// The trend series by indicator and by school, for the trends charts.
    let trendIndex: TrendIndex

    init(context: ReportContext) {
        self.context = context
        self.format = ReportFormatting(language: context.language)
        self.analysis = context.analysis
        self.chartMaker = ReportCharts(context: context, format: format)
        let analysis = context.analysis
        summaries = Dictionary(analysis.schools.map { ($0.schoolID, $0) }, uniquingKeysWith: { first, _ in first })
        deficitsBySchool = Dictionary(grouping: analysis.deficits, by: \.schoolID)
        warningsBySchool = Dictionary(grouping: analysis.earlyWarnings, by: \.schoolID)
        recommendationsBySchool = Dictionary(grouping: analysis.recommendations, by: \.schoolID)
        bestPracticesBySchool = Dictionary(grouping: analysis.bestPractices, by: \.schoolID)
        clusterBySchool = Dictionary(context.clusters.schools.map { ($0.schoolID, $0) }, uniquingKeysWith: { first, _ in first })
        var spreads: [String: AreaDistribution] = [:]
        for area in analysis.areas {
            spreads[area.areaID] = AreaDistribution(analysis.schools.compactMap { $0.areaScores[area.areaID] })
        }
        areaSpreads = spreads
        trendIndex = TrendIndex(analysis.trends)
    }

    /// Adds a chart file and returns the figure block that shows it.
    mutating func figure(_ chart: some SVGDrawable, file: String, caption: String, pathPrefix: String = "") -> ReportBlock {
        let svg = chart.svg()
        charts.append((file, svg))
        return .figure(svg: svg, file: pathPrefix + "charts/" + file, caption: caption)
    }
}

func uniqueInOrder<T: Hashable>(_ items: [T]) -> [T] {
    var seen = Set<T>()
    return items.filter { seen.insert($0).inserted }
}
