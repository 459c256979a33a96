import Foundation

/// Sen's slope with its confidence interval and the matching intercept.
public struct SenSlopeResult: Sendable, Equatable {
    /// The median of the pairwise slopes, in value units per time unit.
    public let slope: Double
    /// median(y) − slope·median(t) (Conover 1980), as pymannkendall and
    /// scipy `theilslopes(method="separate")`.
    public let intercept: Double
    /// The lower bound of the rank-based confidence interval (ranks clamped
    /// to the slopes there are, so short series get the widest interval the
    /// data allow rather than none).
    public let low: Double
    /// The upper bound of the rank-based confidence interval.
    public let high: Double

    public init(slope: Double, intercept: Double, low: Double, high: Double) {
        self.slope = slope
        self.intercept = intercept
        self.low = low
        self.high = high
    }
}

/// The Theil–Sen estimator of a linear trend (Theil 1950; Sen 1968).
///
/// - The slope is the median of (yⱼ − yᵢ)/(tⱼ − tᵢ) over all pairs with
///   tᵢ ≠ tⱼ, so any spacing of the time points is allowed (pairs at the same
///   time are skipped, as scipy `theilslopes`).
/// - The interval follows Sen (1968) and Gilbert (1987, §16.5): with the N
///   pairwise slopes sorted and C = z_{(1+confidence)/2}·√Var(S) (the
///   Mann–Kendall variance, ties corrected), the bounds are the slopes of
///   1-based ranks round((N − C)/2) and round((N + C)/2) + 1, rounding half
///   to even and clamping to 1…N, exactly as scipy 1.17 `theilslopes`
///   (R `trend::sens.slope` gives NA instead of clamping for short series).
/// - The intercept is median(y) − slope·median(t) (Conover 1980), as
///   pymannkendall `sens_slope` and scipy `theilslopes(method="separate")`;
///   it is in value units at t = 0.
public enum SenSlope {
    /// - Throws: `lengthMismatch`; `nonFinite`; `tooFewPoints(needed: 2, …)`;
    ///   `constantPredictor` when all time points are equal;
    ///   `invalidArgument` for a confidence outside (0, 1).
    public static func estimate(times: [Double], values: [Double], confidence: Double = 0.95) throws -> SenSlopeResult {
        try InputCheck.sameLength(times, values)
        try InputCheck.finite(times)
        try InputCheck.finite(values)
        try InputCheck.level(confidence, "confidence")
        guard times.count >= 2 else { throw StatisticsError.tooFewPoints(needed: 2, got: times.count) }
        var sortedTimes = times, sortedValues = values
        sortedTimes.sort()
        sortedValues.sort()
        guard sortedTimes[0] != sortedTimes[sortedTimes.count - 1] else { throw StatisticsError.constantPredictor }
        var slopes = [Double](repeating: 0, count: times.count * (times.count - 1) / 2)
        let count = times.withUnsafeBufferPointer { t in
            values.withUnsafeBufferPointer { y in
                slopes.withUnsafeMutableBufferPointer { TrendKernels.pairwiseSlopes(times: t, values: y, into: $0) }
            }
        }
        slopes.removeLast(slopes.count - count)
        slopes.sort()
        let variance = sortedTimes.withUnsafeBufferPointer { t in
            sortedValues.withUnsafeBufferPointer { y in
                TrendKernels.varianceOfS(n: times.count, sortedTimes: t, sortedValues: y)
            }
        }
        let critical = Normal.quantile((1 + confidence) / 2)
        return sortedTimes.withUnsafeBufferPointer { t in
            sortedValues.withUnsafeBufferPointer { y in
                slopes.withUnsafeBufferPointer { s in
                    TrendKernels.sen(sortedSlopes: s, sortedTimes: t, sortedValues: y,
                                     varianceS: variance, criticalValue: critical)
                }
            }
        }
    }
}
