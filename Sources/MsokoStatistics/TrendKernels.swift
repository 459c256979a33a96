import Foundation

/// The arithmetic of the trend methods on buffers, free of allocations, so
/// that one-off calls and the batch analysis of millions of short series
/// share a single implementation.
enum TrendKernels {
    /// S = Σ_{i<j} sgn(tⱼ − tᵢ)·sgn(yⱼ − yᵢ).
    @inline(__always)
    static func kendallScore(times t: UnsafeBufferPointer<Double>, values y: UnsafeBufferPointer<Double>) -> Double {
        let n = t.count
        var s = 0
        for i in 0..<n {
            let ti = t[i], yi = y[i]
            for j in (i + 1)..<max(n, i + 1) {
                s += sign(t[j] - ti) * sign(y[j] - yi)
            }
        }
        return Double(s)
    }

    @inline(__always)
    static func sign(_ x: Double) -> Int { (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0) }

    /// Σ u(u−1)(2u+5) over the groups of equal values of an ascending buffer.
    @inline(__always)
    static func tieTerm(_ sorted: UnsafeBufferPointer<Double>) -> Int {
        var total = 0
        var start = 0
        let n = sorted.count
        while start < n {
            var end = start + 1
            while end < n && sorted[end] == sorted[start] { end += 1 }
            let u = end - start
            if u > 1 { total += u * (u - 1) * (2 * u + 5) }
            start = end
        }
        return total
    }

    /// Var(S) with the tie corrections of Sen (1968) eq. 2.6.
    static func varianceOfS(n: Int, sortedTimes: UnsafeBufferPointer<Double>, sortedValues: UnsafeBufferPointer<Double>) -> Double {
        let total = n * (n - 1) * (2 * n + 5) - tieTerm(sortedTimes) - tieTerm(sortedValues)
        return Double(total) / 18
    }

    /// z with continuity correction and the two-sided p-value.
    static func mannKendall(n: Int, s: Double, varianceS: Double) -> MannKendallResult {
        var z = 0.0
        if varianceS > 0 {
            if s > 0 { z = (s - 1) / varianceS.squareRoot() } else if s < 0 { z = (s + 1) / varianceS.squareRoot() }
        }
        return MannKendallResult(n: n, s: s, varianceS: varianceS, z: z, p: Normal.twoSidedPValue(z))
    }

    /// Writes the slopes of all pairs with distinct times; returns their count.
    @inline(__always)
    static func pairwiseSlopes(times t: UnsafeBufferPointer<Double>, values y: UnsafeBufferPointer<Double>,
                               into slopes: UnsafeMutableBufferPointer<Double>) -> Int {
        let n = t.count
        var count = 0
        for i in 0..<n {
            let ti = t[i], yi = y[i]
            for j in (i + 1)..<max(n, i + 1) {
                let dt = t[j] - ti
                if dt != 0 {
                    slopes[count] = (y[j] - yi) / dt
                    count += 1
                }
            }
        }
        return count
    }

    /// Sen's slope, interval and intercept from the sorted pairwise slopes
    /// (only the positions of `orderForSen` are read).
    static func sen(sortedSlopes: UnsafeBufferPointer<Double>, sortedTimes: UnsafeBufferPointer<Double>,
                    sortedValues: UnsafeBufferPointer<Double>, varianceS: Double, criticalValue: Double) -> SenSlopeResult {
        let count = sortedSlopes.count
        guard count > 0 else { return SenSlopeResult(slope: .nan, intercept: .nan, low: .nan, high: .nan) }
        let slope = Kernels.medianOfSorted(sortedSlopes)
        let intercept = Kernels.medianOfSorted(sortedValues) - slope * Kernels.medianOfSorted(sortedTimes)
        var low = Double.nan, high = Double.nan
        if let interval = senInterval(count: count, varianceS: varianceS, criticalValue: criticalValue) {
            low = sortedSlopes[interval.low]
            high = sortedSlopes[interval.high]
        }
        return SenSlopeResult(slope: slope, intercept: intercept, low: low, high: high)
    }

    /// The 0-based positions among `count` sorted slopes of Sen's interval
    /// bounds; nil when the ranks are not finite.
    static func senInterval(count: Int, varianceS: Double, criticalValue: Double) -> (low: Int, high: Int)? {
        let c = criticalValue * varianceS.squareRoot()
        let total = Double(count)
        // 1-based ranks as scipy `theilslopes`: round half to even, clamped.
        let lowerRank = ((total - c) / 2).rounded(.toNearestOrEven)
        let upperRank = ((total + c) / 2).rounded(.toNearestOrEven) + 1
        guard lowerRank.isFinite && upperRank.isFinite else { return nil }
        return (Int(min(max(lowerRank, 1), total)) - 1, Int(min(max(upperRank, 1), total)) - 1)
    }

    /// Orders the pairwise slopes just enough for `sen(sortedSlopes:…)`:
    /// every position it reads (the median's one or two, the interval's
    /// bounds) holds what a full sort would put there. A termly series of
    /// 32 terms has 496 slopes, whose full sort was most of the analyser's
    /// time in a 10,000-school profile; short series are simply sorted.
    static func orderForSen(_ slopes: UnsafeMutableBufferPointer<Double>, varianceS: Double, criticalValue: Double) {
        let count = slopes.count
        if count > Kernels.insertionSortLimit {
            var positions = [(count - 1) / 2, count / 2]
            if let interval = senInterval(count: count, varianceS: varianceS, criticalValue: criticalValue) {
                positions += [interval.low, interval.high]
            }
            positions.sort()
            if Kernels.selectRanks(slopes, positions: positions) { return }
        }
        Kernels.insertionSort(slopes)
    }

    /// OLS from centred sums; nil when x is constant. Needs n ≥ 3 for the
    /// standard errors to be finite.
    static func ordinaryLeastSquares(x: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> LinearFit? {
        let n = x.count
        let meanX = Kernels.mean(x), meanY = Kernels.mean(y)
        var sxx = 0.0, sxy = 0.0
        for index in 0..<n {
            let dx = x[index] - meanX
            sxx += dx * dx
            sxy += dx * (y[index] - meanY)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        // Residuals directly rather than Syy − slope·Sxy, which cancels for
        // near-perfect fits.
        var sumSquaredResiduals = 0.0
        for index in 0..<n {
            let residual = y[index] - meanY - slope * (x[index] - meanX)
            sumSquaredResiduals += residual * residual
        }
        let degreesOfFreedom = Double(n - 2)
        let sigma = degreesOfFreedom > 0 ? (sumSquaredResiduals / degreesOfFreedom).squareRoot() : .nan
        let slopeError = sigma / sxx.squareRoot()
        let interceptError = sigma * (1 / Double(n) + meanX * meanX / sxx).squareRoot()
        return LinearFit(slope: slope, intercept: intercept, slopeStandardError: slopeError,
                         interceptStandardError: interceptError, residualStandardError: sigma,
                         n: n, meanX: meanX, sumSquaresX: sxx)
    }
}
