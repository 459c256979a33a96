import Testing
@testable import MsokoAnalysis
import MsokoClustering
import MsokoLinearAlgebra
import MsokoModel
import MsokoTestSupport

@Suite("cluster stage of the pipeline")
struct ClusterStageTests {
    static let catalog = try! Catalog.parse("""
        areas:
          - id: additional_education
            name: {ru: "Охват дополнительным образованием", en: "Additional education coverage"}
          - id: prevention
            name: {ru: "Профилактика безнадзорности и правонарушений", en: "Prevention of neglect and offences"}
        indicators:
          - id: do_enrolment
            name: {ru: "Доля обучающихся в ДО", en: "Students in additional education"}
            area: additional_education
            unit: percent
            direction: up
          - id: do_programmes
            name: {ru: "Программы ДО", en: "Additional education programmes"}
            area: additional_education
            unit: percent
            direction: up
          - id: offences
            name: {ru: "Правонарушения", en: "Offences"}
            area: prevention
            unit: per_100
            direction: down
          - id: registered
            name: {ru: "Состоящие на учёте", en: "Registered minors"}
            area: prevention
            unit: per_100
            direction: down
        """, file: "indicators.yaml")

    /// Three groups of four schools: strong everywhere; strong in additional
    /// education but weak in prevention; weak everywhere. Scores ± 2.
    static func district(groups: [(additional: Double, prevention: Double)] = [(90, 80), (85, 35), (30, 45)],
                         perGroup: Int = 4) -> ScoreMatrix {
        var ids: [String] = []
        var rows: [[Double]] = []
        for (group, levels) in groups.enumerated() {
            for member in 0..<perGroup {
                ids.append("school-\(group)-\(member)")
                let wiggle = Double((member * 7 + group * 3) % 5) - 2
                rows.append([levels.additional + wiggle, levels.additional - wiggle,
                             levels.prevention + wiggle / 2, levels.prevention - wiggle / 2])
            }
        }
        return ScoreMatrix(schoolIDs: ids, indicatorIDs: ["do_enrolment", "do_programmes", "offences", "registered"],
                           scores: Matrix(rows))
    }

    @Test("k: auto finds the three groups, numbers them by mean score and labels their profiles in both languages")
    func findsGroups() throws {
        let analysis = try ClusterStage.run(matrix: Self.district(), catalog: Self.catalog,
                                            settings: ClusteringSettings(k: nil, maximumK: 6, restarts: 10, seed: 42))
        #expect(analysis.clusterCount == 3)
        #expect(analysis.chosenAutomatically)
        #expect(analysis.criteria.map(\.clusterCount) == [2, 3, 4, 5, 6])
        #expect(analysis.clusters.map(\.size) == [4, 4, 4])
        #expect(analysis.clusters.map(\.id) == [1, 2, 3])
        #expect(analysis.clusters[0].schoolIDs.allSatisfy { $0.hasPrefix("school-0-") })
        #expect(analysis.clusters[1].schoolIDs.allSatisfy { $0.hasPrefix("school-1-") })
        #expect(analysis.clusters.map(\.meanScore) == analysis.clusters.map(\.meanScore).sorted(by: >))
        #expect(analysis.clusters[1].label.ru == "лидеры: охват дополнительным образованием; отставание: профилактика безнадзорности и правонарушений")
        #expect(analysis.clusters[1].label.en == "leaders in additional education coverage, lagging in prevention of neglect and offences")
        #expect(analysis.clusters[0].label.en == "leaders in prevention of neglect and offences and in additional education coverage")
        #expect(analysis.clusters[0].label.ru == "лидеры: профилактика безнадзорности и правонарушений, охват дополнительным образованием")
        #expect(analysis.clusters[2].label.en.hasPrefix("lagging in additional education coverage"))
        #expect(analysis.clusters.allSatisfy { ($0.stability ?? 0) > 0.9 && !$0.isUnstable })
        #expect(analysis.schools.allSatisfy { ($0.silhouette ?? 0) > 0.5 && $0.pc1 != nil && $0.pc2 != nil })
        #expect(analysis.explainedVarianceRatio.count == 2)
        #expect(analysis.notes.isEmpty)
    }

    @Test("clusters.csv and cluster_profiles.csv have the contract's columns first and one row per school / cluster × indicator")
    func tables() throws {
        let analysis = try ClusterStage.run(matrix: Self.district(), catalog: Self.catalog,
                                            settings: ClusteringSettings(k: 3, maximumK: 4, restarts: 5, seed: 1))
        let clusters = analysis.clustersTable
        #expect(clusters.columns == ["school_id", "cluster", "silhouette", "pc1", "pc2"])
        #expect(clusters.rows.count == 12)
        #expect(clusters.rows[0][0] == "school-0-0" && clusters.rows[0][1] == "1")
        let profiles = analysis.profilesTable(language: .en)
        #expect(Array(profiles.columns.prefix(5)) == ["cluster", "size", "label", "indicator", "mean_score"])
        #expect(profiles.rows.count == 12)
        #expect(profiles.rows[4][0] == "2" && profiles.rows[4][1] == "4" && profiles.rows[4][3] == "do_enrolment")
        #expect(profiles.rows[4][2].hasPrefix("leaders in additional education coverage"))
        #expect(analysis.criteriaTable.rows.count == 3)
        #expect(analysis.criteriaTable.rows.filter { $0[7] == "true" }.map { $0[0] } == ["3"])
    }

    @Test("the same inputs and seed give the same clustering")
    func reproducible() throws {
        let settings = ClusteringSettings(k: nil, maximumK: 5, restarts: 5, seed: 7)
        let first = try ClusterStage.run(matrix: Self.district(), catalog: Self.catalog, settings: settings)
        let second = try ClusterStage.run(matrix: Self.district(), catalog: Self.catalog, settings: settings)
        #expect(first.schools == second.schools)
        #expect(first.clusters == second.clusters)
        #expect(first.clustersTable == second.clustersTable)
    }

    @Test("tiny districts (0 to 3 schools, identical schools, k above the number of schools) give results with notes, not errors")
    func tinyInputs() throws {
        let settings = ClusteringSettings(k: nil, maximumK: 6, restarts: 5, seed: 3)
        let empty = try ClusterStage.run(matrix: ScoreMatrix(schoolIDs: [], indicatorIDs: ["offences"], scores: Matrix(rows: 0, columns: 1)),
                                         catalog: Self.catalog, settings: settings)
        #expect(empty.schools.isEmpty && !empty.notes.isEmpty)
        for count in 1...2 {
            let matrix = Self.district(groups: [(90, 80), (30, 45)], perGroup: 1)
            let subset = ScoreMatrix(schoolIDs: Array(matrix.schoolIDs.prefix(count)), indicatorIDs: matrix.indicatorIDs,
                                     scores: Matrix(Array(matrix.scores.rowArrays.prefix(count))))
            let analysis = try ClusterStage.run(matrix: subset, catalog: Self.catalog, settings: settings)
            #expect(analysis.clusterCount == 1)
            #expect(analysis.schools.allSatisfy { $0.cluster == 1 && $0.silhouette == nil })
            #expect(analysis.clusters[0].label.ru == "все школы района")
            #expect(analysis.notes.count == 1)
            #expect(analysis.clustersTable.rows.count == count)
        }
        let three = try ClusterStage.run(matrix: Self.district(groups: [(90, 80), (85, 35), (30, 45)], perGroup: 1),
                                         catalog: Self.catalog, settings: settings)
        #expect(three.clusterCount == 2)
        #expect(three.criteria.map(\.clusterCount) == [2])
        let identical = try ClusterStage.run(matrix: Self.district(groups: [(60, 60)], perGroup: 1).repeated(5),
                                             catalog: Self.catalog, settings: settings)
        #expect(identical.clusterCount == 1 && identical.clusters[0].size == 5)
        let lowered = try ClusterStage.run(matrix: Self.district(groups: [(90, 80), (85, 35), (30, 45)], perGroup: 2),
                                           catalog: Self.catalog, settings: ClusteringSettings(k: 9, maximumK: 6, restarts: 3, seed: 1))
        #expect(lowered.clusterCount == 5)
        #expect(lowered.notes.first?.en.contains("k lowered from 9 to 5") == true)
    }

    @Test("a setting used otherwise than given is a warning (and a note), never silent: k and k_max above the distinct schools, restarts below 1")
    func adjustedSettingsWarn() throws {
        let six = Self.district(groups: [(90, 80), (85, 35), (30, 45)], perGroup: 2)
        let lowered = try ClusterStage.run(matrix: six, catalog: Self.catalog, settings: ClusteringSettings(k: 9, maximumK: 6, restarts: 3, seed: 1))
        #expect(lowered.warnings.map(\.en) == ["k lowered from 9 to 5: 6 distinct schools"])
        #expect(lowered.warnings.map(\.ru) == ["k уменьшено с 9 до 5: различающихся школ 6"])
        let automatic = try ClusterStage.run(matrix: six, catalog: Self.catalog, settings: ClusteringSettings(k: nil, maximumK: 8, restarts: 3, seed: 1))
        #expect(automatic.warnings.map(\.en) == ["k_max = 8 lowered to 5: 6 distinct schools allow k from 2 to 5"])
        #expect(automatic.criteria.map(\.clusterCount) == [2, 3, 4, 5])
        #expect(automatic.notes.map(\.en) == automatic.warnings.map(\.en), "the report shows each warning among the notes")
        let noRuns = try ClusterStage.run(matrix: Self.district(), catalog: Self.catalog, settings: ClusteringSettings(k: 3, maximumK: 6, restarts: 0, seed: 1))
        #expect(noRuns.warnings.map(\.en) == ["restarts = 0 raised to 1: k-means needs at least one run"])
        #expect(noRuns.clusterCount == 3)
        let asGiven = try ClusterStage.run(matrix: Self.district(), catalog: Self.catalog, settings: ClusteringSettings(k: 3, maximumK: 6, restarts: 5, seed: 1))
        #expect(asGiven.warnings.isEmpty)
    }

    @Test("labels use the catalog names mid-sentence, keep abbreviations, and never repeat")
    func labelText() {
        #expect(ClusterStage.midSentence("Охват ДО") == "охват ДО")
        #expect(ClusterStage.midSentence("РДШ") == "РДШ")
        let same = LocalizedText(ru: "на уровне района", en: "at the district level")
        var clusters = (1...3).map { id in
            ClusterProfile(id: id, size: 1, meanScore: 50, indicatorMeans: [], areaMeans: [], stability: nil,
                           label: id == 1 ? LocalizedText(ru: "лидеры", en: "leaders") : same, schoolIDs: [])
        }
        ClusterStage.disambiguate(&clusters)
        #expect(clusters.map(\.label.en) == ["leaders", "at the district level (group 2)", "at the district level (group 3)"])
        #expect(clusters[2].label.ru == "на уровне района (группа 3)")
    }
}

extension ScoreMatrix {
    /// The first school `count` times (identical profiles).
    func repeated(_ count: Int) -> ScoreMatrix {
        let row = scores.row(0)
        return ScoreMatrix(schoolIDs: (0..<count).map { "same-\($0)" }, indicatorIDs: indicatorIDs,
                           scores: Matrix(Array(repeating: row, count: count)))
    }
}

@Suite("cluster profiles use the pipeline's aggregation (issue 10)")
struct ClusterProfileAggregationTests {
    @Test("with geometric aggregation a group's mean score and area means are the shifted geometric means, as the index's")
    func geometricProfiles() throws {
        let matrix = ClusterStageTests.district()
        let settings = ClusteringSettings(k: 3, maximumK: 6, restarts: 10, seed: 42)
        let arithmetic = try ClusterStage.run(matrix: matrix, catalog: ClusterStageTests.catalog, settings: settings)
        let geometric = try ClusterStage.run(matrix: matrix, catalog: ClusterStageTests.catalog, settings: settings,
                                             aggregation: .geometric)
        #expect(arithmetic.schools.map(\.cluster) == geometric.schools.map(\.cluster))
        for cluster in geometric.clusters {
            let rows = cluster.schoolIDs.map { matrix.schoolIDs.firstIndex(of: $0)! }
            // The school's score as CompositeIndex defines it: area = weighted mean of its two
            // indicators, school = equal-weight mean of the areas, both geometric (shift by one).
            let scores = rows.map { row -> Double in
                let areas = [[0, 1], [2, 3]].map { columns in
                    CompositeIndex.mean(columns.map { matrix.scores[row, $0] }, weights: [1, 1], aggregation: .geometric)!
                }
                return CompositeIndex.mean(areas, weights: [1, 1], aggregation: .geometric)!
            }
            #expect(isApproximatelyEqual(cluster.meanScore, scores.reduce(0, +) / Double(scores.count), absoluteTolerance: 1e-9))
            let other = arithmetic.clusters.first { $0.schoolIDs == cluster.schoolIDs }!
            // The geometric mean is below the arithmetic one wherever the scores differ (AM–GM).
            #expect(cluster.meanScore < other.meanScore)
        }
    }
}
