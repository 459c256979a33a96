import Foundation
import Testing
import MsokoAnalysis
import MsokoModel

/// The planted structure of `Datasets/mosalsk-sample/README.md`.
@Suite("The sample district's planted structure is found")
struct SampleDistrictTests {
    let result = SampleDistrict.result

    @Test("the planted deficit schools S08 and S12 are ranks 1 and 2 of need")
    func deficitSchools() {
        // Their order between themselves is not planted (S12 leads since the need score of issue 10).
        #expect(Set(result.ranking.prefix(2).map(\.schoolID)) == ["S08", "S12"])
        let s12 = result.deficits.filter { $0.schoolID == "S12" }.map(\.indicatorID)
        #expect(s12.contains("upbringing_programme") && s12.contains("additional_education_coverage"))
    }

    @Test("the README's example of severity and need holds on the sample district")
    func readmeExample() throws {
        func deficit(_ school: String, _ indicator: String) throws -> Deficit {
            try #require(result.deficits.first { $0.schoolID == school && $0.indicatorID == indicator })
        }
        func shown(_ value: Double, _ digits: Int = 1) -> String { Table.number(value, digits: digits) }
        // S08 and S12 lead (their order and the figures come from the native files of 2023/24).
        #expect(result.ranking.prefix(2).map(\.schoolID) == ["S08", "S12"])
        #expect(result.ranking.prefix(2).map { shown($0.deficitScore) } == ["13.8", "13.7"])
        let coverage = try deficit("S12", "additional_education_coverage")
        #expect(shown(coverage.value) == "29.2" && coverage.target == 56 && shown(coverage.spreadsBeyondMedian) == "5.2")
        #expect(try deficit("S12", "upbringing_programme").value == 0 && deficit("S12", "experience_shared").value == 0)
        let participation = try deficit("S08", "contest_participation")
        #expect(shown(participation.value) == "32.5" && shown(participation.districtMedian) == "81.9")
        #expect(shown(participation.spreadsBeyondMedian) == "4.7" && shown(100 * participation.targetShortfall, 0) == "54")
        // Its prevention deficits lie below its own group (the steady group S05–S08).
        let clusters = try ClusterStage.run(
            matrix: result.scoreMatrix, catalog: SampleDistrict.catalog, settings: ClusteringSettings(),
            overallIndex: Dictionary(uniqueKeysWithValues: result.schools.compactMap { school in school.overallIndex.map { (school.schoolID, $0) } }))
        let compared = result.comparingWithClusters(clusters, catalog: SampleDistrict.catalog)
        for indicator in ["asocial_registered", "prevention_council", "offences", "contest_participation"] {
            let peer = compared.deficits.first { $0.schoolID == "S08" && $0.indicatorID == indicator }?.peer
            #expect(peer?.belowPeers == true, "\(indicator)")
        }
    }

    @Test("the planted trends are found with the right sign")
    func plantedTrends() {
        func trend(_ entity: String, _ indicator: String) -> TrendResult? {
            result.trends.first { $0.entity == entity && $0.indicatorID == indicator }
        }
        #expect(trend("district", "contest_participation")?.summary.direction == .increasing)
        #expect(trend("district", "asocial_registered")?.summary.direction == .decreasing)
        #expect(trend("district", "asocial_registered")?.assessment == .improving)
        #expect(trend("district", "parent_satisfaction")?.summary.direction == .increasing)
        #expect(trend("S02", "additional_education_coverage")?.assessment == .worsening)
        // Where a school's series is significant, its sign is the planted one.
        for school in result.values.schoolIDs {
            #expect(trend(school, "asocial_registered")?.summary.direction != .increasing)
            if school != "S08" { #expect(trend(school, "contest_participation")?.summary.direction != .decreasing) }
            #expect((trend(school, "asocial_registered")?.summary.sen?.slope ?? 0) < 0)
        }
    }

    @Test("the planted leaders are the best practices of their strong areas")
    func leaders() {
        for area in ["additional_education", "contests", "technical_creativity"] {
            let schools = result.bestPractices.filter { $0.areaID == area }.map(\.schoolID)
            #expect(!schools.isEmpty)
            #expect(schools.allSatisfy { ["S01", "S02", "S03", "S04"].contains($0) }, "\(area): \(schools)")
        }
        for area in ["prevention", "class_teachers"] {
            let schools = result.bestPractices.filter { $0.areaID == area }.map(\.schoolID)
            #expect(!schools.isEmpty && schools.allSatisfy { ["S05", "S06", "S07", "S08"].contains($0) }, "\(area): \(schools)")
        }
        let summer = result.bestPractices.filter { $0.areaID == "summer" }.map(\.schoolID)
        #expect(!summer.isEmpty && summer.allSatisfy { ["S09", "S10", "S11", "S12"].contains($0) })
    }

    @Test("S02's falling coverage is an early warning, not a deficit, while it is still above the 56 % target")
    func earlyWarning() throws {
        #expect(result.earlyWarnings.contains { $0.schoolID == "S02" && $0.indicatorID == "additional_education_coverage" })
        #expect(!result.deficits.contains { $0.schoolID == "S02" && $0.indicatorID == "additional_education_coverage" })
        let earlier = try TermAnalysis.run(dataset: SampleDistrict.dataset, catalog: SampleDistrict.catalog,
                                           settings: AnalysisSettings(sensitivity: SensitivitySettings(draws: 200)),
                                           measures: SampleDistrict.measures, period: Period("2021/22")!, language: .ru)
        #expect(earlier.earlyWarnings.contains { $0.schoolID == "S02" && $0.indicatorID == "additional_education_coverage" })
    }

    @Test("every deficit is traceable and every recommendation names a peer other than itself, a best practice where the area has one")
    func traceable() throws {
        for deficit in result.deficits {
            #expect(deficit.source != nil)
            #expect(deficit.period.schoolYear == Period("2023/24"))
        }
        let table = try #require(result.table("deficits"))
        #expect(table.rows.allSatisfy { !$0[3].isEmpty && !$0[7].isEmpty && !$0[11].isEmpty && !$0[14].isEmpty })
        #expect(!result.recommendations.isEmpty)
        for recommendation in result.recommendations {
            let peer = try #require(recommendation.peerSchoolID)
            #expect(peer != recommendation.schoolID)
            let isBest = result.bestPractices.contains { $0.areaID == recommendation.areaID && $0.schoolID == peer }
            #expect(isBest == recommendation.peerIsBestPractice)
            if !isBest {
                // The area has no best practice but the school itself: the peer is from the upper quartile.
                #expect(result.bestPractices.allSatisfy { $0.areaID != recommendation.areaID || $0.schoolID == recommendation.schoolID })
                let scores = result.schools.compactMap { $0.areaScores[recommendation.areaID] }
                let peerScore = result.schools.first { $0.schoolID == peer }!.areaScores[recommendation.areaID]!
                #expect(scores.filter { $0 > peerScore }.count < 3)
            }
        }
    }

    @Test("the score matrix is complete, finite and within 0–100; the contract tables are all there")
    func scoreMatrixAndTables() {
        let matrix = result.scoreMatrix
        #expect(matrix.schoolIDs.count == 12 && matrix.indicatorIDs.count > 20)
        #expect(matrix.scores.elements.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 100 })
        for name in ["normalized", "area_scores", "trends", "deficits", "school_ranking", "best_practices", "recommendations"] {
            #expect(result.table(name) != nil, "\(name)")
        }
        #expect(result.table("trends")!.rows.count == 13 * SampleDistrict.catalog.outcomeIndicators.count)
        #expect(result.imputation.missingCount > 0)
    }

    @Test("the sample's measures file loads against the district catalog")
    func measuresLoad() {
        #expect(SampleDistrict.measures.measures.count >= 10)
        #expect(SampleDistrict.measures.bestPracticeMeasureIDs.contains("experience_bank"))
    }
}
