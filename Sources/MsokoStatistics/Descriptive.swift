import Foundation

/// Descriptive statistics of a sample of `Double`s.
///
/// Conventions, shared by every member:
/// - An empty input gives NaN (there is nothing to describe), as R does.
/// - NaN anywhere in the input gives NaN (R's default `na.rm = FALSE`): the
///   caller decides whether missing values are dropped, so a silent drop
///   never changes a result unnoticed. The throwing estimators
///   (`LinearRegression`, `MannKendall`, …) report the position instead.
/// - `sample: true` divides by `n − 1` (R `var`, `sd`; numpy `ddof=1`);
///   `sample: false` divides by `n` (numpy's default `ddof=0`).
public enum Descriptive {
    /// The arithmetic mean, computed in two passes: the naive mean, then a
    /// correction by the mean of the residuals, which removes most of the
    /// rounding error of the first sum (as R's `mean` does).
    public static func mean(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { Kernels.mean($0) }
    }

    /// The variance by the corrected two-pass algorithm (Chan, Golub & LeVeque
    /// 1983): Σ(x − x̄)² minus the rounding term (Σ(x − x̄))²/n, which keeps
    /// full accuracy when the mean is large against the spread.
    ///
    /// NaN for an empty input, and for a single value when `sample` is true.
    public static func variance(_ x: [Double], sample: Bool = true) -> Double {
        x.withUnsafeBufferPointer { Kernels.variance($0, sample: sample) }
    }

    /// The square root of `variance(_:sample:)`.
    public static func standardDeviation(_ x: [Double], sample: Bool = true) -> Double {
        variance(x, sample: sample).squareRoot()
    }

    /// The median: the middle value, or the mean of the two middle values
    /// (R `median`, numpy `median`; equals `quantile(x, 0.5, type: .type7)`).
    public static func median(_ x: [Double]) -> Double {
        guard !x.isEmpty, !x.contains(where: \.isNaN) else { return .nan }
        var copy = x
        return medianAndQuantiles(selecting: &copy, []).median
    }

    /// `median` of an ascending, NaN-free array with the element at
    /// `excluded` (if any) left out, read in place: a leave-one-out median
    /// per school of a large group costs no copy and no sort. NaN when
    /// nothing is left.
    public static func medianOfSorted(_ sorted: [Double], excluding excluded: Int?) -> Double {
        let count = sorted.count - (excluded == nil ? 0 : 1)
        guard count > 0 else { return .nan }
        func element(_ position: Int) -> Double {
            if let excluded, position >= excluded { return sorted[position + 1] }
            return sorted[position]
        }
        let middle = count / 2
        if count % 2 == 1 { return element(middle) }
        let low = element(middle - 1), high = element(middle)
        // As `Kernels.medianOfSorted`: low + (high − low)/2.
        return low + (high - low) / 2
    }

    /// The sample quantile of probability `p` (0 ≤ p ≤ 1) by one of the nine
    /// definitions of Hyndman & Fan (1996), as R's `quantile(x, p, type:)`;
    /// the default, type 7, is also numpy's default (`method="linear"`).
    ///
    /// NaN for an empty input, a NaN in the input, or `p` outside [0, 1].
    public static func quantile(_ x: [Double], _ p: Double, type: QuantileType = .type7) -> Double {
        guard !x.isEmpty, p >= 0, p <= 1, !x.contains(where: \.isNaN) else { return .nan }
        var sorted = x
        sorted.sort()
        return type.quantile(sorted: sorted, p)
    }

    /// `quantile(_:_:type:)` of a sample already sorted ascending, free of
    /// NaN and not empty (the same value, without the copy and the sort).
    public static func quantile(sorted: [Double], _ p: Double, type: QuantileType = .type7) -> Double {
        precondition(!sorted.isEmpty && p >= 0 && p <= 1, "an empty sample or a probability outside [0, 1]")
        return type.quantile(sorted: sorted, p)
    }

    /// Several quantiles of one sample, sorting it once.
    public static func quantiles(_ x: [Double], _ probabilities: [Double], type: QuantileType = .type7) -> [Double] {
        guard !x.isEmpty, !x.contains(where: \.isNaN) else { return probabilities.map { _ in .nan } }
        var sorted = x
        sorted.sort()
        return probabilities.map { p in (p >= 0 && p <= 1) ? type.quantile(sorted: sorted, p) : .nan }
    }

    /// `median(x)` and the type-7 `quantile(x, p)` for each of
    /// `probabilities` (in [0, 1]), from the few order statistics they read,
    /// selected in expected linear time instead of sorting `x` (the rank
    /// summary of every school over hundreds of Monte-Carlo draws). `x`,
    /// non-empty and free of NaN, is left reordered.
    public static func medianAndQuantiles(selecting x: inout [Double], _ probabilities: [Double]) -> (median: Double, quantiles: [Double]) {
        precondition(!x.isEmpty && !x.contains(where: \.isNaN), "an empty sample or NaN")
        let n = x.count
        var positions = [(n - 1) / 2, n / 2]
        for p in probabilities {
            let index = QuantileType.type7Index(count: n, p)
            positions += [index.lower, index.upper]
        }
        positions.sort()
        // Only those positions are read below: they hold what a sort puts there.
        if !x.withUnsafeMutableBufferPointer({ Kernels.selectRanks($0, positions: positions) }) { x.sort() }
        let median = x.withUnsafeBufferPointer { Kernels.medianOfSorted($0) }
        return (median, probabilities.map { QuantileType.type7.quantile(sorted: x, $0) })
    }

    /// The median absolute deviation, `scale · median(|x − median(x)|)`, as R
    /// `mad(x)`. The default scale 1.4826 ≈ 1/Φ⁻¹(3/4) makes it a consistent
    /// estimator of the standard deviation for normal data.
    public static func mad(_ x: [Double], scale: Double = 1.4826) -> Double {
        let center = median(x)
        guard !center.isNaN else { return .nan }
        return scale * median(x.map { abs($0 - center) })
    }

    /// The weighted mean Σwᵢxᵢ / Σwᵢ.
    ///
    /// NaN when the lengths differ, a weight is negative or not finite, or the
    /// weights sum to zero.
    public static func weightedMean(_ x: [Double], weights: [Double]) -> Double {
        guard x.count == weights.count, !x.isEmpty,
              weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else { return .nan }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0 else { return .nan }
        var sum = 0.0
        for index in x.indices { sum += weights[index] * x[index] }
        let first = sum / totalWeight
        // Second pass, as in `mean`: correct by the weighted mean residual.
        var correction = 0.0
        for index in x.indices { correction += weights[index] * (x[index] - first) }
        return first + correction / totalWeight
    }

    /// The weighted variance around the weighted mean m.
    ///
    /// - `sample: false`: Σwᵢ(xᵢ − m)² / Σwᵢ (the weights as probabilities).
    /// - `sample: true`: Σwᵢ(xᵢ − m)² / (V₁ − V₂/V₁), V₁ = Σwᵢ, V₂ = Σwᵢ², the
    ///   unbiased estimator for *reliability* weights, as numpy
    ///   `cov(x, aweights=w)`. With all weights equal it is `variance(x)`.
    ///
    /// NaN under the same conditions as `weightedMean`, and when the
    /// denominator is zero (a single positive weight with `sample: true`).
    public static func weightedVariance(_ x: [Double], weights: [Double], sample: Bool = true) -> Double {
        let center = weightedMean(x, weights: weights)
        guard !center.isNaN else { return .nan }
        var sumWeights = 0.0, sumSquaredWeights = 0.0, sumSquares = 0.0
        for index in x.indices {
            let w = weights[index], deviation = x[index] - center
            sumWeights += w
            sumSquaredWeights += w * w
            sumSquares += w * deviation * deviation
        }
        let denominator = sample ? sumWeights - sumSquaredWeights / sumWeights : sumWeights
        return denominator > 0 ? sumSquares / denominator : .nan
    }

    /// Pearson's product-moment correlation, from centred sums (R `cor`).
    ///
    /// NaN when the lengths differ, n < 2, or either variable is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count >= 2 else { return .nan }
        let meanX = mean(x), meanY = mean(y)
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for index in x.indices {
            let dx = x[index] - meanX, dy = y[index] - meanY
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// Spearman's rank correlation: Pearson's correlation of the ranks, tied
    /// values sharing their average rank (R `cor(method = "spearman")`,
    /// scipy `spearmanr`).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count >= 2,
              !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) else { return .nan }
        return pearson(ranks(x), ranks(y))
    }

    /// The 1-based ranks of `x`, ties receiving the mean of the ranks they
    /// span (R `rank(ties.method = "average")`). NaN values rank last.
    public static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { lhs, rhs in
            let a = x[lhs], b = x[rhs]
            if a.isNaN || b.isNaN { return !a.isNaN && b.isNaN }
            return a < b
        }
        var result = [Double](repeating: 0, count: x.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && x[order[end]] == x[order[start]] { end += 1 }
            // Positions start..<end share the average of ranks start+1 … end.
            let averageRank = Double(start + end + 1) / 2
            for position in start..<end { result[order[position]] = averageRank }
            start = end
        }
        return result
    }

    /// The standard scores (xᵢ − x̄)/s, with s the population (default, as
    /// scipy `zscore`) or sample standard deviation.
    ///
    /// A constant input gives all zeros rather than NaN: every value sits at
    /// the centre, and downstream normalisation should not turn a constant
    /// indicator into missing data.
    public static func zScores(_ x: [Double], sample: Bool = false) -> [Double] {
        guard !x.isEmpty else { return [] }
        let center = mean(x)
        let spread = standardDeviation(x, sample: sample)
        if spread == 0 { return x.map { _ in 0 } }
        return x.map { ($0 - center) / spread }
    }
}

/// Allocation-free kernels on buffers, shared by the public functions and by
/// the batch trend analysis.
enum Kernels {
    static func mean(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard !x.isEmpty else { return .nan }
        var sum = 0.0
        for value in x { sum += value }
        let n = Double(x.count)
        let first = sum / n
        guard first.isFinite else { return first }
        var correction = 0.0
        for value in x { correction += value - first }
        return first + correction / n
    }

    static func variance(_ x: UnsafeBufferPointer<Double>, sample: Bool) -> Double {
        let n = x.count
        guard n > (sample ? 1 : 0) else { return .nan }
        let center = mean(x)
        guard center.isFinite else { return .nan }
        var sumSquares = 0.0, sumDeviations = 0.0
        for value in x {
            let deviation = value - center
            sumSquares += deviation * deviation
            sumDeviations += deviation
        }
        let corrected = sumSquares - sumDeviations * sumDeviations / Double(n)
        return max(0, corrected) / Double(sample ? n - 1 : n)
    }

    /// The median of an ascending, non-empty buffer.
    static func medianOfSorted(_ sorted: UnsafeBufferPointer<Double>) -> Double {
        let n = sorted.count
        guard n > 0 else { return .nan }
        let middle = n / 2
        if n % 2 == 1 { return sorted[middle] }
        let low = sorted[middle - 1], high = sorted[middle]
        // low + (high − low)/2 cannot overflow where (low + high)/2 can.
        return low + (high - low) / 2
    }

    /// Above this many elements `insertionSort` hands over to the standard
    /// library's sort.
    static let insertionSortLimit = 48

    /// Sorts a small buffer in place; insertion sort wins below ~32 elements
    /// and keeps the per-series trend kernel free of allocations.
    static func insertionSort(_ x: UnsafeMutableBufferPointer<Double>) {
        guard x.count > 1 else { return }
        if x.count > insertionSortLimit {
            var buffer = x
            buffer.sort()
            return
        }
        insertionSort(x, 0, x.count - 1)
    }

    /// Insertion sort of `x[low...high]`.
    @inline(__always)
    private static func insertionSort(_ x: UnsafeMutableBufferPointer<Double>, _ low: Int, _ high: Int) {
        guard low < high else { return }
        for i in (low + 1)...high {
            let value = x[i]
            var j = i
            while j > low && x[j - 1] > value {
                x[j] = x[j - 1]
                j -= 1
            }
            x[j] = value
        }
    }

    /// Rearranges `x` so that each of `positions` (ascending, valid indices)
    /// holds the element an ascending sort would put there, in expected
    /// linear time: a statistic that reads a few ranks (Sen's slope and its
    /// interval from hundreds of pairwise slopes) need not sort them all.
    ///
    /// Any stable sort puts the same values there; quickselect may disturb
    /// the order of equal elements, which matters only when equal elements
    /// differ, that is for zeros of both signs (and NaN has no order at
    /// all). In those cases this returns false and leaves `x` unchanged.
    static func selectRanks(_ x: UnsafeMutableBufferPointer<Double>, positions: [Int]) -> Bool {
        var negativeZero = false, positiveZero = false
        for value in x {
            if value.isNaN { return false }
            if value == 0 { if value.sign == .minus { negativeZero = true } else { positiveZero = true } }
        }
        guard !(negativeZero && positiveZero) else { return false }
        positions.withUnsafeBufferPointer { select(x, $0, 0, x.count - 1) }
        return true
    }

    /// Quickselect of several positions at once (Hoare partition,
    /// median-of-three pivot; one partition serves every position in its
    /// range, so the median and an interval's bounds cost about one
    /// selection): afterwards each of `positions` (ascending, within
    /// `low...high`) holds the element of its rank in `x[low...high]`.
    private static func select(_ x: UnsafeMutableBufferPointer<Double>, _ positions: UnsafeBufferPointer<Int>,
                               _ low: Int, _ high: Int) {
        var positions = positions, low = low, high = high
        while !positions.isEmpty {
            guard high - low > 16 else { return insertionSort(x, low, high) }
            let middle = low + (high - low) / 2
            if x[middle] < x[low] { x.swapAt(middle, low) }
            if x[high] < x[low] { x.swapAt(high, low) }
            if x[high] < x[middle] { x.swapAt(high, middle) }
            let pivot = x[middle]
            var i = low, j = high
            while i <= j {
                while x[i] < pivot { i += 1 }
                while pivot < x[j] { j -= 1 }
                if i <= j {
                    x.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // x[low...j] ≤ pivot, x[i...high] ≥ pivot, anything between equals it.
            let left = UnsafeBufferPointer(rebasing: positions[..<(positions.firstIndex { $0 > j } ?? positions.endIndex)])
            let right = UnsafeBufferPointer(rebasing: positions[(positions.firstIndex { $0 >= i } ?? positions.endIndex)...])
            // Recursion only where both parts hold positions, at most once
            // per position, so the depth stays that small.
            if right.isEmpty {
                positions = left
                high = j
            } else {
                select(x, left, low, j)
                positions = right
                low = i
            }
        }
    }
}
