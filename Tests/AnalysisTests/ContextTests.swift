import Foundation
import Testing
@testable import MsokoAnalysis
@testable import MsokoModel
import MsokoTestSupport

/// Context indicators, the context index and the expected index (docs/contract.md §8).
@Suite("Context indicators: comparing like with like")
struct ContextTests {
    let result = SampleDistrict.result
    let context = SampleDistrict.result.context

    @Test("the sample's planted school S05 beats the odds: its index is above the prediction band")
    func plantedAbove() throws {
        let row = try #require(context.row(school: "S05"))
        #expect(row.status == .above)
        #expect(try #require(row.overallIndex) > (try #require(row.high)))
        #expect(context.aboveSchoolIDs == ["S05"])
    }

    @Test("the sample's planted ШНОР-risk school S12 is on the risk list (bottom quarter of the index and of the context index)")
    func plantedRisk() throws {
        #expect(context.riskSchoolIDs.contains("S12"))
        let limits = try #require(context.riskThresholds)
        for school in context.riskSchoolIDs {
            let row = try #require(context.row(school: school))
            #expect(try #require(row.overallIndex) <= limits.index && (try #require(row.contextIndex)) <= limits.context)
        }
    }

    @Test("no context indicator is scored, trended, a deficit, an early warning or a recommendation")
    func contextIsNoOutcome() {
        let contextIDs = Set(SampleDistrict.catalog.contextIndicators.map(\.id))
        #expect(contextIDs.count == 5)
        #expect(result.deficits.allSatisfy { !contextIDs.contains($0.indicatorID) })
        #expect(result.earlyWarnings.allSatisfy { !contextIDs.contains($0.indicatorID) })
        #expect(result.recommendations.allSatisfy { !contextIDs.contains($0.indicatorID) })
        #expect(result.trends.allSatisfy { !contextIDs.contains($0.indicatorID) })
        #expect(result.scoreMatrix.indicatorIDs.allSatisfy { !contextIDs.contains($0) })
        #expect(result.scores.indicators.allSatisfy { !$0.isContext })
    }

    @Test("context values stay in normalized.csv, flagged, with no score and never imputed")
    func normalizedFlag() throws {
        let table = try #require(result.table("normalized"))
        #expect(Array(table.columns.prefix(7)) == ["school_id", "indicator", "period", "value", "score", "target", "meets_target"])
        #expect(Array(table.columns.suffix(2)) == ["role", "z"])
        let role = table.columns.firstIndex(of: "role")!, score = table.columns.firstIndex(of: "score")!
        let imputed = table.columns.firstIndex(of: "imputed")!
        let contextRows = table.rows.filter { $0[role] == "context" }
        #expect(contextRows.count == 12 * 5)
        #expect(contextRows.allSatisfy { $0[score].isEmpty && $0[imputed] == "false" })
    }

    @Test("a best practice above what its context predicts says so in its evidence")
    func bestPracticeEvidence() {
        let s05 = result.bestPractices.filter { $0.schoolID == "S05" }
        #expect(!s05.isEmpty)
        #expect(s05.allSatisfy { $0.beatsTheOdds && $0.evidence.en.contains("Above what its context predicts") })
        #expect(result.bestPractices.filter { $0.schoolID != "S05" }.allSatisfy { !$0.beatsTheOdds })
    }

    @Test("context index: direction-signed weighted mean of population z-scores; a constant indicator is left out; a missing value is averaged over the rest; none gives no index")
    func indexDefinition() throws {
        func indicator(_ id: String, _ direction: Direction, weight: Double = 1) -> Indicator {
            var value = Indicator(id: id, name: LocalizedText(ru: id, en: id), area: "", unit: .percent, direction: direction,
                                  target: nil, weight: weight, source: nil, roadmapGoal: nil, frequency: .year,
                                  minimumBase: nil, line: nil)
            value.role = .context
            return value
        }
        let indicators = [indicator("poor", .down, weight: 2), indicator("size", .up), indicator("flat", .up)]
        let raw: [[Double?]] = [[10, 100, 5], [20, nil, 5], [30, 300, 5], [nil, nil, 5], [40, 200, nil]]
        let cells = raw.map { row in row.map { IndicatorValue(value: $0, period: Period("2023/24"), source: nil,
                                                              imputation: $0 == nil ? .reweighted : .none) } }
        let grid = ValueGrid(period: Period("2023/24")!, schoolIDs: ["A", "B", "C", "D", "E"], indicators: indicators, cells: cells)
        let analysis = ContextAnalysis.compute(values: grid, overallIndex: [50, 55, 70, 40, 65], band: 0.9)
        #expect(analysis.notes.map(\.indicatorID) == ["flat"] && analysis.notes.first?.note == .constant)
        // poor: mean 25, population sd √125; size: mean 200, population sd √(20000/3).
        let poor = { (x: Double) in (x - 25) / 125.0.squareRoot() }
        let size = { (x: Double) in (x - 200) / (20000.0 / 3).squareRoot() }
        let expected: [Double?] = [(2 * -poor(10) + size(100)) / 3, -poor(20), (2 * -poor(30) + size(300)) / 3, nil,
                                   (2 * -poor(40) + size(200)) / 3]
        for (row, value) in zip(analysis.rows, expected) {
            if let value { #expect(isApproximatelyEqual(row.contextIndex!, value, absoluteTolerance: 1e-12), "\(row.schoolID)") } else { #expect(row.contextIndex == nil && row.status == nil) }
        }
        #expect(analysis.fit?.n == 4)
        #expect(analysis.table.columns.prefix(9).joined(separator: ",")
                == "school_id,period,context_index,overall_index,expected,residual,low,high,status")
    }

    @Test("a catalog without context indicators gives no context table and changes nothing")
    func noContext() throws {
        let outcomes = SampleDistrict.catalog.outcomes
        let plain = try TermAnalysis.run(dataset: SampleDistrict.dataset, catalog: outcomes,
                                         settings: AnalysisSettings(sensitivity: SensitivitySettings(draws: 200)),
                                         measures: SampleDistrict.measures, period: Period("2023/24")!, language: .en)
        #expect(plain.context.isEmpty && plain.table("context") == nil)
        #expect(plain.scores.overallIndex == result.scores.overallIndex)
        #expect(plain.deficits == result.deficits)
    }

    @Test("the peer school prefers a best practice whose context index is within 0.5 of the school's")
    func peerPrefersSimilarContext() {
        let index = context.indexBySchool
        for recommendation in result.recommendations where recommendation.peerIsBestPractice {
            guard let own = index[recommendation.schoolID], let peer = recommendation.peerSchoolID, let theirs = index[peer] else { continue }
            let similarExists = result.bestPractices.contains { practice in
                practice.areaID == recommendation.areaID && practice.schoolID != recommendation.schoolID
                    && index[practice.schoolID].map { isApproximatelyEqual($0, own, absoluteTolerance: RecommendationAnalysis.similarContext) } == true
            }
            if similarExists { #expect(isApproximatelyEqual(theirs, own, absoluteTolerance: RecommendationAnalysis.similarContext), "\(recommendation.schoolID) → \(peer)") }
        }
    }

    @Test("a measures rule may not name a context indicator: context gets no recommendations")
    func measuresRejectContext() throws {
        let text = """
            measures:
              - id: m
                roadmap: "5.1"
                text: {ru: "мера", en: "measure"}
            rules:
              - area: "*"
                kind: confirmed
                indicators: [low_income_share]
                measures: [m]
            """
        let error = #expect(throws: ConfigurationError.self) {
            try MeasureCatalog.parse(text, file: "measures.yaml", catalog: SampleDistrict.catalog)
        }
        #expect(error?.message.contains("is a context indicator") == true && error?.line == 8)
    }
}
