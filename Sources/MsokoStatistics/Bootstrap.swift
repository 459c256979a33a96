/// Nonparametric bootstrap intervals (Efron & Tibshirani 1993, ch. 13).
public enum Bootstrap {
    /// A bootstrap percentile interval and the replicates behind it.
    public struct PercentileInterval: Sendable, Equatable {
        /// The statistic on the original sample.
        public let estimate: Double
        public let low: Double
        public let high: Double
        /// The statistic on each resample, in resample order.
        public let replicates: [Double]
    }

    /// The percentile interval of `statistic`: draw `resamples` samples of
    /// size n with replacement, evaluate the statistic on each, and take the
    /// (1 − confidence)/2 and (1 + confidence)/2 quantiles of the replicates
    /// (type 7, as numpy; scipy `bootstrap(method="percentile")` does the
    /// same up to its own random draws).
    ///
    /// Reproducible: resample b draws its indices from
    /// `SeededGenerator.stream(seed: seed, index: b)`, so the result depends
    /// only on the seed (and would not change if resamples ran in parallel).
    /// Replicates that are NaN are left out of the quantiles.
    ///
    /// - Throws: `tooFewPoints` for an empty sample or fewer than 2
    ///   resamples; `nonFinite` naming the first NaN/Inf of the sample;
    ///   `invalidArgument` for a confidence outside (0, 1); `undefined` when
    ///   every replicate is NaN.
    public static func percentileInterval(
        _ sample: [Double], resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64,
        statistic: ([Double]) -> Double
    ) throws -> PercentileInterval {
        guard !sample.isEmpty else { throw StatisticsError.tooFewPoints(needed: 1, got: 0) }
        guard resamples >= 2 else { throw StatisticsError.tooFewPoints(needed: 2, got: resamples) }
        try InputCheck.finite(sample)
        try InputCheck.level(confidence, "confidence")
        let n = sample.count
        var resample = [Double](repeating: 0, count: n)
        var replicates = [Double](repeating: 0, count: resamples)
        for b in 0..<resamples {
            var generator = SeededGenerator.stream(seed: seed, index: UInt64(b))
            for i in 0..<n { resample[i] = sample[generator.nextInt(below: n)] }
            replicates[b] = statistic(resample)
        }
        let finite = replicates.filter { !$0.isNaN }
        guard !finite.isEmpty else { throw StatisticsError.undefined("the statistic is NaN on every resample") }
        let bounds = Descriptive.quantiles(finite, [(1 - confidence) / 2, (1 + confidence) / 2])
        return PercentileInterval(estimate: statistic(sample), low: bounds[0], high: bounds[1], replicates: replicates)
    }
}
