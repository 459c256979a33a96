import Foundation
import MsokoLinearAlgebra
import MsokoStatistics

/// The gap statistic (R. Tibshirani, G. Walther & T. Hastie, "Estimating the
/// number of clusters in a data set via the gap statistic", J. R. Stat. Soc.
/// B 63, 2001), with k-means as the clustering and reference data drawn
/// uniformly over the bounding box of each column (the paper's option (a)).
///
/// For `k = 1…K`: `W_k` is the within-cluster sum of squares of the best
/// k-means run (`Σ_r D_r / 2n_r` of the paper); `Gap(k) = mean_b log W*_kb −
/// log W_k` over `B` reference sets; `s_k = sd_b(log W*_kb) · √(1 + 1/B)`
/// (sd with divisor `B`, as the paper). Tibshirani's rule picks the smallest
/// `k` with `Gap(k) ≥ Gap(k + 1) − s_{k+1}` (`K` when none does).
///
/// `W_k = 0` (as many distinct points as clusters) gives `log W_k = −∞`
/// and an infinite gap; callers keep `K` below the number of distinct points.
///
/// **Large n.** Above `sampleLimit` points (5,000 by default) the statistic
/// is computed on a uniform sample of `sampleLimit` points drawn without
/// replacement with `SeededGenerator(seed: seed ^ 0x6A7)` (the reference sets
/// then have as many points): `(B + 1)·K` k-means fits of the whole country
/// would cost more than the rest of the run, and the gap, a difference of
/// log-dispersions per point, does not depend on n beyond sampling noise.
/// `s_k` is then the reference sets' spread at that sample size; `sampleSize`
/// says the statistic was sampled.
public struct GapStatistic: Sendable, Equatable {
    /// `1…K`.
    public let clusterCounts: [Int]
    /// `log W_k` of the data.
    public let logWithinDispersion: [Double]
    /// `mean_b log W*_kb` of the reference sets.
    public let expectedLogWithinDispersion: [Double]
    /// `Gap(k)`.
    public let gap: [Double]
    /// `s_k`.
    public let standardError: [Double]
    /// `B`.
    public let referenceCount: Int
    /// The number of points the statistic was computed on, when that is a
    /// sample (`nil` when every point was used).
    public let sampleSize: Int?

    /// The number of clusters chosen by Tibshirani's rule.
    public var tibshiraniChoice: Int {
        for index in 0..<(clusterCounts.count - 1) where gap[index] >= gap[index + 1] - standardError[index + 1] {
            return clusterCounts[index]
        }
        return clusterCounts.last ?? 1
    }

    /// - Parameters:
    ///   - points: `n × d`, finite.
    ///   - maximumClusterCount: `K`, between 1 and `n`.
    ///   - referenceCount: `B ≥ 2` uniform reference sets, each of `n` points
    ///     (of `sampleLimit` points above it).
    ///   - sampleLimit: the most points used (see "Large n").
    ///   - restarts: k-means++ restarts per fit (the data and every reference set).
    ///   - seed: reference set `b` and its fits use `SeededGenerator.stream(seed:index: b + 1)`;
    ///     the data's fits use `seed` itself.
    ///   - usesConcurrency: fit the reference sets on several threads; the result is the same either way.
    public init(
        _ points: Matrix, maximumClusterCount: Int, referenceCount: Int = 20, restarts: Int = 5,
        seed: UInt64 = 0, sampleLimit: Int = 5_000, usesConcurrency: Bool = true
    ) throws {
        var points = points
        sampleSize = points.rows > sampleLimit && sampleLimit >= maximumClusterCount ? sampleLimit : nil
        if let sampleSize {
            var generator = SeededGenerator(seed: seed ^ 0x6A7)
            var indices = Array(0..<points.rows)
            // Partial Fisher–Yates: the first `sampleSize` entries are the sample.
            for position in 0..<sampleSize {
                indices.swapAt(position, position + generator.nextInt(below: points.rows - position))
            }
            let chosen = indices[0..<sampleSize].sorted()
            var sample = Matrix(rows: sampleSize, columns: points.columns)
            for (row, point) in chosen.enumerated() {
                for column in 0..<points.columns { sample[row, column] = points[point, column] }
            }
            points = sample
        }
        guard referenceCount >= 2 else { throw KMeansError.invalidParameter("the gap statistic needs at least 2 reference sets, got \(referenceCount)") }
        guard maximumClusterCount >= 1, maximumClusterCount <= points.rows else {
            throw KMeansError.invalidClusterCount(maximumClusterCount, rows: points.rows)
        }
        let counts = Array(1...maximumClusterCount)
        @Sendable func logDispersions(_ data: Matrix, seed: UInt64, concurrent: Bool) throws -> [Double] {
            try counts.map { k in
                let fit = try KMeans(clusterCount: k, restarts: restarts, seed: seed, usesConcurrency: concurrent).fit(data)
                return log(fit.inertia)
            }
        }
        let observed = try logDispersions(points, seed: seed, concurrent: usesConcurrency)
        var lower = [Double](repeating: 0, count: points.columns)
        var upper = [Double](repeating: 0, count: points.columns)
        for column in 0..<points.columns {
            let values = points.column(column)
            lower[column] = values.min() ?? 0
            upper[column] = values.max() ?? 0
        }
        let slots = ResultSlots<Result<[Double], Error>>(count: referenceCount)
        let rows = points.rows, columns = points.columns
        let low = lower, high = upper
        withSingleThreadedBLAS(usesConcurrency) {
            forEachIndex(referenceCount, concurrent: usesConcurrency) { reference in
                var generator = SeededGenerator.stream(seed: seed, index: UInt64(reference + 1))
                var uniform = Matrix(rows: rows, columns: columns)
                for column in 0..<columns {
                    for row in 0..<rows { uniform[row, column] = low[column] + generator.nextDouble() * (high[column] - low[column]) }
                }
                let referenceSeed = generator.next()
                slots.store(Result { try logDispersions(uniform, seed: referenceSeed, concurrent: false) }, at: reference)
            }
        }
        let references = try slots.values().map { try $0.get() }
        var expected = [Double](repeating: 0, count: counts.count)
        var errors = [Double](repeating: 0, count: counts.count)
        var gaps = [Double](repeating: 0, count: counts.count)
        let b = Double(referenceCount)
        for index in counts.indices {
            let values = references.map { $0[index] }
            let mean = values.reduce(0, +) / b
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / b
            expected[index] = mean
            errors[index] = variance.squareRoot() * (1 + 1 / b).squareRoot()
            gaps[index] = mean - observed[index]
        }
        clusterCounts = counts
        logWithinDispersion = observed
        expectedLogWithinDispersion = expected
        gap = gaps
        standardError = errors
        self.referenceCount = referenceCount
    }
}
