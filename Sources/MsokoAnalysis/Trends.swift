import MsokoLinearAlgebra
import MsokoModel
import MsokoStatistics

/// A trend turned into plain words with the indicator's direction
/// (`assessment` in `trends.csv`).
public enum Assessment: String, CaseIterable, Sendable {
    case improving, worsening, stable
    case insufficientData = "insufficient_data"

    /// increasing & up or decreasing & down → improving; the opposite pairs →
    /// worsening; no trend → stable.
    public init(_ trend: TrendDirection, direction: Direction) {
        switch (trend, direction) {
        case (.increasing, .up), (.decreasing, .down): self = .improving
        case (.increasing, .down), (.decreasing, .up): self = .worsening
        case (.noTrend, _): self = .stable
        case (.insufficientData, _): self = .insufficientData
        }
    }
}

/// Whether the linear forecast reaches the target by the end of the road map.
public enum TargetOutlook: String, CaseIterable, Sendable {
    /// The whole prediction interval meets the target.
    case onTrack = "on_track"
    /// The interval contains the target.
    case atRisk = "at_risk"
    /// The whole interval misses the target.
    case offTrack = "off_track"
}

/// The linear forecast of a series for the road map's last year.
public struct TargetForecast: Hashable, Sendable {
    /// The period forecast (the road map's last year, or its last term for a termly series).
    public let period: Period
    public let estimate: Double
    /// The prediction interval at the pipeline's confidence level.
    public let low: Double
    public let high: Double
    public let target: Double
    public let outlook: TargetOutlook
}

/// The trend of one indicator for one school or for the district.
public struct TrendResult: Sendable {
    /// A school id, or `district`.
    public let entity: String
    public let indicatorID: String
    /// The periods of the series, ascending (only those with a value).
    public let periods: [Period]
    public let values: [Double]
    public let summary: TrendSummary
    public let assessment: Assessment
    public let forecast: TargetForecast?

    public var isDistrict: Bool { entity == TrendAnalysisStage.districtEntity }
}

/// Trends of every school × indicator and of the district (trends.csv).
///
/// - Series: observed values only (imputed ones are not evidence of a
///   change), up to the analysed period. One granularity per series: a
///   yearly indicator uses its school-year values; a termly indicator its
///   term values, or its year values when the series has no term values.
///   Time is `Period.time`, so slopes are per school year.
/// - Statistics: one `TrendAnalyzer` for the stage (Mann–Kendall with tie
///   correction, Sen's slope, OLS), α = `trend_alpha` for the verdict, the
///   slope intervals at `confidence`; fewer than 4 periods → `insufficient_data`.
/// - District series: per period, the base-weighted mean Σvᵢbᵢ / Σbᵢ when
///   every school's value of that period has a base (a pooled rate), else the
///   plain mean over the schools that reported.
/// - Forecast (indicators with a target, not yes/no facts, series of ≥ 4 periods): the OLS
///   line at the road map's last year (`roadmap_end`; its term 4 for a termly
///   series) with the prediction interval at `confidence` (R
///   `predict(interval = "prediction")`) → on track / at risk / off track.
public enum TrendAnalysisStage {
    public static let districtEntity = Identifier.district
    static let minimumCount = 4

    static func run(index: PeriodLookup, schoolIDs: [String], indicators: [Indicator], period: Period,
                    settings: AnalysisSettings) -> [TrendResult] {
        let panel = index.panel
        let schoolCodes = schoolIDs.map { panel.schoolCode($0) }
        let indicatorCodes = indicators.map { panel.indicatorCode($0.id) }
        /// School `i`'s series of indicator `j` (rows of the panel).
        @Sendable func rows(_ i: Int, _ j: Int) -> [Int] {
            guard let school = schoolCodes[i], let code = indicatorCodes[j] else { return [] }
            return series(index.series(school: school, indicator: code), panel: panel, indicator: indicators[j], upTo: period)
        }
        // The district's trends first, one indicator per task: each pools
        // its schools' series, independent of the schools' fits.
        let districts: [TrendResult] = Parallelism.map(indicators.count) { j in
            let analyzer = TrendAnalyzer(alpha: settings.trendAlpha, confidence: settings.confidence,
                                         minimumCount: minimumCount)
            let district = districtSeries(schoolIDs.indices.map { rows($0, j) }, panel: panel)
            return trend(entity: districtEntity, indicator: indicators[j], periods: district.map(\.0),
                         values: district.map(\.1), settings: settings, analyzer: analyzer)
        }
        // The schools' series are independent: fitted in parallel blocks of
        // one indicator, each trend written in its place of the layout (no
        // copy of 1.6 million trends on this thread).
        let stride = schoolIDs.count + 1
        let blockSize = 512
        let blocksPerIndicator = (schoolIDs.count + blockSize - 1) / blockSize
        return [TrendResult](unsafeUninitializedCapacity: indicators.count * stride) { buffer, initialized in
            guard let start = buffer.baseAddress else { return }
            let target = SharedPointer(start)
            Parallelism.forEach(indicators.count * blocksPerIndicator) { task in
                let (j, block) = task.quotientAndRemainder(dividingBy: blocksPerIndicator)
                // An analyser keeps scratch memory: one per block, never shared.
                let analyzer = TrendAnalyzer(alpha: settings.trendAlpha, confidence: settings.confidence,
                                             minimumCount: minimumCount)
                for i in (block * blockSize)..<min(schoolIDs.count, (block + 1) * blockSize) {
                    let rows = rows(i, j)
                    (target.base + j * stride + i).initialize(to: trend(
                        entity: schoolIDs[i], indicator: indicators[j], periods: rows.map(panel.period(at:)),
                        values: rows.map { panel.valueColumn[$0] }, settings: settings, analyzer: analyzer))
                }
            }
            for j in indicators.indices { (start + j * stride + schoolIDs.count).initialize(to: districts[j]) }
            initialized = indicators.count * stride
        }
    }

    /// The part of a school's rows (with values, in period order) that forms its series (see the type).
    static func series(_ rows: [Int], panel: ObservationPanel, indicator: Indicator, upTo period: Period) -> [Int] {
        let window = rows.filter { row in
            let rowPeriod = panel.period(at: row)
            return period.isYear ? rowPeriod.startYear <= period.startYear
                : rowPeriod <= period || rowPeriod == period.schoolYear
        }
        let terms = window.filter { !panel.period(at: $0).isYear }
        if indicator.frequency == .term && !terms.isEmpty { return terms }
        return window.filter { panel.period(at: $0).isYear }
    }

    /// The district's value per period (see the type): base-weighted where
    /// every contributing value has a base, else the plain mean. The
    /// schools' series are rows of `panel` with values.
    static func districtSeries(_ schoolSeries: [[Int]], panel: ObservationPanel) -> [(Period, Double)] {
        // Rows by period code, in the order met (school order, then series order).
        let periods = panel.periods
        var byPeriod = [[Int]](repeating: [], count: periods.count)
        for series in schoolSeries { for row in series { byPeriod[Int(panel.periodColumn[row])].append(row) } }
        // A termly indicator whose schools mix term and year series: keep the
        // granularity most schools use.
        let termCount = periods.indices.filter { !periods[$0].isYear }.reduce(0) { $0 + byPeriod[$1].count }
        let yearCount = periods.indices.filter { periods[$0].isYear }.reduce(0) { $0 + byPeriod[$1].count }
        let useTerms = termCount > yearCount
        let kept = periods.indices.filter { !byPeriod[$0].isEmpty && periods[$0].isYear != useTerms }
        return kept.sorted { periods[$0] < periods[$1] }.map { code in
            let rows = byPeriod[code]
            return (periods[code], DistrictValue.pooled(values: rows.map { panel.valueColumn[$0] },
                                                        bases: rows.map(panel.base(at:))))
        }
    }

    static func trend(entity: String, indicator: Indicator, periods: [Period], values: [Double],
                      settings: AnalysisSettings, analyzer: TrendAnalyzer) -> TrendResult {
        let summary = analyzer.analyze(times: periods.map(\.time)[...], values: values[...])
        var forecast: TargetForecast?
        if let target = indicator.target, indicator.unit != .bool, let fit = summary.ols, summary.n >= minimumCount {
            let termly = periods.contains { !$0.isYear }
            let end = termly ? Period(startYear: settings.roadmapEnd.startYear, term: 4) : settings.roadmapEnd
            let prediction = fit.predictionInterval(at: end.time, level: settings.confidence)
            if prediction.low.isFinite && prediction.high.isFinite {
                forecast = TargetForecast(period: end, estimate: prediction.estimate, low: prediction.low,
                                          high: prediction.high, target: target,
                                          outlook: outlook(low: prediction.low, high: prediction.high,
                                                           target: target, direction: indicator.direction))
            }
        }
        return TrendResult(entity: entity, indicatorID: indicator.id, periods: periods, values: values,
                           summary: summary, assessment: Assessment(summary.direction, direction: indicator.direction),
                           forecast: forecast)
    }

    /// up: low ≥ T on track, high < T off track; down mirrored; else at risk.
    static func outlook(low: Double, high: Double, target: Double, direction: Direction) -> TargetOutlook {
        switch direction {
        case .up: return low >= target ? .onTrack : (high < target ? .offTrack : .atRisk)
        case .down: return high <= target ? .onTrack : (low > target ? .offTrack : .atRisk)
        }
    }
}

/// The trends of one analysis as `TrendAnalysisStage.run` lays them out:
/// per indicator, every school's in school order, then the district's. A
/// trend is found by position, not by a lookup on its names (a national
/// run has 1.6 million).
struct TrendLayout {
    let trends: [TrendResult]
    let schoolCount: Int
    let indicatorCount: Int

    init(_ trends: [TrendResult], schoolCount: Int, indicatorCount: Int) {
        precondition(trends.count == indicatorCount * (schoolCount + 1), "trends not in the stage's layout")
        self.trends = trends
        self.schoolCount = schoolCount
        self.indicatorCount = indicatorCount
    }

    /// School `i`'s trend of indicator `j`.
    func school(_ i: Int, indicator j: Int) -> TrendResult { trends[j * (schoolCount + 1) + i] }

    /// The district's trend of indicator `j`.
    func district(indicator j: Int) -> TrendResult { trends[j * (schoolCount + 1) + schoolCount] }
}

/// The district's value of an indicator from its schools' values: the
/// base-weighted mean Σvᵢbᵢ / Σbᵢ (a pooled rate) when every value has a
/// positive base, else the plain mean. One rule for the trend series and the
/// road map's district values.
enum DistrictValue {
    static func pooled(values: [Double], bases: [Double?]) -> Double {
        if bases.allSatisfy({ ($0 ?? 0) > 0 }) {
            return Descriptive.weightedMean(values, weights: bases.map { $0! })
        }
        return Descriptive.mean(values)
    }
}
