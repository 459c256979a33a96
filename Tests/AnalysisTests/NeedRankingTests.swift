import Foundation
import Testing
import MsokoAnalysis
import MsokoClustering
import MsokoModel
import MsokoStatistics
import MsokoTestSupport

/// Issue 10: severity on one scale, a need ranking an extreme deficit cannot
/// hide in, and deficits compared with the school's own cluster.
@Suite("Deficit severity and the ranking of need")
struct NeedRankingTests {
    /// Three areas, equal weights; three goal indicators with targets, three
    /// without, and a `score` indicator whose target is a parameter.
    static func catalog(satisfactionTarget: Double = 80) -> Catalog {
        try! Catalog.parse("""
        areas:
          - id: contests
            name: {ru: "Конкурсы", en: "Contests"}
          - id: education
            name: {ru: "Дополнительное образование", en: "Additional education"}
          - id: climate
            name: {ru: "Климат", en: "Climate"}
        indicators:
          - id: contest_participation
            name: {ru: "Участие в конкурсах", en: "Contest participation"}
            area: contests
            unit: percent
            direction: up
            target: 70
            goal: 7
          - id: contest_winners
            name: {ru: "Победители", en: "Winners"}
            area: contests
            unit: percent
            direction: up
          - id: additional_education
            name: {ru: "Охват ДО", en: "Additional education"}
            area: education
            unit: percent
            direction: up
            target: 56
            goal: 8
          - id: teachers_trained
            name: {ru: "Обученные педагоги", en: "Teachers trained"}
            area: education
            unit: percent
            direction: up
            target: 70
            goal: 9
          - id: clubs
            name: {ru: "Кружки", en: "Clubs"}
            area: education
            unit: count
            direction: up
          - id: offences
            name: {ru: "Правонарушения", en: "Offences"}
            area: climate
            unit: per_100
            direction: down
          - id: satisfaction
            name: {ru: "Удовлетворённость", en: "Satisfaction"}
            area: climate
            unit: score
            direction: up
            target: \(satisfactionTarget)
        """, file: "need.yaml")
    }

    /// A random district of 20–40 schools for draw `seed`: each indicator's
    /// values are normal around a level near its target (75–105 % of it) with
    /// a spread of 4–10 % of it, so a fifth of a target lies far outside.
    /// `X` has contest participation and additional education at a fifth of
    /// their targets; percentages have bases of 200–900 students.
    static func district(seed: UInt64, satisfactionScale: Double = 1) -> [Observation] {
        var random = SeededGenerator(seed: seed)
        let schools = ["X"] + (1...(20 + random.nextInt(below: 21))).map { String(format: "S%02d", $0) }
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * random.nextDouble() }
        let levels: [(id: String, level: Double, spread: Double, low: Double, high: Double)] = [
            ("contest_participation", 70 * uniform(0.75, 1.05), 70 * uniform(0.04, 0.1), 0, 100),
            ("contest_winners", uniform(20, 60), uniform(3, 10), 0, 100),
            ("additional_education", 56 * uniform(0.75, 1.05), 56 * uniform(0.04, 0.1), 0, 100),
            ("teachers_trained", 70 * uniform(0.75, 1.05), 70 * uniform(0.04, 0.1), 0, 100),
            ("clubs", uniform(3, 10), uniform(1, 3), 0, .infinity),
            ("offences", uniform(0.5, 2), uniform(0.2, 0.6), 0, .infinity),
            ("satisfaction", 80 * uniform(0.8, 1.05), 80 * uniform(0.04, 0.1), 0, 100),
        ]
        var observations: [Observation] = []
        for school in schools {
            let students = Double(200 + random.nextInt(below: 701))
            for indicator in levels {
                var value = min(indicator.high, max(indicator.low, indicator.level + indicator.spread * random.nextNormal()))
                if indicator.id == "clubs" { value = value.rounded() }
                if school == "X" && indicator.id == "contest_participation" { value = 70.0 / 5 }
                if school == "X" && indicator.id == "additional_education" { value = 56.0 / 5 }
                if indicator.id == "satisfaction" { value *= satisfactionScale }
                let isPercent = ["contest_participation", "contest_winners", "additional_education", "teachers_trained"]
                    .contains(indicator.id)
                observations.append(Observation(
                    schoolID: school, period: Period("2023/24")!, indicatorID: indicator.id, value: value,
                    base: isPercent ? students : nil, source: SourceRow(file: "district.csv", line: observations.count + 2)))
            }
        }
        return observations
    }

    static func run(_ observations: [Observation], catalog: Catalog = NeedRankingTests.catalog()) throws -> TermAnalysisResult {
        try TermAnalysis.run(dataset: Toy.dataset(observations), catalog: catalog,
                             settings: AnalysisSettings(sensitivity: SensitivitySettings(draws: 10)),
                             measures: try MeasureCatalog.parse(Toy.measuresText, file: "measures.yaml", catalog: catalog,
                                                                ignoringUnknown: true),
                             period: Period("2023/24")!, language: .en)
    }

    @Test("property: two goal indicators at a fifth of their targets rank above every school whose deficits all lie within 1.5 robust spreads of the district median")
    func extremeDeficitsCannotHide() throws {
        var moderateSchoolsChecked = 0
        for seed in UInt64(1)...40 {
            let result = try Self.run(Self.district(seed: seed))
            let x = result.deficits.filter { $0.schoolID == "X" }
            #expect(x.contains { $0.indicatorID == "contest_participation" } && x.contains { $0.indicatorID == "additional_education" })
            let rank = Dictionary(uniqueKeysWithValues: result.ranking.map { ($0.schoolID, $0.rank) })
            let bySchool = Dictionary(grouping: result.deficits, by: \.schoolID)
            for school in result.values.schoolIDs where school != "X" {
                let own = bySchool[school] ?? []
                guard own.allSatisfy({ $0.spreadsBeyondMedian <= 1.5 }) else { continue }
                moderateSchoolsChecked += 1
                #expect(rank["X"]! < rank[school]!, "seed \(seed): X rank \(rank["X"]!), \(school) rank \(rank[school]!) with \(own.count) deficits")
            }
        }
        #expect(moderateSchoolsChecked > 200, "the property was checked on enough schools with moderate deficits")
    }

    @Test("property: multiplying a score indicator's values and target by a positive constant changes neither the ranking nor any severity")
    func changeOfScale() throws {
        for seed in UInt64(1)...15 {
            let reference = try Self.run(Self.district(seed: seed))
            for scale in [0.01, 7.5, 1000] {
                let scaled = try Self.run(Self.district(seed: seed, satisfactionScale: scale),
                                          catalog: Self.catalog(satisfactionTarget: 80 * scale))
                #expect(scaled.ranking.map(\.schoolID) == reference.ranking.map(\.schoolID), "seed \(seed), scale \(scale)")
                #expect(scaled.deficits.map(\.indicatorID) == reference.deficits.map(\.indicatorID))
                for (a, b) in zip(scaled.deficits, reference.deficits) {
                    #expect(isApproximatelyEqual(a.severity, b.severity, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "seed \(seed), scale \(scale)")
                }
            }
        }
    }

    @Test("property: the need score counts the largest severity in full, is below twice it, and grows with every deficit")
    func needScoreBounds() {
        var random = SeededGenerator(seed: 10)
        for _ in 0..<500 {
            let severities = (0..<(1 + random.nextInt(below: 30))).map { _ in 5 * random.nextDouble() }
            let need = DeficitAnalysis.needScore(severities)
            let largest = severities.max()!
            #expect(need >= largest && need < 2 * largest)
            #expect(DeficitAnalysis.needScore(severities + [random.nextDouble()]) > need)
            #expect(DeficitAnalysis.needScore(severities.shuffled()) == need, "the order of the deficits does not matter")
        }
        #expect(DeficitAnalysis.needScore([]) == 0)
        #expect(DeficitAnalysis.needScore([1, 4, 2]) == 4 + 2.0 / 2 + 1.0 / 4)
    }

    @Test("severity grows with the gap and a value far outside the district weighs more than one just inside its worst quarter")
    func severityIsMonotone() throws {
        // Offences (down, no target): 1…8 per 100 and a school at 30. R `quantile(c(1:8, 30), 0.75)` = 7,
        // median 5, `mad(c(1:8, 30))` = 2.9652: S8 (8) is just inside the worst quarter, S9 (30) far outside.
        let values: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 30]
        let result = try Toy.run(values.enumerated().map { Toy.observation("S\($0 + 1)", "2023/24", "offences", $1) })
        let deficits = result.deficits.sorted { $0.value < $1.value }
        #expect(deficits.map(\.schoolID) == ["S8", "S9"])
        #expect(zip(deficits, deficits.dropFirst()).allSatisfy { $0.severity < $1.severity })
        #expect(isApproximatelyEqual(deficits[0].spread!, 2.9652, absoluteTolerance: 1e-9))
        #expect(isApproximatelyEqual(deficits[0].spreadsBeyondMedian, 3 / 2.9652, absoluteTolerance: 1e-9))
        #expect(isApproximatelyEqual(deficits[1].spreadsBeyondMedian, 25 / 2.9652, absoluteTolerance: 1e-9))
        #expect(deficits[1].severity > 8 * deficits[0].severity)
        // One more point of gap is always more severity: 8.5 lies between them.
        let between = try Toy.run((values + [8.5]).enumerated().map { Toy.observation("S\($0 + 1)", "2023/24", "offences", $1) })
        let middle = try #require(between.deficits.first { $0.value == 8.5 })
        let lower = try #require(between.deficits.first { $0.value == 8 })
        #expect(lower.severity < middle.severity)
    }

    @Test("a deficit the whole cluster shares is marked group_weak; a school far below its own cluster's median is below_peers")
    func peers() throws {
        // Group A is strong, A4 lags its peers on participation; group B is weak on participation as a whole.
        let participation: [String: Double] = ["A1": 90, "A2": 92, "A3": 91, "A4": 60, "B1": 40, "B2": 42, "B3": 41, "B4": 43]
        let clubs: [String: Double] = ["A1": 10, "A2": 11, "A3": 10, "A4": 11, "B1": 2, "B2": 3, "B3": 2, "B4": 3]
        let offences: [String: Double] = ["A1": 0.5, "A2": 0.6, "A3": 0.5, "A4": 0.6, "B1": 3, "B2": 3.1, "B3": 3.2, "B4": 3]
        let observations = participation.keys.sorted().flatMap { school in
            [Toy.observation(school, "2023/24", "participation", participation[school]!),
             Toy.observation(school, "2023/24", "clubs", clubs[school]!),
             Toy.observation(school, "2023/24", "offences", offences[school]!)]
        }
        let result = try Toy.run(observations)
        let clusters = try ClusterStage.run(matrix: result.scoreMatrix, catalog: Toy.catalog,
                                            settings: ClusteringSettings(k: 2, restarts: 5, seed: 1))
        let compared = result.comparingWithClusters(clusters, catalog: Toy.catalog)
        func peer(_ school: String) -> PeerStanding? {
            compared.deficits.first { $0.schoolID == school && $0.indicatorID == "participation" }?.peer
        }
        // District: median 51.5, R `mad(c(90, 92, 91, 60, 40, 42, 41, 43))` = 16.3086.
        // A4: the other A schools' median is 91, (91 − 60)/16.3086 = 1.90 spreads ≥ 1.
        let a4 = try #require(peer("A4"))
        #expect(a4.belowPeers && !a4.groupWeak && a4.clusterMedian == 91)
        #expect(isApproximatelyEqual(a4.spreadsBelowCluster!, 31 / 16.3086, absoluteTolerance: 1e-9))
        // B1: the other B schools' median is 42 < 70: the whole group is weak; 2/16.3 spreads is no lag behind it.
        let b1 = try #require(peer("B1"))
        #expect(b1.groupWeak && !b1.belowPeers && b1.clusterMedian == 42)
        let row = try #require(compared.table("deficits")?.rows.first { $0[0] == "A4" && $0[1] == "participation" })
        #expect(Array(row.suffix(5)) == [String(a4.cluster), "91", Table.number(31 / 16.3086), "false", "true"])
        #expect(result.deficits.allSatisfy { $0.peer == nil }, "before the cluster stage no deficit has a peer standing")
    }
}
