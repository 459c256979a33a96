import Testing
@testable import MsokoAnalysis
import MsokoModel
import MsokoStatistics

@Suite("overall index kernel of the sensitivity analysis")
struct OverallIndexKernelTests {
    @Test("the kernel's overall index equals CompositeIndex.aggregate's to the bit, for every normalisation and aggregation, random weights, missing cells and all-missing indicators")
    func equalsAggregate() {
        var generator = SeededGenerator(seed: 53)
        let indicators = Toy.catalog.indicators, areas = Toy.catalog.areas
        for trial in 0..<60 {
            let schools = 3 + trial
            let schoolIDs = (0..<schools).map { "S\($0)" }
            let allMissing = trial % 3 == 0 ? Int.random(in: 0..<indicators.count, using: &generator) : -1
            let cells = (0..<schools).map { _ in
                indicators.indices.map { j -> IndicatorValue in
                    let value: Double? = j == allMissing || generator.nextDouble() < 0.15 ? nil : generator.nextDouble() * 100
                    return IndicatorValue(value: value, period: Period("2023/24"), source: nil, imputation: value == nil ? .reweighted : .none)
                }
            }
            let grid = ValueGrid(period: Period("2023/24")!, schoolIDs: schoolIDs, indicators: indicators, cells: cells)
            let method = NormalizationMethod.allCases[trial % NormalizationMethod.allCases.count]
            let aggregation = AggregationMethod.allCases[trial % 2]
            let columns = CompositeIndex.normalize(grid: grid, method: method, winsorize: 0)
            let weights = indicators.map { $0.weight * (0.5 + generator.nextDouble()) }
            let expected = CompositeIndex.aggregate(grid: grid, columns: columns, aggregation: aggregation, areas: areas, weights: weights)
            let included = expected.overallIndex.indices.filter { expected.overallIndex[$0] != nil }
            let kernel = OverallIndexKernel(grid: grid, columns: columns, areas: areas, rows: included, aggregation: aggregation)
            let found = kernel.overallIndex(weights: weights)
            #expect(found.map { $0?.bitPattern } == included.map { expected.overallIndex[$0]?.bitPattern }, "trial \(trial)")
        }
    }
}
