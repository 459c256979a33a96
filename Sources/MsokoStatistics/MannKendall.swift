/// The result of a Mann–Kendall trend test.
public struct MannKendallResult: Sendable, Equatable {
    /// The number of observations used.
    public let n: Int
    /// S = Σ_{i<j} sgn(tⱼ − tᵢ)·sgn(yⱼ − yᵢ).
    public let s: Double
    /// Var(S) under the null hypothesis, corrected for ties.
    public let varianceS: Double
    /// The standardised statistic with continuity correction.
    public let z: Double
    /// The two-sided p-value 2·(1 − Φ(|z|)).
    public let p: Double

    public init(n: Int, s: Double, varianceS: Double, z: Double, p: Double) {
        self.n = n
        self.s = s
        self.varianceS = varianceS
        self.z = z
        self.p = p
    }
}

/// The Mann–Kendall test for a monotonic trend (Mann 1945; Kendall 1975;
/// Gilbert 1987, §16.4), as pymannkendall 1.4 `original_test`.
///
/// - S counts concordant minus discordant pairs in time order,
///   S = Σ_{i<j} sgn(tⱼ − tᵢ)·sgn(yⱼ − yᵢ), so the time points may have any
///   spacing and any order; only their order matters.
/// - Var(S) = [n(n−1)(2n+5) − Σ_g u_g(u_g−1)(2u_g+5) − Σ_h v_h(v_h−1)(2v_h+5)]/18,
///   u_g the sizes of groups of tied values and v_h those of tied time points
///   (Sen 1968, eq. 2.6; the time term vanishes for distinct time points,
///   where this is exactly pymannkendall's and R `Kendall::MannKendall`'s
///   variance).
/// - z = (S − sgn S)/√Var(S) (continuity correction), 0 when S = 0 or when
///   Var(S) = 0 (all values tied); p = erfc(|z|/√2), two-sided, computed
///   without the cancellation of 1 − Φ(|z|).
///
/// Cost O(n²) time and O(n) memory.
public enum MannKendall {
    /// - Throws: `lengthMismatch`; `nonFinite` naming the first NaN/Inf
    ///   (times checked before values); `tooFewPoints(needed: 2, …)`.
    public static func test(times: [Double], values: [Double]) throws -> MannKendallResult {
        try InputCheck.sameLength(times, values)
        try InputCheck.finite(times)
        try InputCheck.finite(values)
        guard times.count >= 2 else { throw StatisticsError.tooFewPoints(needed: 2, got: times.count) }
        var sortedTimes = times, sortedValues = values
        sortedTimes.sort()
        sortedValues.sort()
        let s = times.withUnsafeBufferPointer { t in
            values.withUnsafeBufferPointer { y in TrendKernels.kendallScore(times: t, values: y) }
        }
        let variance = sortedTimes.withUnsafeBufferPointer { t in
            sortedValues.withUnsafeBufferPointer { y in
                TrendKernels.varianceOfS(n: times.count, sortedTimes: t, sortedValues: y)
            }
        }
        return TrendKernels.mannKendall(n: times.count, s: s, varianceS: variance)
    }
}
