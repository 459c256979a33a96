import Foundation
import Testing
import MsokoAnalysis
import MsokoModel
import MsokoTestSupport

@Suite("Trends, deficits, ranking, early warnings, best practices, recommendations")
struct DecisionTests {
    @Test("a deficit is confirmed when the Wilson interval lies beyond the target, possible otherwise")
    func wilsonStatus() throws {
        let result = try Toy.run([
            Toy.observation("A", "2023/24", "participation", 40, base: 20, line: 11),
            Toy.observation("B", "2023/24", "participation", 60, base: 10, line: 12),
            Toy.observation("C", "2023/24", "participation", 60, line: 13),
            Toy.observation("D", "2023/24", "participation", 90, base: 300, line: 14),
            Toy.observation("A", "2023/24-4", "absences", 10, base: 200, line: 15),
        ])
        func deficit(_ school: String, _ indicator: String) -> Deficit? {
            result.deficits.first { $0.schoolID == school && $0.indicatorID == indicator }
        }
        // Wilson 95 % for 8/20: 21.880653–61.341850 % (scipy 1.17 norm.ppf in the statsmodels formula) < 70.
        let a = try #require(deficit("A", "participation"))
        #expect(a.status == .confirmed)
        #expect(isApproximatelyEqual(a.low!, 21.880653237281706, absoluteTolerance: 1e-9) && isApproximatelyEqual(a.high!, 61.341849923774696, absoluteTolerance: 1e-9))
        #expect(a.gap == 30 && a.reference == 70 && a.referenceKind == .target)
        // Severity (weight 2 / area mean weight 4/3 = 1.5) · 1 · (z⁺ + q): the reported values 40, 60, 60, 90
        // have median 60 and R `mad(c(40, 60, 60, 90))` = 14.826, so z⁺ = 20/14.826; q = 30/70 of the target missed.
        #expect(isApproximatelyEqual(a.districtMedian, 60, absoluteTolerance: 1e-12) && isApproximatelyEqual(a.spread!, 14.826, absoluteTolerance: 1e-9))
        #expect(isApproximatelyEqual(a.spreadsBeyondMedian, 20 / 14.826, absoluteTolerance: 1e-9) && isApproximatelyEqual(a.targetShortfall, 30.0 / 70, absoluteTolerance: 1e-12))
        #expect(isApproximatelyEqual(a.severity, 1.5 * (20 / 14.826 + 30.0 / 70), absoluteTolerance: 1e-9))
        #expect(a.period == Period("2023/24") && a.source == SourceRow(file: "toy.csv", line: 11))
        // 6/10: 31.267377–83.181967 % reaches 70 → possible, severity halved; at the median, z⁺ = 0.
        let b = try #require(deficit("B", "participation"))
        #expect(b.status == .possible)
        #expect(isApproximatelyEqual(b.high!, 83.18196702937638, absoluteTolerance: 1e-9))
        #expect(isApproximatelyEqual(b.severity, 1.5 * 0.5 * (0 + 10.0 / 70), absoluteTolerance: 1e-9))
        // No base: no sampling error recorded → confirmed.
        #expect(deficit("C", "participation")?.status == .confirmed)
        #expect(deficit("D", "participation") == nil)
        // Direction down: 20/200 → 6.567045–14.940581 % lies above the 2 % target → confirmed, from term 4.
        let absences = try #require(deficit("A", "absences"))
        #expect(absences.status == .confirmed && absences.gap == 8 && absences.period == Period("2023/24-4"))
        #expect(isApproximatelyEqual(absences.low!, 6.567044866909589, absoluteTolerance: 1e-9))
    }

    @Test("every deficits.csv row names its value, reference, period and input row")
    func deficitsTraceable() throws {
        let result = try Toy.run([
            Toy.observation("A", "2023/24", "participation", 40, base: 20, line: 11),
            Toy.observation("B", "2023/24", "participation", 80, line: 12),
        ])
        let table = try #require(result.table("deficits"))
        #expect(Array(table.columns.prefix(7)) == ["school_id", "indicator", "area", "value", "target", "gap", "severity"])
        // Values 40 and 80: median 60, R `mad(c(40, 80))` = 29.652, z⁺ = 20/29.652 = 0.674491, q = 30/70,
        // severity 1.5 · (z⁺ + q) = 1.65; no cluster stage has run, so the cluster columns are empty.
        #expect(table.rows == [["A", "participation", "results", "40", "70", "30", "1.65", "2023/24", "confirmed",
                                "21.880653", "61.34185", "70", "target", "20", "toy.csv:11",
                                "60", "29.652", "0.674491", "0.428571", "", "", "", "", ""]])
    }

    @Test("without a target, only the worst quarter is a deficit and the gap is to the district median")
    func relativeDeficit() throws {
        let result = try Toy.run(zip(["A", "B", "C", "D", "E"], [1.0, 2, 3, 4, 5]).map {
            Toy.observation($0, "2023/24", "offences", $1)
        })
        // Direction down: Q3 of 1…5 = 4 (type 7), so only E (5) counts; median 3 → gap 2.
        #expect(result.deficits.map(\.schoolID) == ["E"])
        #expect(result.deficits[0].gap == 2 && result.deficits[0].referenceKind == .districtMedian)
    }

    @Test("the ranking puts the largest deficit score first and breaks ties deterministically")
    func ranking() throws {
        let result = try Toy.run([
            Toy.observation("A", "2023/24", "participation", 35), Toy.observation("B", "2023/24", "participation", 35),
            Toy.observation("C", "2023/24", "participation", 10), Toy.observation("D", "2023/24", "participation", 90),
        ])
        #expect(result.ranking.map(\.schoolID) == ["C", "A", "B", "D"])
        #expect(result.ranking.map(\.rank) == [1, 2, 3, 4])
        #expect(result.ranking[0].mainDeficitAreaID == "results" && result.ranking[3].mainDeficitAreaID == nil)
        let table = try #require(result.table("school_ranking"))
        #expect(Array(table.columns.prefix(5)) == ["rank", "school_id", "deficit_score", "n_deficits", "main_deficit_area"])
    }

    @Test("trends: Mann–Kendall, Sen and OLS per school year; the assessment follows the direction")
    func trends() throws {
        // pymannkendall 1.4 original_test([1, 1.4, 1.5, 2, 2.4]): s = 10, z = 2.2045407685, p = 0.0274863361,
        // slope 0.3416666667; scipy 1.17 linregress slope 0.34, 95 % interval 0.2297568261…0.4502431739.
        let result = try Toy.run(Toy.yearly("A", "offences", [1, 1.4, 1.5, 2, 2.4])
                                 + Toy.yearly("B", "offences", [1, 1], from: 2022))
        let a = try #require(result.trends.first { $0.entity == "A" && $0.indicatorID == "offences" })
        #expect(a.summary.direction == .increasing && a.assessment == .worsening)
        #expect(a.summary.mannKendall?.s == 10)
        #expect(isApproximatelyEqual(a.summary.mannKendall!.p, 0.0274863361115103, absoluteTolerance: 1e-9))
        #expect(isApproximatelyEqual(a.summary.sen!.slope, 0.3416666666666667, absoluteTolerance: 1e-12))
        #expect(isApproximatelyEqual(a.summary.olsSlopeLow, 0.22975682613777568, absoluteTolerance: 1e-9))
        let b = try #require(result.trends.first { $0.entity == "B" && $0.indicatorID == "offences" })
        #expect(b.assessment == .insufficientData && b.summary.n == 2)
        let row = try #require(result.table("trends")?.rows.first { $0[0] == "A" && $0[1] == "offences" })
        #expect(Array(row.prefix(5)) == ["A", "offences", "5", "2019/20", "2023/24"])
        #expect(row[12] == "increasing" && row[13] == "worsening")
    }

    @Test("the district series is the base-weighted mean where bases exist")
    func districtSeries() throws {
        let result = try Toy.run(Toy.yearly("A", "participation", [50, 52, 54, 56, 58], base: 100)
                                 + Toy.yearly("B", "participation", [70, 72, 74, 76, 78], base: 300))
        let district = try #require(result.trends.first { $0.isDistrict && $0.indicatorID == "participation" })
        // numpy average([50, 70], weights=[100, 300]) = 65.
        #expect(district.values.first == 65)
        #expect(district.assessment == .improving)
    }

    @Test("the target forecast uses the OLS prediction interval at the road map's end")
    func forecast() throws {
        // scipy 1.17: OLS of 90, 85, 82, 78, 75 on 2019…2023 predicts 70.9 for 2024 with the 95 %
        // prediction interval 68.1074147006…73.6925852994, which contains the 70 % target → at risk.
        let result = try Toy.run(Toy.yearly("A", "participation", [90, 85, 82, 78, 75]))
        let trend = try #require(result.trends.first { $0.entity == "A" && $0.indicatorID == "participation" })
        let forecast = try #require(trend.forecast)
        #expect(forecast.period == Period("2024/25"))
        #expect(isApproximatelyEqual(forecast.estimate, 70.9, absoluteTolerance: 1e-9) && isApproximatelyEqual(forecast.low, 68.1074147006351, absoluteTolerance: 1e-8))
        #expect(forecast.outlook == .atRisk)
    }

    @Test("a school above target whose indicator worsens significantly gets an early warning")
    func earlyWarning() throws {
        let result = try Toy.run(Toy.yearly("A", "participation", [90, 85, 82, 78, 75])
                                 + Toy.yearly("B", "participation", [60, 61, 62, 63, 64]))
        #expect(result.earlyWarnings.map(\.schoolID) == ["A"])
        let warning = result.earlyWarnings[0]
        #expect(warning.value == 75 && warning.reference == 70 && warning.senSlope == -3.625)
        #expect(result.deficits.allSatisfy { $0.schoolID != "A" })
        #expect(result.recommendations.contains { $0.schoolID == "A" && $0.kind == .earlyWarning && $0.measure.id == "seminar" })
    }

    /// Five schools over five years: P and Q lead in results, V lags; Q is more like V overall.
    var district: [Observation] {
        let participation: [String: [Double]] = [
            "P": [92, 93, 92, 94, 93], "Q": [88, 89, 88, 90, 89], "R": [62, 61, 62, 63, 62],
            "S": [60, 61, 60, 61, 62], "V": [40, 41, 40, 42, 41],
        ]
        let offences: [String: [Double]] = ["P": [0.5, 0.5, 0.5, 0.5, 0.5], "Q": [3, 3, 3, 3, 3], "R": [1, 1, 1, 1, 1],
                                            "S": [1, 1, 1, 1, 1], "V": [3, 3, 3, 3, 3]]
        return participation.flatMap { Toy.yearly($0.key, "participation", $0.value) }
            + offences.flatMap { Toy.yearly($0.key, "offences", $0.value) }
    }

    @Test("best practices have a high, stable, not worsening area score, with evidence in both languages")
    func bestPractices() throws {
        let result = try Toy.run(district)
        let results = result.bestPractices.filter { $0.areaID == "results" }
        #expect(results.map(\.schoolID) == ["P", "Q"])
        #expect(results.allSatisfy { $0.yearsChecked.count == 4 && $0.trend != .worsening })
        #expect(results[0].evidence.ru.contains("место из 5") && results[0].evidence.en.contains("place 1 of 5"))
    }

    @Test("a recommendation's peer is a best practice of the area, the most similar one, never the school itself")
    func peers() throws {
        let result = try Toy.run(district)
        let v = result.recommendations.filter { $0.schoolID == "V" && $0.areaID == "results" }
        #expect(!v.isEmpty)
        // V is closer to Q (same offences) than to P in the score space.
        #expect(v.allSatisfy { $0.peerSchoolID == "Q" })
        #expect(v.map(\.measure.id) == ["seminar", "course"])
        for recommendation in result.recommendations {
            #expect(recommendation.peerSchoolID != recommendation.schoolID)
            #expect(recommendation.peerIsBestPractice)
            if let peer = recommendation.peerSchoolID {
                #expect(result.bestPractices.contains { $0.areaID == recommendation.areaID && $0.schoolID == peer })
            }
        }
        let table = try #require(result.table("recommendations"))
        #expect(Array(table.columns.prefix(5)) == ["school_id", "area", "indicator", "measure", "peer_school_id"])
    }

    @Test("road map claims: a target missed but within reach, reduction not shown, not all schools")
    func roadmap() throws {
        let result = try Toy.run(district + ["P", "Q", "R", "S", "V"].map {
            Toy.observation($0, "2023/24", "council", $0 == "V" ? 0 : 1)
        })
        let participation = try #require(result.roadmap.first { $0.indicatorID == "participation" })
        #expect(participation.goal == 7 && participation.kind == .target)
        #expect(isApproximatelyEqual(participation.districtValue!, 69.4, absoluteTolerance: 1e-9) && participation.verdict == .atRisk)
        let council = try #require(result.roadmap.first { $0.indicatorID == "council" })
        #expect(council.kind == .allSchools && council.schoolsMeeting == 4 && council.schoolsMissing == ["V"])
        #expect(council.verdict == .notAchieved)
        let offences = try #require(result.roadmap.first { $0.indicatorID == "offences" })
        #expect(offences.kind == .reduction && offences.verdict == .notConfirmed)
    }
}
