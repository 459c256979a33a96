/// The direction of a monotonic trend at a significance level.
public enum TrendDirection: String, Sendable, CaseIterable {
    case increasing
    case decreasing
    case noTrend = "no_trend"
    case insufficientData = "insufficient_data"
}

/// Everything msoko reports about one series: the Mann–Kendall test, Sen's
/// slope and the OLS line with its slope interval.
public struct TrendSummary: Sendable, Equatable {
    /// Observations used (after dropping non-finite pairs).
    public let n: Int
    /// nil for n < 2.
    public let mannKendall: MannKendallResult?
    /// nil for n < 2 or when all time points are equal.
    public let sen: SenSlopeResult?
    /// nil for n < 3 or when all time points are equal.
    public let ols: LinearFit?
    /// The bounds of the OLS slope interval at level 1 − α; NaN without a fit.
    public let olsSlopeLow: Double
    public let olsSlopeHigh: Double
    /// The verdict at level α.
    public let direction: TrendDirection

    public init(n: Int, mannKendall: MannKendallResult?, sen: SenSlopeResult?, ols: LinearFit?,
                olsSlopeLow: Double, olsSlopeHigh: Double, direction: TrendDirection) {
        self.n = n
        self.mannKendall = mannKendall
        self.sen = sen
        self.ols = ols
        self.olsSlopeLow = olsSlopeLow
        self.olsSlopeHigh = olsSlopeHigh
        self.direction = direction
    }
}

/// The trend analysis of one series, as `msoko trend` and the trend stage
/// report it. Never throws: degenerate input gives `insufficientData` and
/// nil / NaN statistics.
///
/// Rules, in order:
/// 1. Pairs whose value or time is NaN or ±Inf are dropped together (a
///    missing observation is not a point of the series); `n` counts the rest.
/// 2. Every statistic that is defined is computed: Mann–Kendall and Sen for
///    n ≥ 2, OLS for n ≥ 3 (both need two distinct time points). Sen's
///    interval and the OLS slope interval have level `confidence`, by
///    default 1 − α (95 % at the default α = 0.05, as docs/contract.md §4 asks).
/// 3. The direction is `insufficientData` when n < `minimumCount` (default
///    4, docs/contract.md §3's "fewer than 4 periods") or all time points are
///    equal; otherwise `increasing` / `decreasing` when the Mann–Kendall
///    two-sided p < α (the sign of S decides), else `noTrend`. This is
///    pymannkendall's rule |z| > z_{1−α/2}.
public enum TrendAnalysis {
    public static func analyze(times: [Double], values: [Double], alpha: Double = 0.05, confidence: Double? = nil,
                               minimumCount: Int = 4) -> TrendSummary {
        let analyzer = TrendAnalyzer(alpha: alpha, confidence: confidence, minimumCount: minimumCount)
        return analyzer.analyze(times: times[...], values: values[...])
    }
}

/// A reusable trend analyser for many series: it keeps its scratch memory
/// and the Student-t critical values between calls, so that analysing a
/// short series allocates nothing. Results equal `TrendAnalysis.analyze`.
///
/// Not thread-safe: use one analyser per thread.
public final class TrendAnalyzer {
    public let alpha: Double
    /// The level of Sen's and the OLS slope intervals.
    public let confidence: Double
    public let minimumCount: Int
    private var capacity = 0
    private var slopeCapacity = 0
    private var times: UnsafeMutablePointer<Double>
    private var values: UnsafeMutablePointer<Double>
    private var sortedTimes: UnsafeMutablePointer<Double>
    private var sortedValues: UnsafeMutablePointer<Double>
    private var slopes: UnsafeMutablePointer<Double>
    /// t_{(1+confidence)/2, df} indexed by df, filled on demand.
    private var studentCritical: [Double] = []
    private let normalCritical: Double

    /// - Parameters:
    ///   - alpha: the significance level; values outside (0, 1) make every
    ///     interval NaN and every verdict `noTrend` or `insufficientData`.
    ///   - confidence: the level of the slope intervals; default 1 − α.
    ///   - minimumCount: below this many points the verdict is `insufficientData`.
    public init(alpha: Double = 0.05, confidence: Double? = nil, minimumCount: Int = 4) {
        self.alpha = alpha
        self.confidence = confidence ?? 1 - alpha
        self.minimumCount = minimumCount
        normalCritical = Normal.quantile((1 + self.confidence) / 2)
        times = .allocate(capacity: 1)
        values = .allocate(capacity: 1)
        sortedTimes = .allocate(capacity: 1)
        sortedValues = .allocate(capacity: 1)
        slopes = .allocate(capacity: 1)
        capacity = 1
        slopeCapacity = 1
    }

    deinit {
        times.deallocate()
        values.deallocate()
        sortedTimes.deallocate()
        sortedValues.deallocate()
        slopes.deallocate()
    }

    private func reserve(_ n: Int) {
        if n > capacity {
            for pointer in [times, values, sortedTimes, sortedValues] { pointer.deallocate() }
            capacity = max(n, 2 * capacity)
            times = .allocate(capacity: capacity)
            values = .allocate(capacity: capacity)
            sortedTimes = .allocate(capacity: capacity)
            sortedValues = .allocate(capacity: capacity)
        }
        let pairs = n * (n - 1) / 2
        if pairs > slopeCapacity {
            slopes.deallocate()
            slopeCapacity = max(pairs, 2 * slopeCapacity)
            slopes = .allocate(capacity: slopeCapacity)
        }
    }

    private func criticalValue(degreesOfFreedom: Int) -> Double {
        if degreesOfFreedom >= studentCritical.count {
            let start = studentCritical.count
            for df in start...max(degreesOfFreedom, start) {
                studentCritical.append(df == 0 ? .nan : StudentT.quantile((1 + confidence) / 2, degreesOfFreedom: Double(df)))
            }
        }
        return studentCritical[degreesOfFreedom]
    }

    /// The analysis of one series; `times` and `values` pair up by position
    /// (extra elements of the longer one are ignored).
    public func analyze(times inputTimes: ArraySlice<Double>, values inputValues: ArraySlice<Double>) -> TrendSummary {
        inputTimes.withUnsafeBufferPointer { timeBuffer in
            inputValues.withUnsafeBufferPointer { valueBuffer in
                analyze(times: timeBuffer, values: valueBuffer)
            }
        }
    }

    /// The same on buffers, for batch callers that hold all series in one
    /// flat array: slicing a buffer touches no reference count, which
    /// matters when several threads read the same arrays.
    public func analyze(times inputTimes: UnsafeBufferPointer<Double>, values inputValues: UnsafeBufferPointer<Double>) -> TrendSummary {
        let length = min(inputTimes.count, inputValues.count)
        reserve(length)
        var n = 0
        for index in 0..<length {
            let t = inputTimes[index], y = inputValues[index]
            if t.isFinite && y.isFinite {
                times[n] = t
                values[n] = y
                n += 1
            }
        }
        return analyzeScratch(n)
    }

    private func analyzeScratch(_ n: Int) -> TrendSummary {
        guard n >= 2 else {
            return TrendSummary(n: n, mannKendall: nil, sen: nil, ols: nil,
                                olsSlopeLow: .nan, olsSlopeHigh: .nan, direction: .insufficientData)
        }
        let t = UnsafeBufferPointer(start: times, count: n)
        let y = UnsafeBufferPointer(start: values, count: n)
        let sortedT = UnsafeMutableBufferPointer(start: sortedTimes, count: n)
        let sortedY = UnsafeMutableBufferPointer(start: sortedValues, count: n)
        sortedTimes.update(from: times, count: n)
        sortedValues.update(from: values, count: n)
        Kernels.insertionSort(sortedT)
        Kernels.insertionSort(sortedY)
        let s = TrendKernels.kendallScore(times: t, values: y)
        let variance = TrendKernels.varianceOfS(n: n, sortedTimes: UnsafeBufferPointer(sortedT),
                                                sortedValues: UnsafeBufferPointer(sortedY))
        let mannKendall = TrendKernels.mannKendall(n: n, s: s, varianceS: variance)
        let timesVary = sortedT[0] != sortedT[n - 1]
        var sen: SenSlopeResult?
        var ols: LinearFit?
        var low = Double.nan, high = Double.nan
        if timesVary {
            let slopeBuffer = UnsafeMutableBufferPointer(start: slopes, count: n * (n - 1) / 2)
            let count = TrendKernels.pairwiseSlopes(times: t, values: y, into: slopeBuffer)
            let used = UnsafeMutableBufferPointer(rebasing: slopeBuffer[0..<count])
            TrendKernels.orderForSen(used, varianceS: variance, criticalValue: normalCritical)
            sen = TrendKernels.sen(sortedSlopes: UnsafeBufferPointer(used), sortedTimes: UnsafeBufferPointer(sortedT),
                                   sortedValues: UnsafeBufferPointer(sortedY), varianceS: variance,
                                   criticalValue: normalCritical)
            if n >= 3, let fit = TrendKernels.ordinaryLeastSquares(x: t, y: y) {
                ols = fit
                (low, high) = fit.slopeInterval(criticalValue: criticalValue(degreesOfFreedom: n - 2))
            }
        }
        let direction: TrendDirection
        if n < minimumCount || !timesVary {
            direction = .insufficientData
        } else if mannKendall.p < alpha {
            direction = mannKendall.s > 0 ? .increasing : .decreasing
        } else {
            direction = .noTrend
        }
        return TrendSummary(n: n, mannKendall: mannKendall, sen: sen, ols: ols,
                            olsSlopeLow: low, olsSlopeHigh: high, direction: direction)
    }
}
