import MsokoModel
import MsokoStatistics

/// Something the normaliser had to decide for an indicator, recorded for the report.
public struct NormalizationNote: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// `target` normalisation asked for, but the indicator has no target:
        /// min–max within the district was used instead.
        case noTargetUsedMinmax = "no_target_used_minmax"
        /// Every reported value is the same: min–max, z-score and rank give
        /// every school 50 (there is nothing to tell the schools apart).
        case zeroVariance = "zero_variance"
        /// No school reported the indicator: it is left out of the scores.
        case allMissing = "all_missing"
    }

    public let indicatorID: String
    public let kind: Kind
}

/// One indicator's scores for the district's schools.
public struct NormalizedColumn: Sendable {
    /// 0–100, higher = better; `nil` where the value is missing.
    public let scores: [Double?]
    /// The method actually applied (min–max when `target` had no target).
    public let method: NormalizationMethod
    public let notes: [NormalizationNote.Kind]
}

/// Direction-aware normalisation of one indicator onto 0–100, higher = better
/// (OECD/JRC Handbook on Constructing Composite Indicators, 2008, §1.5 and
/// Table 3; COINr `Normalise`). With `x` a school's value, the district's
/// reported values `x₁…xₙ`, target `T`:
///
/// - `target` (distance to target, capped): direction up,
///   `100·min(x/T, 1)` (T = 0: 100, every value meets it); direction down,
///   `100·min(T/x, 1)` with x = 0 → 100; when T = 0 and direction down the
///   ratio is undefined, so `100·(1 − x/max xᵢ)` (0 → 100, the worst → 0).
///   Negative ratios are clipped to 0. An indicator without a target falls
///   back to `minmax` and the note `no_target_used_minmax` is recorded.
/// - `minmax`: up `100·(x − min)/(max − min)`, down `100·(max − x)/(max − min)`.
/// - `zscore`: `z = (x − mean)/sd` with the population sd (scipy `zscore`),
///   negated for direction down, mapped by `50 + 50·z/3` and clipped to
///   0…100, so ±3 sd reach the ends.
/// - `rank`: percentile rank `100·(r − 1)/(n − 1)` with `r` the average rank
///   of ties (R `rank(ties.method = "average")`, 1 = worst), n = 1 → 50.
///
/// Zero variance (all reported values equal) gives 50 under min–max, z-score
/// and rank, never a division by zero. Winsorisation (`winsorize: p`) clips
/// values to the district's type-7 quantiles p and 1 − p before min–max and
/// z-score (rank is unaffected by it, target is capped already).
public enum Normalization {
    public static func normalize(_ values: [Double?], indicator: Indicator, method: NormalizationMethod,
                                 winsorize: Double = 0) -> NormalizedColumn {
        let reported = values.compactMap { $0 }
        guard !reported.isEmpty else {
            return NormalizedColumn(scores: values.map { _ in nil }, method: method, notes: [.allMissing])
        }
        var notes: [NormalizationNote.Kind] = []
        let minimum = reported.min()!, maximum = reported.max()!
        let constant = minimum == maximum
        if constant { notes.append(.zeroVariance) }
        var method = method
        if method == .target && indicator.target == nil {
            method = .minmax
            notes.insert(.noTargetUsedMinmax, at: 0)
        }
        let up = indicator.direction == .up
        switch method {
        case .target:
            let target = indicator.target!
            let scores = values.map { value -> Double? in
                guard let value else { return nil }
                return targetScore(value, target: target, direction: indicator.direction, districtMaximum: maximum)
            }
            return NormalizedColumn(scores: scores, method: method, notes: notes)
        case .minmax, .zscore:
            let clipped = winsorized(values, share: winsorize)
            let kept = clipped.compactMap { $0 }
            let low = kept.min()!, high = kept.max()!
            if method == .minmax {
                let scores = clipped.map { value -> Double? in
                    guard let value else { return nil }
                    guard high > low else { return 50 }
                    // Clipped: with a subnormal range 100·d/(high − low) can exceed
                    // 100 by rounding (found by the property test).
                    return min(100, max(0, 100 * (up ? value - low : high - value) / (high - low)))
                }
                return NormalizedColumn(scores: scores, method: method, notes: notes)
            }
            let center = Descriptive.mean(kept)
            let spread = Descriptive.standardDeviation(kept, sample: false)
            let scores = clipped.map { value -> Double? in
                guard let value else { return nil }
                guard spread > 0 else { return 50 }
                let z = (up ? 1 : -1) * (value - center) / spread
                return min(100, max(0, 50 + 50 * z / 3))
            }
            return NormalizedColumn(scores: scores, method: method, notes: notes)
        case .rank:
            let oriented = reported.map { up ? $0 : -$0 }
            let ranks = Descriptive.ranks(oriented)
            let n = Double(reported.count)
            var position = 0
            let scores = values.map { value -> Double? in
                guard value != nil else { return nil }
                defer { position += 1 }
                return n > 1 ? 100 * (ranks[position] - 1) / (n - 1) : 50
            }
            return NormalizedColumn(scores: scores, method: method, notes: notes)
        }
    }

    /// The capped distance-to-target score of one value (see `normalize`).
    public static func targetScore(_ value: Double, target: Double, direction: Direction, districtMaximum: Double) -> Double {
        let ratio: Double
        switch direction {
        case .up:
            ratio = target > 0 ? value / target : 1
        case .down:
            if target > 0 {
                ratio = value > 0 ? target / value : 1
            } else {
                ratio = districtMaximum > 0 ? 1 - value / districtMaximum : 1
            }
        }
        return 100 * min(1, max(0, ratio))
    }

    /// Whether a value meets the target (up: ≥ T, down: ≤ T); `nil` without one.
    public static func meetsTarget(_ value: Double?, indicator: Indicator) -> Bool? {
        guard let value, let target = indicator.target else { return nil }
        return indicator.direction == .up ? value >= target : value <= target
    }

    /// Clips values to the type-7 quantiles `share` and `1 − share` of the
    /// reported values (winsorisation); `share` 0 returns them unchanged.
    public static func winsorized(_ values: [Double?], share: Double) -> [Double?] {
        guard share > 0 else { return values }
        let reported = values.compactMap { $0 }
        guard reported.count > 2 else { return values }
        let low = Descriptive.quantile(reported, share)
        let high = Descriptive.quantile(reported, 1 - share)
        return values.map { $0.map { min(high, max(low, $0)) } }
    }
}
