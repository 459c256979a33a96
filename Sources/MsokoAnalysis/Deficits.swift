import MsokoModel
import MsokoStatistics

/// How sure a deficit is, given the sampling noise of small schools.
public enum DeficitStatus: String, CaseIterable, Sendable {
    /// The whole confidence interval is on the wrong side of the reference
    /// (or the value has no base, so no sampling uncertainty is recorded).
    case confirmed
    /// The value misses the reference but its interval reaches it.
    case possible
}

/// What a value is compared with.
public enum ReferenceKind: String, CaseIterable, Sendable {
    /// The approved target of the indicator.
    case target
    /// The district median of the period (the indicator has no target).
    case districtMedian = "district_median"
}

/// A school's shortfall on one indicator (дефицит), traceable to its input row.
public struct Deficit: Hashable, Sendable {
    public let schoolID: String
    public let indicatorID: String
    public let areaID: String
    /// The reported value, in the indicator's unit.
    public let value: Double
    /// The approved target, when there is one.
    public let target: Double?
    /// What the value is compared with: the target or the district median.
    public let reference: Double
    public let referenceKind: ReferenceKind
    /// The shortfall in the indicator's unit, positive: up `reference − value`, down `value − reference`.
    public let gap: Double
    /// See `DeficitAnalysis`; 0…100·(relative weight).
    public let severity: Double
    public let status: DeficitStatus
    /// The Wilson interval of a percentage with a base, in percent.
    public let low: Double?
    public let high: Double?
    /// The period the value was read from.
    public let period: Period
    public let base: Double?
    public let source: SourceRow?
}

/// A school that still meets its reference but whose indicator worsens
/// significantly (раннее предупреждение, early warning).
public struct EarlyWarning: Hashable, Sendable {
    public let schoolID: String
    public let indicatorID: String
    public let areaID: String
    public let value: Double
    public let reference: Double
    public let referenceKind: ReferenceKind
    public let period: Period
    /// Sen's slope, in the indicator's unit per school year.
    public let senSlope: Double?
    /// The Mann–Kendall two-sided p-value.
    public let mannKendallP: Double?
    /// The forecast for the road map's last year, when the indicator has a target.
    public let forecast: TargetForecast?
    public let source: SourceRow?
}

/// One line of the league table of need (`school_ranking.csv`).
public struct RankingEntry: Hashable, Sendable {
    /// 1 = the school that most needs support.
    public let rank: Int
    public let schoolID: String
    /// The sum of the severities of the school's deficits.
    public let deficitScore: Double
    public let deficitCount: Int
    public let confirmedCount: Int
    /// The area with the largest summed severity; nil without deficits.
    public let mainDeficitAreaID: String?
    public let overallIndex: Double?
    public let earlyWarningCount: Int
}

/// Deficits, early warnings and the ranking of need.
///
/// A reported (not imputed) value is a deficit when it is worse than its
/// reference:
/// - with a target T: up `x < T`, down `x > T`; the gap is measured to T;
/// - without a target: worse than the district's quartile on the bad side
///   (up `x < Q₁`, down `x > Q₃`, type-7 quartiles of the reported values,
///   at least 4 of them), the gap measured to the district median — so that
///   only the worst quarter counts, not half the district.
///
/// Uncertainty (Wilson 1927): for a percentage with a base n, the Wilson
/// score interval of x/100 with n trials at `confidence`; the deficit is
/// *confirmed* when the whole interval is on the wrong side of the reference
/// (up: high < reference; down: low > reference), else *possible*. A value
/// without a base is a count or a fact with no sampling error recorded: confirmed.
///
/// Severity = 100 · r · w · c, with r = min(1, gap / |reference|) the
/// relative gap (gap / district range when the reference is 0), w = the
/// indicator's weight over the mean weight of its area, c = 1 confirmed,
/// 0.5 possible. A school's deficit score is the sum of its severities; rank
/// 1 has the largest, ties broken by the lower overall index, then the id.
///
/// Early warning: a reported value that meets its reference while the
/// school's trend of the indicator is `worsening` (Mann–Kendall p < α).
public enum DeficitAnalysis {
    static func deficits(grid: ValueGrid, catalog: Catalog, confidence: Double) -> [Deficit] {
        var result: [Deficit] = []
        for (j, indicator) in grid.indicators.enumerated() {
            let observed = grid.cells.compactMap { $0[j].imputation == .none ? $0[j].value : nil }
            guard !observed.isEmpty else { continue }
            let median = Descriptive.median(observed)
            let range = observed.max()! - observed.min()!
            // The worse quartile of the district, once per indicator (not per school).
            let worseQuartile = observed.count >= 4
                ? Descriptive.quantile(observed, indicator.direction == .up ? 0.25 : 0.75) : nil
            let areaWeights = catalog.indicators(inArea: indicator.area).map(\.weight)
            let weightFactor = indicator.weight / Descriptive.mean(areaWeights)
            for (i, school) in grid.schoolIDs.enumerated() {
                let cell = grid.cells[i][j]
                guard cell.imputation == .none, let value = cell.value, let period = cell.period else { continue }
                let up = indicator.direction == .up
                let reference: Double
                let kind: ReferenceKind
                if let target = indicator.target {
                    guard up ? value < target : value > target else { continue }
                    reference = target
                    kind = .target
                } else {
                    guard let quartile = worseQuartile, up ? value < quartile : value > quartile else { continue }
                    reference = median
                    kind = .districtMedian
                }
                let gap = up ? reference - value : value - reference
                var low: Double?, high: Double?
                var status = DeficitStatus.confirmed
                if indicator.unit == .percent, let base = cell.base, base > 0, (0...100).contains(value) {
                    let interval = WilsonInterval.interval(successes: value / 100 * base, trials: base, confidence: confidence)
                    if interval.low.isFinite && interval.high.isFinite {
                        low = 100 * interval.low
                        high = 100 * interval.high
                        let clear = up ? high! < reference : low! > reference
                        status = clear ? .confirmed : .possible
                    }
                }
                let scale = reference != 0 ? abs(reference) : (range > 0 ? range : 1)
                let relativeGap = min(1, gap / scale)
                let severity = 100 * relativeGap * weightFactor * (status == .confirmed ? 1 : 0.5)
                result.append(Deficit(schoolID: school, indicatorID: indicator.id, areaID: indicator.area, value: value,
                                      target: indicator.target, reference: reference, referenceKind: kind, gap: gap,
                                      severity: severity, status: status, low: low, high: high, period: period,
                                      base: cell.base, source: cell.source))
            }
        }
        return result.sorted { lhs, rhs in
            lhs.schoolID != rhs.schoolID ? lhs.schoolID < rhs.schoolID
                : lhs.severity != rhs.severity ? lhs.severity > rhs.severity : lhs.indicatorID < rhs.indicatorID
        }
    }

    static func earlyWarnings(grid: ValueGrid, trends: [TrendResult]) -> [EarlyWarning] {
        var trendIndex: [String: TrendResult] = [:]
        for trend in trends where !trend.isDistrict { trendIndex[trend.entity + "\u{1F}" + trend.indicatorID] = trend }
        var result: [EarlyWarning] = []
        for (j, indicator) in grid.indicators.enumerated() {
            let observed = grid.cells.compactMap { $0[j].imputation == .none ? $0[j].value : nil }
            guard !observed.isEmpty else { continue }
            let median = Descriptive.median(observed)
            for (i, school) in grid.schoolIDs.enumerated() {
                let cell = grid.cells[i][j]
                guard cell.imputation == .none, let value = cell.value, let period = cell.period,
                      let trend = trendIndex[school + "\u{1F}" + indicator.id], trend.assessment == .worsening
                else { continue }
                let reference = indicator.target ?? median
                let meets = indicator.direction == .up ? value >= reference : value <= reference
                guard meets else { continue }
                result.append(EarlyWarning(schoolID: school, indicatorID: indicator.id, areaID: indicator.area, value: value,
                                           reference: reference, referenceKind: indicator.target == nil ? .districtMedian : .target,
                                           period: period, senSlope: trend.summary.sen?.slope,
                                           mannKendallP: trend.summary.mannKendall?.p, forecast: trend.forecast,
                                           source: cell.source))
            }
        }
        return result.sorted { ($0.schoolID, $0.indicatorID) < ($1.schoolID, $1.indicatorID) }
    }

    static func ranking(schoolIDs: [String], deficits: [Deficit], warnings: [EarlyWarning],
                        overallIndex: [String: Double], areaOrder: [String]) -> [RankingEntry] {
        let bySchool = Dictionary(grouping: deficits, by: \.schoolID)
        let warningCounts = Dictionary(grouping: warnings, by: \.schoolID).mapValues(\.count)
        struct Line { let id: String; let score: Double; let count: Int; let confirmed: Int; let area: String?; let index: Double? }
        let lines = schoolIDs.map { school -> Line in
            let own = bySchool[school] ?? []
            var byArea: [String: Double] = [:]
            for deficit in own { byArea[deficit.areaID, default: 0] += deficit.severity }
            let main = areaOrder.filter { byArea[$0] != nil }.max { lhs, rhs in
                // Equal sums: the area listed first in the catalog wins.
                byArea[lhs]! != byArea[rhs]! ? byArea[lhs]! < byArea[rhs]! : areaOrder.firstIndex(of: lhs)! > areaOrder.firstIndex(of: rhs)!
            }
            return Line(id: school, score: own.reduce(0) { $0 + $1.severity }, count: own.count,
                        confirmed: own.filter { $0.status == .confirmed }.count, area: main, index: overallIndex[school])
        }
        let ordered = lines.sorted { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            let left = lhs.index ?? .infinity, right = rhs.index ?? .infinity
            if left != right { return left < right }
            return lhs.id < rhs.id
        }
        return ordered.enumerated().map { position, line in
            RankingEntry(rank: position + 1, schoolID: line.id, deficitScore: line.score, deficitCount: line.count,
                         confirmedCount: line.confirmed, mainDeficitAreaID: line.area, overallIndex: line.index,
                         earlyWarningCount: warningCounts[line.id] ?? 0)
        }
    }
}
