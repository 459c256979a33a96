import MsokoClustering
import MsokoLinearAlgebra
import MsokoModel

/// The cluster stage of the term pipeline (road map item 4.2: "which schools
/// are alike, which group leads, which lags").
///
/// Method, step by step (each an explicit choice, recorded in the result):
///
/// 1. **Space.** Schools are clustered on the score matrix as it is: every
///    indicator is a 0–100 score (higher = better), so the columns already
///    share a scale and no standardisation is applied (it would blow up
///    indicators on which the schools hardly differ).
/// 2. **k.** A given `k` is used as it is, lowered to `m − 1` where `m` is
///    the number of distinct school profiles; `auto` applies the rule of
///    `ClusterCountSelection` (highest mean silhouette over `2…k_max`, ties
///    to the smaller k; the gap statistic is reported beside it), `k_max`
///    lowered to `m − 1` likewise. Each such lowering is a warning
///    (`ClusterAnalysis.warnings`), never silent. With fewer
///    than 3 distinct profiles there is one group (`k = 1`) and a note says
///    so. The criteria over k are computed whenever `m ≥ 3`.
/// 3. **Fit.** k-means with k-means++ and `restarts` runs (`KMeans`), seeded.
/// 4. **Order.** Cluster ids are 1-based and ordered by the mean score of
///    their schools, 1 = strongest (docs/contract.md §3). A school's score is its
///    overall index from the term analysis when the caller passes it (so the
///    groups' order agrees with the index in the report), otherwise the
///    equal-weight mean of its area scores computed from the matrix, an area
///    score the catalog-weighted mean of its indicator scores, both with the
///    pipeline's `aggregation` (arithmetic or geometric), as the index.
/// 5. **Per school:** the silhouette (Rousseeuw 1987; empty when k = 1, and
///    above 10,000 schools computed for a seeded sample of 10,000 only, the
///    others empty — `ClusterValidity.silhouette`) and
///    the first two principal component scores of the centred score matrix
///    (`PrincipalComponents`; empty where there are too few schools).
/// 6. **Per cluster:** size, mean score per indicator and per area,
///    stability as the mean bootstrap Jaccard similarity over 50 resamples
///    (Hennig 2007, `ClusterStability`; below 0.6 = unstable; k-means
///    restarts inside the bootstrap: `stabilityRestarts(_:points:)`), and a
///    label (`ClusterLabels.swift`). Above 5,000 schools the gap statistic is
///    computed on a seeded sample of 5,000 (`GapStatistic`).
/// 7. **Label.** Each area's cluster mean is compared with the district
///    mean: areas at least 5 points above are strengths ("leaders in …"),
///    at least 5 points below are gaps ("lagging in …"), at most two of
///    each, largest differences first («лидеры: A, B; отставание: C» /
///    "leaders in A and in B, lagging in C"); none either way gives "at the
///    district level". Identical labels get the cluster number appended.
public enum ClusterStage {
    /// The difference from the district mean, in score points (0–100),
    /// from which an area counts as a strength or a gap in a label.
    public static let labelThreshold = 5.0
    /// Bootstrap resamples for the stability of each cluster.
    public static let stabilityResamples = 50
    /// Reference sets of the gap statistic.
    public static let gapReferenceSets = 20
    /// k-means restarts inside each bootstrap resample of the stability:
    /// the pipeline's `restarts`, at most 5, and one above 10,000 schools
    /// (as `fpc::kmeansCBI`'s default `runs = 1`), so 50 refits of a country
    /// fit in the run's budget. A method constant, not an adjustment of the
    /// setting, which governs the fits that are reported.
    public static func stabilityRestarts(_ restarts: Int, points: Int) -> Int {
        points > 10_000 ? 1 : min(restarts, 5)
    }

    /// Clusters the schools of `matrix`.
    ///
    /// - Throws: `KMeansError` or `LinearAlgebraError` only on internal
    ///   failures (e.g. an SVD that does not converge); tiny and degenerate
    ///   inputs give a result with notes, never an error.
    ///   - overallIndex: each school's overall index (0–100) from the term
    ///     analysis, by school id; schools without one use the matrix score.
    ///   - aggregation: how indicator scores make area scores and area
    ///     scores the school's score in the profiles (`CompositeIndex.mean`).
    public static func run(
        matrix: ScoreMatrix, catalog: Catalog, settings: ClusteringSettings,
        overallIndex: [String: Double] = [:], aggregation: AggregationMethod = .arithmetic
    ) throws -> ClusterAnalysis {
        let schoolCount = matrix.schoolIDs.count
        let points = matrix.scores
        var settings = settings
        let profile = ScoreProfile(matrix: matrix, catalog: catalog, aggregation: aggregation)
        var notes: [LocalizedText] = []
        // A setting used otherwise than given is never silent: a note in the
        // report and a warning (`ClusterAnalysis.warnings`).
        var warnings: [LocalizedText] = []
        func warn(_ text: LocalizedText) {
            notes.append(text)
            warnings.append(text)
        }
        if settings.restarts < 1 {
            warn(LocalizedText(ru: "restarts = \(settings.restarts) заменено на 1: нужен хотя бы один запуск k-средних",
                               en: "restarts = \(settings.restarts) raised to 1: k-means needs at least one run"))
            settings.restarts = 1
        }
        guard schoolCount > 0, matrix.indicatorIDs.count > 0 else {
            return ClusterAnalysis(indicatorIDs: matrix.indicatorIDs, areaIDs: profile.areaIDs, schools: [], clusters: [],
                                   criteria: [], chosenAutomatically: settings.k == nil, gapChoice: nil,
                                   explainedVarianceRatio: [],
                                   notes: [LocalizedText(ru: "нет данных для кластерного анализа", en: "no data to cluster")])
        }
        let distinctProfiles = Set((0..<schoolCount).map { points.row($0) }).count

        // k and the criteria over k.
        var selection: ClusterCountSelection?
        if distinctProfiles >= 3 {
            // k runs over 2…m − 1 at most (m distinct profiles: k = m would put each in its own cluster).
            let largestK = min(max(settings.maximumK, 2), distinctProfiles - 1)
            if largestK != settings.maximumK, settings.k == nil {
                warn(LocalizedText(
                    ru: "k_max = \(settings.maximumK) заменено на \(largestK): различающихся школ \(distinctProfiles), k от 2 до \(distinctProfiles - 1)",
                    en: "k_max = \(settings.maximumK) \(largestK < settings.maximumK ? "lowered" : "raised") to \(largestK): "
                        + "\(distinctProfiles) distinct schools allow k from 2 to \(distinctProfiles - 1)"))
            }
            selection = try ClusterCountSelection(
                points, maximumClusterCount: largestK,
                restarts: settings.restarts, seed: settings.seed, gapReferenceCount: gapReferenceSets)
        }
        let clusterCount: Int
        if distinctProfiles < 3 {
            clusterCount = 1
            notes.append(LocalizedText(
                ru: "менее трёх различающихся школ: все школы образуют одну группу",
                en: "fewer than three distinct schools: all schools form one group"))
        } else if let requested = settings.k {
            clusterCount = max(1, min(requested, distinctProfiles - 1))
            if clusterCount < requested {
                warn(LocalizedText(
                    ru: "k уменьшено с \(requested) до \(clusterCount): различающихся школ \(distinctProfiles)",
                    en: "k lowered from \(requested) to \(clusterCount): \(distinctProfiles) distinct schools"))
            }
        } else {
            clusterCount = selection!.chosen
        }
        let fit: KMeansResult
        var knownSilhouette: Silhouette?
        if let selection, clusterCount >= 2, clusterCount - 2 < selection.fits.count {
            fit = selection.fits[clusterCount - 2]
            knownSilhouette = selection.silhouettes[clusterCount - 2]
        } else {
            fit = try KMeans(clusterCount: clusterCount, restarts: settings.restarts, seed: settings.seed).fit(points)
        }

        // Order clusters by the mean score of their schools, strongest first.
        let schoolScores = (0..<schoolCount).map { overallIndex[matrix.schoolIDs[$0]] ?? profile.overallScore(row: $0) }
        var members = [[Int]](repeating: [], count: clusterCount)
        for (school, label) in fit.labels.enumerated() { members[label].append(school) }
        let occupied = (0..<clusterCount).filter { !members[$0].isEmpty }
        let meanScore = occupied.map { label in members[label].map { schoolScores[$0] }.reduce(0, +) / Double(members[label].count) }
        let order = occupied.indices.sorted { meanScore[$0] != meanScore[$1] ? meanScore[$0] > meanScore[$1] : $0 < $1 }
        var clusterIDOfLabel = [Int](repeating: 0, count: clusterCount)
        for (rank, index) in order.enumerated() { clusterIDOfLabel[occupied[index]] = rank + 1 }

        // Per school: silhouette and principal component scores.
        var silhouettes = [Double?](repeating: nil, count: schoolCount)
        let distinctLabels = Set(fit.labels).count
        if distinctLabels >= 2, distinctLabels <= schoolCount - 1 {
            let silhouette = try knownSilhouette ?? ClusterValidity.silhouette(points, labels: fit.labels, seed: settings.seed)
            if let indices = silhouette.indices {
                for (position, school) in indices.enumerated() { silhouettes[school] = silhouette.values[position] }
            } else {
                for school in 0..<schoolCount { silhouettes[school] = silhouette.values[school] }
            }
        }
        var principal = [[Double?]](repeating: [nil, nil], count: schoolCount)
        var explained: [Double] = []
        if schoolCount >= 2 {
            let components = min(2, min(schoolCount, points.columns))
            let pca = try PrincipalComponents(points, componentCount: components)
            explained = pca.explainedVarianceRatio
            for school in 0..<schoolCount {
                for component in 0..<components { principal[school][component] = pca.scores[school, component] }
            }
        }

        // Stability.
        var stability = [Double?](repeating: nil, count: clusterCount)
        if distinctLabels >= 2 {
            let bootstrap = try ClusterStability(points, labels: fit.labels, clusterCount: clusterCount,
                                                 resampleCount: stabilityResamples,
                                                 restarts: stabilityRestarts(settings.restarts, points: points.rows),
                                                 seed: settings.seed)
            for label in 0..<clusterCount where bootstrap.meanJaccard[label].isFinite {
                stability[label] = bootstrap.meanJaccard[label]
            }
        }

        // Profiles and labels.
        let districtAreas = profile.areaMeans(of: Array(0..<schoolCount))
        var clusters: [ClusterProfile] = []
        for (rank, index) in order.enumerated() {
            let label = occupied[index]
            let schools = members[label]
            let indicatorMeans = (0..<points.columns).map { column in
                schools.map { points[$0, column] }.reduce(0, +) / Double(schools.count)
            }
            let areaMeans = profile.areaMeans(of: schools)
            let description = clusterCount == 1
                ? LocalizedText(ru: "все школы района", en: "all schools of the district")
                : describe(areaMeans: areaMeans, district: districtAreas, areaIDs: profile.areaIDs, catalog: catalog)
            clusters.append(ClusterProfile(
                id: rank + 1, size: schools.count, meanScore: meanScore[index], indicatorMeans: indicatorMeans,
                areaMeans: areaMeans, stability: stability[label], label: description,
                schoolIDs: schools.map { matrix.schoolIDs[$0] }))
        }
        disambiguate(&clusters)

        let schoolResults = (0..<schoolCount).map { school in
            ClusteredSchool(schoolID: matrix.schoolIDs[school], cluster: clusterIDOfLabel[fit.labels[school]],
                            silhouette: silhouettes[school], pc1: principal[school][0], pc2: principal[school][1])
        }
        return ClusterAnalysis(
            indicatorIDs: matrix.indicatorIDs, areaIDs: profile.areaIDs, schools: schoolResults, clusters: clusters,
            criteria: selection?.criteria ?? [], chosenAutomatically: settings.k == nil && distinctProfiles >= 3,
            gapChoice: selection?.gapChoice, explainedVarianceRatio: explained, notes: notes, warnings: warnings)
    }
}

/// Area and overall scores computed from a score matrix with the catalog's
/// weights and the pipeline's aggregation, as the composite index defines
/// them (`CompositeIndex.mean`).
struct ScoreProfile {
    let matrix: ScoreMatrix
    let aggregation: AggregationMethod
    /// Areas with at least one indicator in the matrix, in catalog order.
    let areaIDs: [String]
    /// Per area: (column, weight) of its indicators.
    let areaColumns: [[(column: Int, weight: Double)]]

    init(matrix: ScoreMatrix, catalog: Catalog, aggregation: AggregationMethod = .arithmetic) {
        self.matrix = matrix
        self.aggregation = aggregation
        var ids: [String] = []
        var columns: [[(column: Int, weight: Double)]] = []
        for area in catalog.areas {
            let members = matrix.indicatorIDs.enumerated().compactMap { column, id -> (column: Int, weight: Double)? in
                guard let indicator = catalog.indicator(id), indicator.area == area.id else { return nil }
                return (column, indicator.weight)
            }
            if !members.isEmpty {
                ids.append(area.id)
                columns.append(members)
            }
        }
        areaIDs = ids
        areaColumns = columns
    }

    /// The area scores of one school.
    func areaScores(row: Int) -> [Double] {
        areaColumns.map { members in
            CompositeIndex.mean(members.map { matrix.scores[row, $0.column] }, weights: members.map(\.weight),
                                aggregation: aggregation) ?? 0
        }
    }

    /// A school's score: the equal-weight mean of its area scores (of its
    /// indicator scores when no indicator belongs to a catalog area).
    func overallScore(row: Int) -> Double {
        var values = areaScores(row: row)
        if values.isEmpty { values = matrix.scores.row(row) }
        guard !values.isEmpty else { return 0 }
        return CompositeIndex.mean(values, weights: values.map { _ in 1 }, aggregation: aggregation) ?? 0
    }

    /// The mean area scores of a set of schools (the arithmetic mean over
    /// schools: the group's average profile).
    func areaMeans(of rows: [Int]) -> [Double?] {
        guard !rows.isEmpty else { return areaIDs.map { _ in nil } }
        var sums = [Double](repeating: 0, count: areaIDs.count)
        for row in rows {
            for (area, score) in areaScores(row: row).enumerated() { sums[area] += score }
        }
        return sums.map { $0 / Double(rows.count) }
    }
}

/// One school's place in the clustering (a row of `clusters.csv`).
public struct ClusteredSchool: Sendable, Equatable {
    public let schoolID: String
    /// 1-based, 1 = strongest group.
    public let cluster: Int
    /// Rousseeuw's silhouette; nil when there is one group, or when the
    /// school is outside the 10,000-school sample of a larger run.
    public let silhouette: Double?
    /// First and second principal component scores; nil with too few schools.
    public let pc1: Double?
    public let pc2: Double?
}

/// One cluster's profile.
public struct ClusterProfile: Sendable, Equatable {
    /// 1-based, 1 = strongest group.
    public let id: Int
    public let size: Int
    /// The mean score (0–100) of its schools.
    public let meanScore: Double
    /// Mean score per indicator, in `ClusterAnalysis.indicatorIDs` order.
    public let indicatorMeans: [Double]
    /// Mean area score per area, in `ClusterAnalysis.areaIDs` order.
    public let areaMeans: [Double?]
    /// Mean bootstrap Jaccard similarity; nil when there is one group.
    public let stability: Double?
    /// A readable description of the profile in both languages.
    public internal(set) var label: LocalizedText
    /// Its schools, in matrix order.
    public let schoolIDs: [String]

    /// Below `ClusterStability.unstableThreshold` (0.6).
    public var isUnstable: Bool {
        guard let stability else { return false }
        return stability < ClusterStability.unstableThreshold
    }
}

/// What the cluster stage found.
public struct ClusterAnalysis: Sendable {
    public let indicatorIDs: [String]
    public let areaIDs: [String]
    /// In matrix order.
    public let schools: [ClusteredSchool]
    /// In id order.
    public internal(set) var clusters: [ClusterProfile]
    /// The criteria over k = 2…K (empty with fewer than 3 distinct schools).
    public let criteria: [ClusterCountSelection.Criteria]
    /// Whether k was chosen by the rule (`k: auto`).
    public let chosenAutomatically: Bool
    /// Tibshirani's gap rule over 1…K, for comparison.
    public let gapChoice: Int?
    /// Explained variance ratio of PC1 and PC2.
    public let explainedVarianceRatio: [Double]
    /// What was adapted for this input (tiny or degenerate data).
    public internal(set) var notes: [LocalizedText]
    /// The settings used otherwise than given (`k` above the distinct
    /// schools, `k_max` above them, `restarts` below 1), each with what was
    /// used instead; also among `notes`, so the report shows them, and
    /// printed by `msoko run` as `warning:` lines.
    public internal(set) var warnings: [LocalizedText] = []

    /// The number of clusters.
    public var clusterCount: Int { clusters.count }
}
