import MsokoAnalysis
import MsokoCharts
import MsokoModel

/// The term's analytical report (road map item 4.1), one page of targeted
/// recommendations per school (item 4.3), and the charts of both — all as
/// values; rendering and writing are separate.
public struct TermReport: Sendable {
    public struct SchoolPage: Sendable {
        public let schoolID: String
        public let document: ReportDocument
        /// The page's own charts, by file name under `charts/`.
        public let charts: [(file: String, svg: String)]
    }

    public let document: ReportDocument
    /// The front page of the output folder (`index.html`): the report and every school page.
    public let index: ReportDocument
    /// The district report's charts, by file name under `charts/` (each
    /// school page carries its own, `SchoolPage.charts`).
    public let charts: [(file: String, svg: String)]
    /// The builder the school pages are made from, one at a time: a country
    /// has 40,000 pages, which are written as they are made, never all held.
    private let builder: TermReportBuilder

    /// Past this many schools a school page's charts get no files of their
    /// own: they are drawn inline in the page's HTML only, and its Markdown
    /// links that page. A region keeps every chart as a file; creating a
    /// country's 120,000 chart files cost about as much as making all its
    /// pages (docs/contract.md §3).
    public static let schoolChartFileLimit = 1_000

    /// The report of `context`; `schoolChartFileLimit` is the number of
    /// schools up to which school charts are also written as files.
    public init(context: ReportContext, schoolChartFileLimit: Int = TermReport.schoolChartFileLimit) {
        var builder = TermReportBuilder(context: context)
        builder.schoolChartFiles = context.dataset.schools.count <= schoolChartFileLimit
        document = builder.mainDocument()
        index = builder.indexDocument()
        charts = builder.charts
        builder.charts = []
        self.builder = builder
    }

    /// The number of school pages (one per school of the dataset).
    public var schoolCount: Int { builder.context.dataset.schools.count }

    /// The page of school number `index` (in the dataset's order) with its
    /// charts. Pages are independent, so they may be made concurrently.
    public func schoolPage(_ index: Int) -> SchoolPage {
        // The page's charts are collected apart: copying the builder for
        // each page retained every array of the analysis, twice.
        let school = builder.context.dataset.schools[index]
        var charts: [(file: String, svg: String)] = []
        let document = builder.schoolDocument(school, charts: &charts)
        return SchoolPage(schoolID: school.id, document: document, charts: charts)
    }

    /// Every school page, in the dataset's order (for small districts and tests).
    public var schoolPages: [SchoolPage] { (0..<schoolCount).map(schoolPage) }
}

struct TermReportBuilder: @unchecked Sendable {
    let context: ReportContext
    let format: ReportFormatting
    let analysis: TermAnalysisResult
    let chartMaker: ReportCharts
    var charts: [(file: String, svg: String)] = []
    /// Whether a school page's charts are also written as files (`TermReport.schoolChartFileLimit`).
    var schoolChartFiles = true
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
    /// The context indicators' district means, as shown on every school page.
    let contextDistrictMeans: [String]

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
        var trendIndex = TrendIndex(analysis.trends)
        trendIndex.drawn = chartMaker.trendIndicators(trendIndex)
        self.trendIndex = trendIndex
        contextDistrictMeans = Self.contextDistrictMeans(analysis.context, format: format)
    }

    /// Adds a chart file and returns the figure block that shows it.
    mutating func figure(_ chart: some SVGDrawable, file: String, caption: String, pathPrefix: String = "") -> ReportBlock {
        figure(chart, file: file, caption: caption, pathPrefix: pathPrefix, into: &charts)
    }

    /// Adds a chart file to `charts` and returns the figure block that shows it.
    func figure(_ chart: some SVGDrawable, file: String, caption: String, pathPrefix: String = "",
                into charts: inout [(file: String, svg: String)]) -> ReportBlock {
        let svg = chart.svg()
        charts.append((file, svg))
        return .figure(svg: svg, file: pathPrefix + "charts/" + file, caption: caption)
    }

    /// A chart of `school`'s page: a file under `charts/` (added to
    /// `charts`) unless `schoolChartFiles` is off, then drawn inline only.
    func schoolFigure(_ chart: some SVGDrawable, school: String, file: String, caption: String,
                      into charts: inout [(file: String, svg: String)]) -> ReportBlock {
        guard schoolChartFiles else {
            return .inlineFigure(svg: chart.svg(), caption: caption,
                                 page: ReportLink(text: t("график на HTML-странице школы", "the chart on the school's HTML page"), target: school))
        }
        return figure(chart, file: file, caption: caption, pathPrefix: "../", into: &charts)
    }
}

func uniqueInOrder<T: Hashable>(_ items: [T]) -> [T] {
    var seen = Set<T>()
    return items.filter { seen.insert($0).inserted }
}
