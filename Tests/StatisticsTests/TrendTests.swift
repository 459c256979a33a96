import Testing
@testable import MsokoStatistics
import MsokoTestSupport

@Suite("Mann–Kendall, Sen's slope, OLS and the trend verdict")
struct TrendTests {
    /// Equally spaced, with a group of three tied values.
    let seriesA = [5.1, 4.8, 6.0, 6.0, 7.2, 6.9, 6.0, 8.1, 8.8, 9.0]
    /// Uneven spacing (years with gaps and a half year), three tied values.
    let timesB = [2015, 2016, 2018, 2019, 2022, 2023.5, 2024]
    let seriesB = [61.0, 63.5, 63.5, 70.0, 68.2, 63.5, 75.0]

    @Test("Mann–Kendall with ties matches pymannkendall 1.4.3 original_test")
    func mannKendallTies() throws {
        let result = try MannKendall.test(times: (0..<10).map(Double.init), values: seriesA)
        // pymannkendall 1.4.3 original_test(a): s, var_s, z, p
        #expect(result.s == 34)
        #expect(isApproximatelyEqual(result.varianceS, 121.33333333333333, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(result.z, 2.995876286710572, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(result.p, 0.0027365743292095956, relativeTolerance: 1e-9))
    }

    @Test("Mann–Kendall of a decreasing series without ties matches pymannkendall 1.4.3")
    func mannKendallDecreasing() throws {
        let series = [12.0, 11.5, 11.9, 10.2, 10.4, 9.8, 9.9, 8.7, 9.1, 8.0, 7.4, 7.9]
        let result = try MannKendall.test(times: (0..<12).map(Double.init), values: series)
        // pymannkendall 1.4.3 original_test(c)
        #expect(result.s == -56)
        #expect(isApproximatelyEqual(result.varianceS, 212.66666666666666, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(result.z, -3.771490147280579, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(result.p, 0.00016227556647607777, relativeTolerance: 1e-9))
        let sen = try SenSlope.estimate(times: (0..<12).map(Double.init), values: series)
        // pymannkendall slope/intercept; scipy 1.17.1 stats.theilslopes(c, arange(12), 0.95) bounds
        #expect(isApproximatelyEqual(sen.slope, -0.42916666666666636, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(sen.intercept, 12.210416666666667, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(sen.low, -0.5, absoluteTolerance: 1e-9, relativeTolerance: 1e-9) && isApproximatelyEqual(sen.high, -0.34999999999999964, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
    }

    @Test("uneven spacing: S, Var(S), z, p from numpy/scipy by the definition; Sen from scipy theilslopes")
    func unevenSpacing() throws {
        let result = try MannKendall.test(times: timesB, values: seriesB)
        // numpy 2.4.6: S = Σ sign(tj−ti)·sign(yj−yi); var = (n(n−1)(2n+5) − Σ u(u−1)(2u+5))/18;
        // z = (S − 1)/√var; p = 2·scipy 1.17.1 norm.sf(|z|)
        #expect(result.s == 12)
        #expect(isApproximatelyEqual(result.varianceS, 40.666666666666664, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(result.z, 1.7249376325147452, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(result.p, 0.08453871268635646, relativeTolerance: 1e-9))
        let sen = try SenSlope.estimate(times: timesB, values: seriesB)
        // scipy 1.17.1 stats.theilslopes(y, t, 0.95): slope, intercept, low, high
        #expect(isApproximatelyEqual(sen.slope, 1.028571428571429, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(sen.intercept, -2013.1857142857148, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(sen.low == 0 && sen.high == 2.5)
    }

    @Test("the time points may come in any order")
    func orderFree() throws {
        let permutation = [3, 0, 6, 1, 5, 2, 4]
        let times = permutation.map { timesB[$0] }, values = permutation.map { seriesB[$0] }
        #expect(try MannKendall.test(times: times, values: values) == MannKendall.test(times: timesB, values: seriesB))
        #expect(try SenSlope.estimate(times: times, values: values) == SenSlope.estimate(times: timesB, values: seriesB))
    }

    @Test("Sen's intercept is median(y) − slope·median(t), as pymannkendall and scipy theilslopes")
    func senIntercept() throws {
        let years = (2015..<2025).map(Double.init)
        let sen = try SenSlope.estimate(times: years, values: seriesA)
        // scipy 1.17.1 stats.theilslopes(a, arange(2015, 2025), 0.95)
        #expect(isApproximatelyEqual(sen.slope, 0.4500000000000002, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(sen.intercept, -902.3250000000003, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(sen.low, 0.3000000000000001, absoluteTolerance: 1e-9, relativeTolerance: 1e-9) && isApproximatelyEqual(sen.high, 0.5714285714285715, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
    }

    @Test("OLS slope interval and prediction interval match scipy 1.17.1 linregress with t.ppf")
    func ordinaryLeastSquares() throws {
        let fit = try LinearRegression.fit(x: timesB, y: seriesB)
        // scipy 1.17.1 stats.linregress(t, y): slope, intercept, stderr, intercept_stderr
        #expect(isApproximatelyEqual(fit.slope, 0.8869806094182828, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(fit.intercept, -1724.9983379501389, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(fit.slopeStandardError, 0.465156458868132, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(fit.interceptStandardError, 939.4511922205138, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(fit.residualStandardError, 4.091186392011801, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        // slope ∓ t.ppf(0.975, 5)·stderr
        let interval = fit.slopeInterval()
        #expect(isApproximatelyEqual(interval.low, -0.3087421344770478, absoluteTolerance: 1e-9, relativeTolerance: 1e-9) && isApproximatelyEqual(interval.high, 2.0827033533136134, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        // ŷ ± t.ppf(0.975, 5)·s·√(1 + 1/n + (x0 − x̄)²/Sxx) at x0 = 2026 (numpy)
        let prediction = fit.predictionInterval(at: 2026)
        #expect(isApproximatelyEqual(prediction.estimate, 72.02437673130203, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(prediction.low, 58.45298002571898, absoluteTolerance: 1e-9, relativeTolerance: 1e-9) && isApproximatelyEqual(prediction.high, 85.59577343688507, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
    }

    @Test("degenerate input throws typed errors naming the problem")
    func errors() {
        #expect(throws: StatisticsError.tooFewPoints(needed: 3, got: 2)) {
            try LinearRegression.fit(x: [1, 2], y: [3, 4])
        }
        #expect(throws: StatisticsError.constantPredictor) {
            try LinearRegression.fit(x: [2, 2, 2], y: [3, 4, 5])
        }
        #expect(throws: StatisticsError.nonFinite(index: 1, value: .infinity)) {
            try MannKendall.test(times: [1, 2, 3], values: [1, .infinity, 2])
        }
        #expect(throws: StatisticsError.lengthMismatch(first: 3, second: 2)) {
            try SenSlope.estimate(times: [1, 2, 3], values: [1, 2])
        }
        #expect(throws: StatisticsError.tooFewPoints(needed: 2, got: 1)) {
            try MannKendall.test(times: [1], values: [1])
        }
        #expect(throws: StatisticsError.constantPredictor) {
            try SenSlope.estimate(times: [5, 5, 5], values: [1, 2, 3])
        }
        let nanError = StatisticsError.nonFinite(index: 2, value: .nan)
        #expect(nanError.description.contains("position 3"))
    }

    @Test("an all-equal series has S = 0, Var(S) = 0, z = 0, p = 1 and no trend")
    func allTies() throws {
        let times = [1.0, 2, 3, 4, 5]
        let result = try MannKendall.test(times: times, values: [4, 4, 4, 4, 4])
        #expect(result.s == 0 && result.varianceS == 0 && result.z == 0 && result.p == 1)
        let summary = TrendAnalysis.analyze(times: times, values: [4, 4, 4, 4, 4])
        #expect(summary.direction == .noTrend)
        #expect(summary.sen?.slope == 0)
        #expect(summary.ols?.slope == 0)
    }

    @Test("the verdict: increasing, decreasing, no trend, and insufficient data below 4 points")
    func verdicts() {
        let ten = (0..<10).map(Double.init)
        #expect(TrendAnalysis.analyze(times: ten, values: seriesA).direction == .increasing)
        #expect(TrendAnalysis.analyze(times: ten, values: seriesA.map { -$0 }).direction == .decreasing)
        #expect(TrendAnalysis.analyze(times: timesB, values: seriesB).direction == .noTrend)
        let short = TrendAnalysis.analyze(times: [1, 2, 3], values: [1, 2, 3])
        #expect(short.direction == .insufficientData)
        #expect(short.mannKendall?.s == 3)
        #expect(short.ols != nil)
        let two = TrendAnalysis.analyze(times: [1, 2], values: [1, 2])
        #expect(two.direction == .insufficientData && two.ols == nil && two.olsSlopeLow.isNaN)
        let sameTime = TrendAnalysis.analyze(times: [3, 3, 3, 3, 3], values: [1, 2, 3, 4, 5])
        #expect(sameTime.direction == .insufficientData && sameTime.sen == nil && sameTime.ols == nil)
        #expect(TrendAnalysis.analyze(times: [], values: []).n == 0)
    }

    @Test("NaN values are dropped together with their time points")
    func missingValues() {
        let withGaps = TrendAnalysis.analyze(times: [0, 1, 2, 3, 4, 5, 6],
                                             values: [1, .nan, 2, 4, .nan, 5, 7])
        let without = TrendAnalysis.analyze(times: [0, 2, 3, 5, 6], values: [1, 2, 4, 5, 7])
        #expect(withGaps == without)
        #expect(withGaps.n == 5)
    }

    @Test("the summary agrees with the separate estimators, and the OLS bounds with slopeInterval()")
    func summaryConsistency() throws {
        let summary = TrendAnalysis.analyze(times: timesB, values: seriesB)
        #expect(summary.mannKendall == (try MannKendall.test(times: timesB, values: seriesB)))
        #expect(summary.sen == (try SenSlope.estimate(times: timesB, values: seriesB)))
        let interval = try LinearRegression.fit(x: timesB, y: seriesB).slopeInterval()
        #expect(isApproximatelyEqual(summary.olsSlopeLow, interval.low, absoluteTolerance: 1e-14, relativeTolerance: 1e-14) && isApproximatelyEqual(summary.olsSlopeHigh, interval.high, absoluteTolerance: 1e-14, relativeTolerance: 1e-14))
    }

    @Test("Wilson intervals match the statsmodels formula (computed with numpy/scipy 1.17.1)")
    func wilson() {
        let cases: [(Double, Double, Double, Double, Double)] = [
            (7, 20, 0.95, 0.18119182410108206, 0.5671457233147638),
            (0, 15, 0.95, 0.0, 0.20388330103584862),
            (15, 15, 0.9, 0.8471922953898597, 1.0),
            (43.5, 120, 0.99, 0.25943266196229503, 0.4799756616061242),
        ]
        for (successes, trials, confidence, low, high) in cases {
            let interval = WilsonInterval.interval(successes: successes, trials: trials, confidence: confidence)
            #expect(isApproximatelyEqual(interval.low, low, absoluteTolerance: 1e-12, relativeTolerance: 1e-12) && isApproximatelyEqual(interval.high, high, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
        }
        #expect(WilsonInterval.interval(successes: 1, trials: 0).low.isNaN)
        #expect(WilsonInterval.interval(successes: 5, trials: 4).high.isNaN)
    }
}

@Suite("Sen's slope by rank selection")
struct SenSelectionTests {
    @Test("the batch analyser's Sen slope, interval and intercept (ranks selected, not sorted) equal SenSlope.estimate's (all slopes sorted) to the bit, on long termly-like series with ties, repeated times and signed zeros")
    func selectionEqualsSortedSlopes() throws {
        var generator = SeededGenerator(seed: 31)
        let analyzer = TrendAnalyzer(confidence: 0.95)
        for trial in 0..<2000 {
            let n = 2 + trial % 40
            let spread = [1, 3, 50, 100_000][trial % 4]
            var times = (0..<n).map { Double($0) / 4 + 2020 }
            if trial % 3 == 0 { times = times.map { _ in Double(Int.random(in: 0...n, using: &generator)) } }
            if trial % 5 == 0 { times.reverse() }
            var values = (0..<n).map { _ in Double(Int.random(in: -spread...spread, using: &generator)) / 8 }
            if trial % 6 == 0 { values = values.map { $0 == 0 ? -0.0 : $0 } }
            guard Set(times).count > 1 else { continue }
            let expected = try SenSlope.estimate(times: times, values: values, confidence: 0.95)
            let found = try #require(analyzer.analyze(times: times[...], values: values[...]).sen)
            for (lhs, rhs) in [(found.slope, expected.slope), (found.intercept, expected.intercept),
                               (found.low, expected.low), (found.high, expected.high)] {
                #expect(lhs.bitPattern == rhs.bitPattern, "trial \(trial): \(found) vs \(expected)")
            }
        }
    }
}
