import Testing
import MsokoLinearAlgebra
@testable import MsokoStatistics
import MsokoTestSupport

@Suite("Cronbach's alpha and bootstrap intervals")
struct ReliabilityAndBootstrapTests {
    let answers = Matrix([[4, 5, 3, 4], [2, 3, 2, 3], [5, 5, 4, 5], [3, 4, 3, 2], [4, 4, 5, 4], [1, 2, 1, 2]])

    @Test("Cronbach's alpha matches the formula in numpy 2.4.6")
    func alpha() throws {
        // numpy 2.4.6: k/(k−1)·(1 − X.var(axis=0, ddof=1).sum()/X.sum(axis=1).var(ddof=1))
        #expect(isApproximatelyEqual(try Reliability.cronbachAlpha(answers), 0.9422718808193669, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
    }

    @Test("Cronbach's alpha refuses one item, constant totals and NaN")
    func alphaErrors() {
        #expect(throws: StatisticsError.tooFewPoints(needed: 2, got: 1)) {
            try Reliability.cronbachAlpha(Matrix([[1], [2], [3]]))
        }
        #expect(thrownMessage(StatisticsError.self) {
            try Reliability.cronbachAlpha(Matrix([[1, 2], [2, 1], [3, 0]]))
        } == "statistic undefined: Cronbach's alpha needs totals that vary; every respondent has the same total")
        #expect(throws: StatisticsError.nonFinite(index: 3, value: .infinity)) {
            try Reliability.cronbachAlpha(Matrix([[1, 2], [3, .infinity]]))
        }
    }

    @Test("the bootstrap interval depends only on the seed, brackets the estimate, and narrows with n")
    func bootstrap() throws {
        var generator = SeededGenerator(seed: 11)
        let sample = (0..<200).map { _ in 10 + 2 * generator.nextNormal() }
        let first = try Bootstrap.percentileInterval(sample, resamples: 500, seed: 3, statistic: Descriptive.mean)
        let second = try Bootstrap.percentileInterval(sample, resamples: 500, seed: 3, statistic: Descriptive.mean)
        let other = try Bootstrap.percentileInterval(sample, resamples: 500, seed: 4, statistic: Descriptive.mean)
        #expect(first == second)
        #expect(first != other)
        #expect(first.low < first.estimate && first.estimate < first.high)
        // The standard error of the mean is 2/√200 ≈ 0.14, so the 95 % interval is ≈ ±0.28.
        #expect(isApproximatelyEqual((first.high - first.low) / 2, 0.28, absoluteTolerance: 0.08))
    }

    @Test("the bootstrap refuses an empty sample, NaN and a bad confidence")
    func bootstrapErrors() {
        #expect(thrownMessage(StatisticsError.self) {
            try Bootstrap.percentileInterval([], seed: 1, statistic: Descriptive.mean)
        } == "too few points: the method needs at least 1, got 0")
        #expect(throws: StatisticsError.nonFinite(index: 1, value: .infinity)) {
            try Bootstrap.percentileInterval([1, .infinity], seed: 1, statistic: Descriptive.mean)
        }
        #expect(thrownMessage(StatisticsError.self) {
            try Bootstrap.percentileInterval([1, 2], confidence: 1.5, seed: 1, statistic: Descriptive.mean)
        } == "invalid argument: confidence 1.5 must lie strictly between 0 and 1")
    }
}
