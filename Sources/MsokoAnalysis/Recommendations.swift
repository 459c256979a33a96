import MsokoModel

/// An addressed recommendation (адресная рекомендация): a finding at a
/// school, a road map measure, and a peer school to learn from.
public struct Recommendation: Hashable, Sendable {
    public let schoolID: String
    public let areaID: String
    public let indicatorID: String
    public let kind: FindingKind
    public let measure: Measure
    /// A best practice of the area, the one most similar to the school
    /// overall (see `peerIsBestPractice`); nil only when no other school qualifies.
    public let peerSchoolID: String?
    /// False when the area has no best practice besides the school and the
    /// peer is the most similar school of the area's upper quartile instead.
    public let peerIsBestPractice: Bool
    /// The severity of the deficit (0 for an early warning).
    public let severity: Double
}

/// Chooses a school's findings, their measures and a peer school.
///
/// Findings: confirmed deficits by severity, then possible ones, then early
/// warnings; the first `recommendations_per_school` (0 = all) get the
/// measures of `MeasureCatalog.measures(area:indicator:kind:)`.
///
/// Peer: among the best practices of the finding's area other than the
/// school itself, the one nearest in Euclidean distance between rows of the
/// score matrix (the same space as the clustering); ties go to the lower id.
/// When the area has no best practice other than the school, the peer is
/// the most similar school whose area score is in the district's upper
/// quartile (`peerIsBestPractice` false), so every recommendation still
/// names a school to learn from.
///
/// Context (docs/contract.md §8): when the catalog declares context indicators, a
/// school with a context index first looks among the best practices whose
/// context index is within `similarContext` (0.5, half a district standard
/// deviation) of its own — a leader working in similar conditions — and
/// falls back to all best practices of the area when none is that close.
public enum RecommendationAnalysis {
    /// The largest difference of context indices (in district standard
    /// deviations) at which a best practice counts as working in similar conditions.
    public static let similarContext = 0.5

    static func recommend(schoolIDs: [String], deficits: [Deficit], warnings: [EarlyWarning],
                          bestPractices: [BestPractice], topQuartile: [String: [String]], matrix: ScoreMatrix,
                          measures: MeasureCatalog, limit: Int, contextIndex: [String: Double] = [:]) -> [Recommendation] {
        let deficitsBySchool = Dictionary(grouping: deficits, by: \.schoolID)
        let warningsBySchool = Dictionary(grouping: warnings, by: \.schoolID)
        // The findings of every school first, then every peer search of an
        // area at once (`PeerSearch`), then the recommendations in order.
        var findingsBySchool: [[(area: String, indicator: String, kind: FindingKind, severity: Double)]] = []
        for school in schoolIDs {
            let own = (deficitsBySchool[school] ?? []).sorted { lhs, rhs in
                if lhs.status != rhs.status { return lhs.status == .confirmed }
                return lhs.severity != rhs.severity ? lhs.severity > rhs.severity : lhs.indicatorID < rhs.indicatorID
            }
            var findings: [(area: String, indicator: String, kind: FindingKind, severity: Double)] = own.map {
                ($0.areaID, $0.indicatorID, $0.status == .confirmed ? .confirmed : .possible, $0.severity)
            }
            findings += (warningsBySchool[school] ?? []).map { ($0.areaID, $0.indicatorID, .earlyWarning, 0) }
            if limit > 0 { findings = Array(findings.prefix(limit)) }
            findingsBySchool.append(findings)
        }
        let peers = peerSchools(
            needs: zip(schoolIDs, findingsBySchool).map { school, findings in
                var seen = Set<String>()
                return (school, findings.map(\.area).filter { seen.insert($0).inserted })
            },
            bestPractices: bestPractices, topQuartile: topQuartile, matrix: matrix, contextIndex: contextIndex)
        var result: [Recommendation] = []
        for (school, findings) in zip(schoolIDs, findingsBySchool) {
            for finding in findings {
                let partner = peers[PeerKey(school: school, area: finding.area)] ?? (String?.none, false)
                for measure in measures.measures(area: finding.area, indicator: finding.indicator, kind: finding.kind) {
                    result.append(Recommendation(schoolID: school, areaID: finding.area, indicatorID: finding.indicator,
                                                 kind: finding.kind, measure: measure, peerSchoolID: partner.0,
                                                 peerIsBestPractice: partner.1, severity: finding.severity))
                }
            }
        }
        return result
    }
}

extension RecommendationAnalysis {
    struct PeerKey: Hashable {
        let school: String
        let area: String
    }

    /// The peer of every school in every area it needs one for (see the
    /// type's documentation): a best practice in similar conditions, else
    /// any best practice of the area, else the nearest school of the area's
    /// upper quartile (`false`); nil when no other school qualifies.
    static func peerSchools(needs: [(school: String, areas: [String])], bestPractices: [BestPractice],
                            topQuartile: [String: [String]], matrix: ScoreMatrix,
                            contextIndex: [String: Double]) -> [PeerKey: (String?, Bool)] {
        let leaders = Dictionary(grouping: bestPractices, by: \.areaID).mapValues { $0.map(\.schoolID) }
        let rows = Dictionary(uniqueKeysWithValues: matrix.schoolIDs.enumerated().map { ($1, $0) })
        let search = PeerSearch(matrix: matrix)
        var schoolsByArea: [String: [String]] = [:]
        var areaOrder: [String] = []
        for need in needs {
            for area in need.areas {
                if schoolsByArea[area] == nil { areaOrder.append(area) }
                schoolsByArea[area, default: []].append(need.school)
            }
        }
        var peers: [PeerKey: (String?, Bool)] = [:]
        for area in areaOrder {
            let schools = schoolsByArea[area]!
            let leaderIDs = leaders[area] ?? []
            let leaderCandidates = leaderIDs.map { PeerSearch.Candidate(id: $0, row: rows[$0], key: contextIndex[$0]) }
            var found = [Int?](repeating: nil, count: schools.count)
            // 1. A best practice working in similar conditions.
            let withContext = schools.indices.filter { contextIndex[schools[$0]] != nil }
            let similar = search.nearest(withContext.map { position in
                PeerSearch.Query(school: schools[position], row: rows[schools[position]],
                                 window: PeerSearch.Window(center: contextIndex[schools[position]]!, radius: similarContext))
            }, among: leaderCandidates)
            for (position, answer) in zip(withContext, similar) { found[position] = answer }
            // 2. Any best practice of the area.
            let rest = schools.indices.filter { found[$0] == nil }
            let any = search.nearest(rest.map { PeerSearch.Query(school: schools[$0], row: rows[schools[$0]], window: nil) },
                                     among: leaderCandidates)
            for (position, answer) in zip(rest, any) { found[position] = answer }
            for (position, answer) in found.enumerated() {
                if let answer { peers[PeerKey(school: schools[position], area: area)] = (leaderIDs[answer], true) }
            }
            // 3. The upper quartile of the area.
            let unmatched = schools.indices.filter { found[$0] == nil }
            let quartileIDs = topQuartile[area] ?? []
            let quartile = search.nearest(unmatched.map { PeerSearch.Query(school: schools[$0], row: rows[schools[$0]], window: nil) },
                                          among: quartileIDs.map { PeerSearch.Candidate(id: $0, row: rows[$0], key: nil) })
            for (position, answer) in zip(unmatched, quartile) {
                peers[PeerKey(school: schools[position], area: area)] = (answer.map { quartileIDs[$0] }, false)
            }
        }
        return peers
    }
}
