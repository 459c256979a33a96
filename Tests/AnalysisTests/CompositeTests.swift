import Foundation
import Testing
import MsokoAnalysis
import MsokoModel
import MsokoTestSupport

@Suite("Missing data, area scores, overall index and sensitivity")
struct CompositeTests {
    /// Three schools, 2023/24; B did not report `clubs`, and reported it in 2022/23.
    var observations: [Observation] {
        [
            Toy.observation("A", "2023/24", "participation", 35), Toy.observation("A", "2023/24", "full_coverage", 80),
            Toy.observation("A", "2023/24", "clubs", 2),
            Toy.observation("B", "2023/24", "participation", 70), Toy.observation("B", "2023/24", "full_coverage", 100),
            Toy.observation("B", "2023/24", "clubs", nil), Toy.observation("B", "2022/23", "clubs", 9),
            Toy.observation("C", "2023/24", "participation", 84), Toy.observation("C", "2023/24", "full_coverage", 60),
            Toy.observation("C", "2023/24", "clubs", 6),
        ]
    }

    @Test("reweight leaves the cell missing and spreads its weight over the area's other indicators")
    func reweight() throws {
        let result = try Toy.run(observations)
        let b = result.values.schoolIDs.firstIndex(of: "B")!
        let clubs = result.values.indicators.firstIndex { $0.id == "clubs" }!
        #expect(result.values.cells[b][clubs].imputation == .reweighted)
        #expect(result.scores.indicatorScores[b][clubs] == nil)
        // B: participation 100 (weight 2), full_coverage 100 (weight 1) → 100.
        let results = result.scores.areaIDs.firstIndex(of: "results")!
        #expect(result.scores.areaScores[b][results] == 100)
        // A: participation 50·2, coverage 80, clubs min–max 0 → (100 + 80 + 0)/4 = 45.
        #expect(isApproximatelyEqual(result.scores.areaScores[0][results]!, 45, absoluteTolerance: 1e-12))
        #expect(result.imputation.byIndicator["clubs"]?[.reweighted] == 1)
        let row = result.table("normalized")!.rows.first { $0[0] == "B" && $0[1] == "clubs" }!
        #expect(row[7] == "false" && row[8] == "reweighted")
        // The score matrix is complete: the missing cell took the column's median score.
        #expect(result.imputation.scoreMatrixFilledCells == 1)
    }

    @Test("district_median fills with the median of reported values and flags it")
    func districtMedian() throws {
        let result = try Toy.run(observations, settings: Toy.settings { $0.missing = .districtMedian })
        let b = result.values.schoolIDs.firstIndex(of: "B")!
        let clubs = result.values.indicators.firstIndex { $0.id == "clubs" }!
        #expect(result.values.cells[b][clubs].value == 4)
        #expect(result.values.cells[b][clubs].imputation == .districtMedian)
        let row = result.table("normalized")!.rows.first { $0[0] == "B" && $0[1] == "clubs" }!
        #expect(row[3] == "4" && row[7] == "true" && row[8] == "district_median")
        #expect(result.imputation.imputedCount == 1)
    }

    @Test("last_value carries the school's latest earlier value forward and names its period")
    func lastValue() throws {
        let result = try Toy.run(observations, settings: Toy.settings { $0.missing = .lastValue })
        let b = result.values.schoolIDs.firstIndex(of: "B")!
        let clubs = result.values.indicators.firstIndex { $0.id == "clubs" }!
        #expect(result.values.cells[b][clubs].value == 9)
        #expect(result.values.cells[b][clubs].period == Period("2022/23"))
        let row = result.table("normalized")!.rows.first { $0[0] == "B" && $0[1] == "clubs" }!
        #expect(row[8] == "last_value" && row[9] == "2022/23")
    }

    @Test("weighted arithmetic and shifted geometric means of area scores")
    func aggregation() {
        #expect(CompositeIndex.mean([50, 100], weights: [1, 3], aggregation: .arithmetic) == 87.5)
        // numpy: exp((ln 51 + 3·ln 101)/4) − 1
        let geometric = CompositeIndex.mean([50, 100], weights: [1, 3], aggregation: .geometric)!
        #expect(isApproximatelyEqual(geometric, 84.13998598698056, absoluteTolerance: 1e-9))
        #expect(CompositeIndex.mean([nil, 40], weights: [1, 1], aggregation: .arithmetic) == 40)
        #expect(CompositeIndex.mean([nil, nil], weights: [1, 1], aggregation: .arithmetic) == nil)
    }

    @Test("a termly indicator in a year analysis takes the latest term when the year has no value")
    func termFallback() throws {
        let result = try Toy.run(observations + [
            Toy.observation("A", "2023/24-1", "absences", 5), Toy.observation("A", "2023/24-2", "absences", 3),
        ])
        let a = result.values.schoolIDs.firstIndex(of: "A")!
        let absences = result.values.indicators.firstIndex { $0.id == "absences" }!
        #expect(result.values.cells[a][absences].value == 3)
        #expect(result.values.cells[a][absences].period == Period("2023/24-2"))
    }

    @Test("sensitivity is reproducible with a seed and a dominant school keeps rank 1")
    func sensitivity() throws {
        let data = observations + [
            Toy.observation("A", "2023/24", "offences", 3), Toy.observation("B", "2023/24", "offences", 0),
            Toy.observation("C", "2023/24", "offences", 1),
        ]
        let first = try Toy.run(data), second = try Toy.run(data)
        #expect(first.sensitivity == second.sensitivity)
        #expect(first.table("sensitivity") == second.table("sensitivity"))
        let b = first.sensitivity.first { $0.schoolID == "B" }!
        // B is best or tied best on every indicator, whatever the method and weights.
        #expect(b.nominalRank == 1 && b.medianRank == 1 && b.rankLow == 1 && b.rankHigh == 1 && b.isRobust)
        #expect(first.settings.sensitivity.draws >= 200)
        let other = try Toy.run(data, settings: Toy.settings { $0.sensitivity.seed = 7 })
        #expect(other.sensitivity.map(\.schoolID) == first.sensitivity.map(\.schoolID))
    }
}
