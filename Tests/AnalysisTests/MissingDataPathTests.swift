import Testing
@testable import MsokoAnalysis
import MsokoModel

@Suite("Missing data: the grid and the plain values of a period")
struct MissingDataPathTests {
    /// Every school year of the sample district under `policy`: the grid
    /// (built in parallel) and the plain values (earlier years) decide alike.
    @Test("an earlier year's plain values and scores equal the grid's, bit for bit, under every policy",
          arguments: MissingDataPolicy.allCases)
    func valuesMatchGrid(policy: MissingDataPolicy) {
        let dataset = SampleDistrict.dataset
        let catalog = SampleDistrict.catalog.outcomes
        let lookup = PeriodLookup(dataset.observations)
        let schools = dataset.schools.map(\.id).sorted()
        let years = Set(dataset.periods.map(\.schoolYear)).sorted()
        #expect(years.count > 1)
        for year in years {
            let grid = MissingData.grid(index: lookup, schoolIDs: schools, indicators: catalog.indicators,
                                        period: year, policy: policy)
            let values = MissingData.values(index: lookup, schoolIDs: schools, indicators: catalog.indicators,
                                            period: year, policy: policy)
            for j in catalog.indicators.indices {
                #expect(values[j].map { $0?.bitPattern } == grid.values(indicator: j).map { $0?.bitPattern })
            }
            let fromGrid = CompositeIndex.compute(grid: grid, method: .target, winsorize: 0, aggregation: .arithmetic,
                                                  areas: catalog.areas)
            let fromValues = CompositeIndex.compute(values: values, schoolIDs: schools, indicators: catalog.indicators,
                                                    method: .target, winsorize: 0, aggregation: .arithmetic,
                                                    areas: catalog.areas)
            #expect(fromValues.areaIDs == fromGrid.areaIDs)
            #expect(fromValues.areaScores.map { $0.map { $0?.bitPattern } } == fromGrid.areaScores.map { $0.map { $0?.bitPattern } })
            #expect(fromValues.overallIndex.map { $0?.bitPattern } == fromGrid.overallIndex.map { $0?.bitPattern })
        }
    }
}
