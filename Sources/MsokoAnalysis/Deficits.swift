import MsokoLinearAlgebra
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
    /// See `DeficitAnalysis`: `w · c · (z⁺ + q)`, in robust spreads.
    public let severity: Double
    public let status: DeficitStatus
    /// The Wilson interval of a percentage with a base, in percent.
    public let low: Double?
    public let high: Double?
    /// The period the value was read from.
    public let period: Period
    public let base: Double?
    public let source: SourceRow?
    /// The district median of the reported values, in the indicator's unit.
    public let districtMedian: Double
    /// The district's robust spread (see `DistrictDistribution`); nil when
    /// every reported value is the same.
    public let spread: Double?
    /// z⁺: how many robust spreads the value lies beyond the district median
    /// on the bad side (0 when it is on the good side).
    public let spreadsBeyondMedian: Double
    /// q: the shortfall of the target score, 0…1 (`1 − score/100` of the
    /// `target` normalisation); 0 for a deficit without a target.
    public let targetShortfall: Double
    /// How the value compares with the school's own cluster; set after the
    /// cluster stage (`TermAnalysisResult.comparingWithClusters`).
    public internal(set) var peer: PeerStanding? = nil
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
    /// The need score: the severities in decreasing order, each weighted
    /// half as much as the one before (`DeficitAnalysis.needScore`).
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
/// Severity, in robust spreads of the district (one scale for every unit):
/// `severity = w · c · (z⁺ + q)`, where
/// - `z⁺ = max(0, (m − x)/σ)` (direction down: `(x − m)/σ`): the distance
///   beyond the district median m in units of its robust spread σ
///   (`DistrictDistribution`), the robust z-score of Iglewicz & Hoaglin
///   (1993). It is unbounded, so a value far outside the district's
///   distribution weighs more than one just inside its worst quarter
///   (≈ 0.67 spreads for normal data), and it does not depend on the
///   indicator's unit or on the size of its reference;
/// - `q = 1 − s/100`, with s the capped distance-to-target score of the
///   `target` normalisation (`Normalization.targetScore`): the share of the
///   target missed, 0…1, so that missing an approved target counts even
///   where the whole district misses it, by at most one spread; 0 without
///   a target;
/// - w = the indicator's weight over the mean weight of its area;
/// - c = 1 confirmed, 0.5 possible (the Wilson discount of small schools).
///
/// Both terms are invariant under a change of the indicator's unit (values
/// and target multiplied by a positive constant) and grow with the gap.
///
/// Need (`needScore`): the severities of a school in decreasing order
/// s₁ ≥ s₂ ≥ …, need = s₁ + s₂/2 + s₃/4 + …. The largest deficit counts in
/// full and every further one half as much as the one before, so need < 2·s₁:
/// a school whose largest severity is at least twice another school's
/// largest ranks above it, however many deficits that school has. Rank 1 has
/// the largest need; ties are broken by the lower overall index, then the id.
///
/// Early warning: a reported value that meets its reference while the
/// school's trend of the indicator is `worsening` (Mann–Kendall p < α).
/// A school's survey figure: its school, indicator and period.
public struct SurveyKey: Hashable, Sendable {
    public let schoolID: String
    public let indicatorID: String
    public let period: Period
}

public enum DeficitAnalysis {
    /// - Parameter surveyIntervals: the t-intervals of survey values
    ///   (`surveys.csv`); a survey value's uncertainty is its t-interval
    ///   over the respondents, not Wilson's (docs/contract.md §7.2).
    static func deficits(grid: ValueGrid, catalog: Catalog, confidence: Double,
                         surveyIntervals: [SurveyKey: ClosedRange<Double>] = [:]) -> [Deficit] {
        var result: [Deficit] = []
        let distributions = Parallelism.map(grid.indicators.count) { j in
            DistrictDistribution(observedValues(grid, indicator: j), indicator: grid.indicators[j])
        }
        for (j, indicator) in grid.indicators.enumerated() {
            guard let district = distributions[j] else { continue }
            let areaWeights = catalog.indicators(inArea: indicator.area).map(\.weight)
            let weightFactor = indicator.weight / Descriptive.mean(areaWeights)
            for (i, school) in grid.schoolIDs.enumerated() {
                let cell = grid.cells[i][j]
                guard cell.imputation == .none, let value = cell.value, let period = cell.period,
                      district.isDeficit(value) else { continue }
                let up = indicator.direction == .up
                let reference = district.reference
                let gap = up ? reference - value : value - reference
                var low: Double?, high: Double?
                var status = DeficitStatus.confirmed
                if let survey = surveyIntervals[SurveyKey(schoolID: school, indicatorID: indicator.id, period: period)] {
                    low = survey.lowerBound
                    high = survey.upperBound
                    let clear = up ? survey.upperBound < reference : survey.lowerBound > reference
                    status = clear ? .confirmed : .possible
                } else if indicator.unit == .percent, let base = cell.base, base > 0, (0...100).contains(value) {
                    let interval = WilsonInterval.interval(successes: value / 100 * base, trials: base, confidence: confidence)
                    if interval.low.isFinite && interval.high.isFinite {
                        low = 100 * interval.low
                        high = 100 * interval.high
                        let clear = up ? high! < reference : low! > reference
                        status = clear ? .confirmed : .possible
                    }
                }
                let beyond = district.spreadsBeyondMedian(value)
                let shortfall = district.targetShortfall(value)
                let severity = weightFactor * (status == .confirmed ? 1 : 0.5) * (beyond + shortfall)
                result.append(Deficit(schoolID: school, indicatorID: indicator.id, areaID: indicator.area, value: value,
                                      target: indicator.target, reference: reference, referenceKind: district.referenceKind,
                                      gap: gap, severity: severity, status: status, low: low, high: high, period: period,
                                      base: cell.base, source: cell.source, districtMedian: district.median,
                                      spread: district.spread, spreadsBeyondMedian: beyond, targetShortfall: shortfall))
            }
        }
        return result.sorted { lhs, rhs in
            lhs.schoolID != rhs.schoolID ? lhs.schoolID < rhs.schoolID
                : lhs.severity != rhs.severity ? lhs.severity > rhs.severity : lhs.indicatorID < rhs.indicatorID
        }
    }

    /// The reported (not imputed) values of indicator `j`, in school order.
    static func observedValues(_ grid: ValueGrid, indicator j: Int) -> [Double] {
        grid.cells.compactMap { $0[j].imputation == .none ? $0[j].value : nil }
    }

    /// The need of a school from the severities of its deficits (see the
    /// type): the largest in full, each further one half the weight of the
    /// one before; 0 without deficits.
    public static func needScore(_ severities: [Double]) -> Double {
        var weight = 1.0, total = 0.0
        for severity in severities.sorted(by: >) {
            total += weight * severity
            weight /= 2
        }
        return total
    }

    /// `trends` are laid out over the grid's schools and indicators.
    static func earlyWarnings(grid: ValueGrid, trends: TrendLayout) -> [EarlyWarning] {
        var result: [EarlyWarning] = []
        let medians = Parallelism.map(grid.indicators.count) { j -> Double? in
            let observed = observedValues(grid, indicator: j)
            return observed.isEmpty ? nil : Descriptive.median(observed)
        }
        for (j, indicator) in grid.indicators.enumerated() {
            guard let median = medians[j] else { continue }
            for (i, school) in grid.schoolIDs.enumerated() {
                let cell = grid.cells[i][j]
                guard cell.imputation == .none, let value = cell.value, let period = cell.period else { continue }
                let trend = trends.school(i, indicator: j)
                guard trend.assessment == .worsening else { continue }
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
            return Line(id: school, score: needScore(own.map(\.severity)), count: own.count,
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

/// One indicator's reported values in the district, summarised once for the
/// deficits of every school: the median, the robust spread, and the rule
/// that makes a value a deficit.
///
/// Robust spread σ (Rousseeuw & Croux 1993; Huber & Ronchetti 2009, §5):
/// the median absolute deviation scaled by 1.4826 (R `mad`), a consistent
/// estimate of the standard deviation for normal data that one or two
/// extreme schools cannot inflate. Where more than half the schools report
/// the same value (a yes/no fact, a rate most schools have at 0) the MAD is
/// 0, and the mean absolute deviation from the median scaled by √(π/2)
/// (Geary 1935) is used instead. σ is never taken below a tenth of the
/// median's magnitude, so that a one-point difference in a district where
/// nearly every school reports the same value does not become an extreme;
/// the floor scales with the unit, like the rest.
public struct DistrictDistribution: Sendable {
    public let indicator: Indicator
    public let median: Double
    /// nil when every reported value is the same.
    public let spread: Double?
    /// The worse quartile (type 7): Q₁ for up, Q₃ for down; nil below 4 values.
    public let worseQuartile: Double?
    /// The district maximum, for the target score of a down indicator with target 0.
    let maximum: Double

    /// The share of the median's magnitude below which the spread is not taken.
    public static let spreadFloor = 0.1

    public init?(_ observed: [Double], indicator: Indicator) {
        guard !observed.isEmpty else { return nil }
        self.indicator = indicator
        median = Descriptive.median(observed)
        maximum = observed.max()!
        worseQuartile = observed.count >= 4
            ? Descriptive.quantile(observed, indicator.direction == .up ? 0.25 : 0.75) : nil
        var robust = Descriptive.mad(observed)
        if robust == 0 {
            let center = median
            robust = (Double.pi / 2).squareRoot() * Descriptive.mean(observed.map { abs($0 - center) })
        }
        let spread = max(robust, Self.spreadFloor * abs(median))
        self.spread = spread > 0 ? spread : nil
    }

    /// The target, or the district median for an indicator without one.
    public var reference: Double { indicator.target ?? median }
    public var referenceKind: ReferenceKind { indicator.target == nil ? .districtMedian : .target }

    /// Worse than the target, or (without one) beyond the worse quartile.
    public func isDeficit(_ value: Double) -> Bool {
        let up = indicator.direction == .up
        if let target = indicator.target { return up ? value < target : value > target }
        guard let quartile = worseQuartile else { return false }
        return up ? value < quartile : value > quartile
    }

    /// Robust spreads between `value` and `reference` on the bad side (0 on the good side).
    public func spreads(from reference: Double, to value: Double) -> Double {
        guard let spread else { return 0 }
        let distance = indicator.direction == .up ? reference - value : value - reference
        return max(0, distance / spread)
    }

    /// z⁺ of `DeficitAnalysis`.
    public func spreadsBeyondMedian(_ value: Double) -> Double { spreads(from: median, to: value) }

    /// q of `DeficitAnalysis`: the share of the target missed, 0…1.
    public func targetShortfall(_ value: Double) -> Double {
        guard let target = indicator.target else { return 0 }
        return 1 - Normalization.targetScore(value, target: target, direction: indicator.direction,
                                             districtMaximum: maximum) / 100
    }
}
