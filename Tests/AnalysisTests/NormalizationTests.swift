import Testing
import MsokoAnalysis
import MsokoModel
import MsokoTestSupport

@Suite("Normalisation onto 0–100, higher = better")
struct NormalizationTests {
    @Test("target, direction up: 100·min(x/T, 1), missing stays missing")
    func targetUp() {
        let column = Normalization.normalize([35, 70, 84, nil], indicator: Toy.indicator("participation"), method: .target)
        #expect(isApproximatelyEqual(column.scores, [50, 100, 100, nil], absoluteTolerance: 1e-9))
        #expect(column.method == .target && column.notes.isEmpty)
    }

    @Test("a target of 100 % scores the value itself")
    func targetOfHundred() {
        let column = Normalization.normalize([80, 100, 0], indicator: Toy.indicator("full_coverage"), method: .target)
        #expect(isApproximatelyEqual(column.scores, [80, 100, 0], absoluteTolerance: 1e-9))
    }

    @Test("target, direction down: 100·min(T/x, 1), and a zero value scores 100")
    func targetDown() {
        let column = Normalization.normalize([1, 2, 4, 0], indicator: Toy.indicator("absences"), method: .target)
        #expect(isApproximatelyEqual(column.scores, [100, 100, 50, 100], absoluteTolerance: 1e-9))
    }

    @Test("direction down with target 0 scores 100·(1 − x/max)")
    func targetZeroDown() {
        #expect(Normalization.targetScore(1, target: 0, direction: .down, districtMaximum: 4) == 75)
        #expect(Normalization.targetScore(0, target: 0, direction: .down, districtMaximum: 4) == 100)
        #expect(Normalization.targetScore(4, target: 0, direction: .down, districtMaximum: 4) == 0)
    }

    @Test("target without a target falls back to min–max and records it")
    func targetFallback() {
        let column = Normalization.normalize([2, 4, 6], indicator: Toy.indicator("clubs"), method: .target)
        #expect(isApproximatelyEqual(column.scores, [0, 50, 100], absoluteTolerance: 1e-9))
        #expect(column.method == .minmax)
        #expect(column.notes == [.noTargetUsedMinmax])
    }

    @Test("min–max reverses for direction down")
    func minmaxDown() {
        let column = Normalization.normalize([10, 20, 30], indicator: Toy.indicator("offences"), method: .minmax)
        #expect(isApproximatelyEqual(column.scores, [100, 50, 0], absoluteTolerance: 1e-9))
    }

    @Test("z-score maps 50 + 50·z/3 with the population sd")
    func zscore() {
        // scipy 1.17 stats.zscore([1, 2, 3, 4, 5]) → 50 + 50·z/3.
        let column = Normalization.normalize([1, 2, 3, 4, 5], indicator: Toy.indicator("clubs"), method: .zscore)
        #expect(isApproximatelyEqual(column.scores, [26.42977396, 38.21488698, 50, 61.78511302, 73.57022604], absoluteTolerance: 1e-7))
        let down = Normalization.normalize([1, 5], indicator: Toy.indicator("offences"), method: .zscore)
        #expect(isApproximatelyEqual(down.scores, [66.66666667, 33.33333333], absoluteTolerance: 1e-7))
    }

    @Test("rank gives the percentile of the average rank of ties, 1 = worst")
    func rankWithTies() {
        let up = Normalization.normalize([10, 20, 20, 30], indicator: Toy.indicator("clubs"), method: .rank)
        #expect(isApproximatelyEqual(up.scores, [0, 50, 50, 100], absoluteTolerance: 1e-9))
        let down = Normalization.normalize([10, nil, 20, 30], indicator: Toy.indicator("offences"), method: .rank)
        #expect(isApproximatelyEqual(down.scores, [100, nil, 50, 0], absoluteTolerance: 1e-9))
    }

    @Test("zero variance gives 50 under min–max, z-score and rank, and is reported")
    func zeroVariance() {
        for method in [NormalizationMethod.minmax, .zscore, .rank] {
            let column = Normalization.normalize([5, 5, nil, 5], indicator: Toy.indicator("clubs"), method: method)
            #expect(isApproximatelyEqual(column.scores, [50, 50, nil, 50], absoluteTolerance: 1e-9))
            #expect(column.notes.contains(.zeroVariance))
        }
    }

    @Test("an all-missing indicator gives no scores and is reported")
    func allMissing() {
        for method in NormalizationMethod.allCases {
            let column = Normalization.normalize([nil, nil], indicator: Toy.indicator("participation"), method: method)
            #expect(column.scores.allSatisfy { $0 == nil })
            #expect(column.notes == [.allMissing])
        }
    }

    @Test("winsorisation clips to the type-7 quantiles before min–max")
    func winsorize() {
        // numpy 2 quantile([0, 10, 20, 30, 1000], [0.2, 0.8]) = 8, 224; clipped then min–max.
        let column = Normalization.normalize([0, 10, 20, 30, 1000], indicator: Toy.indicator("clubs"), method: .minmax,
                                             winsorize: 0.2)
        #expect(isApproximatelyEqual(column.scores, [0, 0.92592593, 5.55555556, 10.18518519, 100], absoluteTolerance: 1e-7))
    }

    @Test("meets_target is ≥ T up and ≤ T down, nil without a target")
    func meetsTarget() {
        #expect(Normalization.meetsTarget(70, indicator: Toy.indicator("participation")) == true)
        #expect(Normalization.meetsTarget(69.9, indicator: Toy.indicator("participation")) == false)
        #expect(Normalization.meetsTarget(2, indicator: Toy.indicator("absences")) == true)
        #expect(Normalization.meetsTarget(3, indicator: Toy.indicator("absences")) == false)
        #expect(Normalization.meetsTarget(3, indicator: Toy.indicator("clubs")) == nil)
    }
}
