import Testing
@testable import MsokoStatistics
import MsokoTestSupport

@Suite("Descriptive statistics")
struct DescriptiveTests {
    @Test("the median of a sorted array with one element left out, read in place, equals the median of a copy without it, to the bit")
    func leaveOneOutMedian() {
        var generator = SeededGenerator(seed: 11)
        for size in 0...40 {
            // Few distinct values, so that ties and repeated values are common.
            let sorted = (0..<size).map { _ in Double(Int.random(in: -3...3, using: &generator)) / 2 }.sorted()
            for excluded in [nil] + Array(sorted.indices) {
                var rest = sorted
                if let excluded { rest.remove(at: excluded) }
                let expected = Descriptive.median(rest), found = Descriptive.medianOfSorted(sorted, excluding: excluded)
                #expect(found.bitPattern == expected.bitPattern || (found.isNaN && expected.isNaN), "size \(size), excluded \(String(describing: excluded))")
            }
        }
    }

    let x = [3.1, 2.7, 9.4, 5.5, 5.5, 1.2, 8.8, 4.0, 6.6, 7.3, 2.2]
    let y = [2.0, 1.0, 8.0, 4.0, 7.0, 1.0, 9.5, 3.0, 5.0, 6.5, 3.0]
    let w = [1, 2, 0.5, 1, 3, 1, 1, 2, 0.25, 1, 1]

    @Test("mean, sample and population variance match numpy 2.4.6")
    func moments() {
        #expect(isApproximatelyEqual(Descriptive.mean(x), 5.118181818181818, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))           // numpy x.mean()
        #expect(isApproximatelyEqual(Descriptive.variance(x), 7.417636363636364, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))       // numpy x.var(ddof=1)
        #expect(isApproximatelyEqual(Descriptive.variance(x, sample: false), 6.743305785123966, absoluteTolerance: 1e-9, relativeTolerance: 1e-9)) // numpy x.var()
        #expect(isApproximatelyEqual(Descriptive.standardDeviation(x), 7.417636363636364.squareRoot(), absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
    }

    @Test("variance keeps full accuracy when the mean dwarfs the spread")
    func largeOffset() {
        // numpy 2.4.6 np.var([1e9+4, 1e9+7, 1e9+13, 1e9+16], ddof=1) = 30.0
        #expect(isApproximatelyEqual(Descriptive.variance([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]), 30, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
    }

    @Test("empty input gives NaN; one value has no sample variance; NaN propagates")
    func edgeCases() {
        #expect(Descriptive.mean([]).isNaN)
        #expect(Descriptive.variance([4]).isNaN)
        #expect(Descriptive.variance([4], sample: false) == 0)
        #expect(Descriptive.median([]).isNaN)
        #expect(Descriptive.mean([1, .nan, 3]).isNaN)
        #expect(Descriptive.median([1, .nan, 3]).isNaN)
        #expect(Descriptive.quantile([1, 2], 1.5).isNaN)
        #expect(Descriptive.pearson([1, 1, 1], [1, 2, 3]).isNaN)
    }

    @Test("median and MAD match numpy and scipy (R's mad constant 1.4826)")
    func robust() {
        #expect(Descriptive.median(x) == 5.5)                         // numpy median
        #expect(Descriptive.median([4, 1, 3, 2]) == 2.5)
        // scipy 1.17.1 stats.median_abs_deviation(x, scale=1/1.4826)
        #expect(isApproximatelyEqual(Descriptive.mad(x), 3.5582399999999996, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
    }

    @Test("weighted mean and reliability-weighted variance match numpy")
    func weighted() {
        #expect(isApproximatelyEqual(Descriptive.weightedMean(x, weights: w), 4.68, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))               // np.average(x, weights=w)
        #expect(isApproximatelyEqual(Descriptive.weightedVariance(x, weights: w), 5.650316742081449, absoluteTolerance: 1e-9, relativeTolerance: 1e-9)) // np.cov(x, aweights=w)
        #expect(isApproximatelyEqual(Descriptive.weightedVariance(x, weights: w, sample: false), 4.9536, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(Descriptive.weightedMean([1, 2], weights: [0, 0]).isNaN)
        #expect(Descriptive.weightedMean([1, 2], weights: [1, -1]).isNaN)
    }

    @Test("Pearson and Spearman (average ranks for ties) match scipy 1.17.1")
    func correlation() {
        #expect(isApproximatelyEqual(Descriptive.pearson(x, y), 0.9232459105774312, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))   // stats.pearsonr(x, y)[0]
        #expect(isApproximatelyEqual(Descriptive.spearman(x, y), 0.9061808622919129, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))  // stats.spearmanr(x, y)[0]
        #expect(Descriptive.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }

    @Test("z-scores match scipy zscore (ddof 0 and 1); a constant input gives zeros")
    func zScores() {
        let population = Descriptive.zScores(x)
        let sample = Descriptive.zScores(x, sample: true)
        // scipy 1.17.1 stats.zscore(x)[:3] and stats.zscore(x, ddof=1)[:3]
        #expect(isApproximatelyEqual(population[0], -0.7771840201027183, absoluteTolerance: 1e-9, relativeTolerance: 1e-9) && isApproximatelyEqual(population[2], 1.6488904210287403, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(isApproximatelyEqual(sample[1], -0.8878839019905315, absoluteTolerance: 1e-9, relativeTolerance: 1e-9) && isApproximatelyEqual(sample[2], 1.5721553302163174, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        #expect(Descriptive.zScores([7, 7, 7]) == [0, 0, 0])
    }

    @Test("all nine quantile types match numpy 2.4.6 quantile(method=…)")
    func quantileTypes() {
        let probabilities = [0.0, 0.1, 0.25, 0.5, 0.9, 1.0]
        // numpy 2.4.6 np.quantile(x, p, method=m) for the methods of Hyndman & Fan types 1…9
        let expected: [QuantileType: [Double]] = [
            .type1: [1.2, 2.2, 2.7, 5.5, 8.8, 9.4],
            .type2: [1.2, 2.2, 2.7, 5.5, 8.8, 9.4],
            .type3: [1.2, 1.2, 2.7, 5.5, 8.8, 9.4],
            .type4: [1.2, 1.3, 2.575, 4.75, 8.65, 9.4],
            .type5: [1.2, 1.8000000000000003, 2.8000000000000003, 5.5, 9.040000000000001, 9.4],
            .type6: [1.2, 1.4000000000000001, 2.7, 5.5, 9.280000000000001, 9.4],
            .type7: [1.2, 2.2, 2.9000000000000004, 5.5, 8.8, 9.4],
            .type8: [1.2, 1.666666666666667, 2.7666666666666666, 5.5, 9.120000000000001, 9.4],
            .type9: [1.2, 1.7000000000000002, 2.7750000000000004, 5.5, 9.100000000000001, 9.4],
        ]
        for type in QuantileType.allCases {
            let actual = Descriptive.quantiles(x, probabilities, type: type)
            for (a, e) in zip(actual, expected[type]!) {
                #expect(isApproximatelyEqual(a, e, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "type \(type.rawValue): \(a) vs \(e)")
            }
        }
    }

    @Test("discontinuous types treat n·p a rounding error off an integer as that integer, as numpy")
    func quantileFuzz() {
        let ten = (0..<10).map(Double.init)
        // numpy 2.4.6 np.quantile(np.arange(10.), [0.3, 0.5, 0.7], method=…)
        #expect(Descriptive.quantiles(ten, [0.3, 0.5, 0.7], type: .type1) == [2, 4, 6])
        #expect(Descriptive.quantiles(ten, [0.3, 0.5, 0.7], type: .type2) == [2.5, 4.5, 6.5])
        #expect(Descriptive.quantiles(ten, [0.3, 0.5, 0.7], type: .type3) == [2, 4, 6])
    }
}

@Suite("Rank selection")
struct RankSelectionTests {
    @Test("the median and type-7 quantiles from selected order statistics (and median(_:), which uses them) equal those read from a sorted copy to the bit, with ties, zeros of both signs and probabilities 0 and 1")
    func medianAndQuantilesEqualSorted() {
        var generator = SeededGenerator(seed: 37)
        for trial in 0..<2000 {
            let size = 1 + trial % 700
            let spread = [1, 5, 1000, 1 << 40][trial % 4]
            let values = (0..<size).map { _ in
                let value = Double(Int.random(in: -spread...spread, using: &generator)) / 2
                return value == 0 && generator.nextDouble() < 0.5 ? -0.0 : value
            }
            let probabilities = [0.05, 0.95, 0, 1, generator.nextDouble()]
            var selected = values
            let found = Descriptive.medianAndQuantiles(selecting: &selected, probabilities)
            let sorted = values.sorted()
            let median = Descriptive.medianOfSorted(sorted, excluding: nil)
            #expect(found.median.bitPattern == median.bitPattern, "trial \(trial)")
            #expect(Descriptive.median(values).bitPattern == median.bitPattern, "trial \(trial)")
            for (p, quantile) in zip(probabilities, found.quantiles) {
                #expect(quantile.bitPattern == Descriptive.quantile(sorted: sorted, p).bitPattern, "trial \(trial), p \(p)")
            }
        }
    }

    @Test("selecting ranks puts at each asked position exactly what a full sort puts there, ties and zeros of one sign included, and declines (leaving the input alone) for NaN or zeros of both signs")
    func selectionEqualsSort() {
        var generator = SeededGenerator(seed: 29)
        for trial in 0..<3000 {
            let size = 1 + trial % 600
            // Few distinct values in most trials, so that ties are common.
            let spread = [2, 7, 1000, Int.max / 2][trial % 4]
            var values = (0..<size).map { _ in Double(Int.random(in: -spread...spread, using: &generator)) / 4 }
            let zero = trial % 5 == 0 ? -0.0 : 0.0
            values = values.map { $0 == 0 ? zero : $0 }
            if trial % 7 == 0 { values[Int.random(in: 0..<size, using: &generator)] = trial % 14 == 0 ? .nan : -zero }
            let positions = (0..<Int.random(in: 1...4, using: &generator)).map { _ in Int.random(in: 0..<size, using: &generator) }.sorted()
            var selected = values
            let done = selected.withUnsafeMutableBufferPointer { Kernels.selectRanks($0, positions: positions) }
            let declines = values.contains(where: \.isNaN)
                || (values.contains { $0 == 0 && $0.sign == .minus } && values.contains { $0 == 0 && $0.sign == .plus })
            #expect(done == !declines, "trial \(trial)")
            if done {
                let sorted = values.sorted()
                for position in positions {
                    #expect(selected[position].bitPattern == sorted[position].bitPattern, "trial \(trial), position \(position)")
                }
                #expect(selected.sorted().map(\.bitPattern) == sorted.map(\.bitPattern), "trial \(trial): a permutation")
            } else {
                #expect(selected.map(\.bitPattern) == values.map(\.bitPattern), "trial \(trial): unchanged")
            }
        }
    }
}
