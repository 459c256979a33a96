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
        let leaders = Dictionary(grouping: bestPractices, by: \.areaID).mapValues { $0.map(\.schoolID) }
        let rows = Dictionary(uniqueKeysWithValues: matrix.schoolIDs.enumerated().map { ($1, $0) })
        // Schools' score profiles row by row, contiguous, for the distance scans.
        let dimension = matrix.scores.columns
        let profiles = matrix.scores.transposed.elements
        func squaredDistance(_ i: Int, _ j: Int) -> Double {
            var sum = 0.0
            for column in 0..<dimension {
                let difference = profiles[i * dimension + column] - profiles[j * dimension + column]
                sum += difference * difference
            }
            return sum
        }
        /// The candidate nearest to `school` (Euclidean; ties to the smaller
        /// id), each distance computed once.
        func nearest(to school: String, among candidates: [String]) -> String? {
            let own = rows[school]
            var best: (id: String, distance: Double)?
            for candidate in candidates where candidate != school {
                let distance = own.flatMap { i in rows[candidate].map { squaredDistance(i, $0) } } ?? .infinity
                if let current = best, distance > current.distance || (distance == current.distance && candidate > current.id) {
                    continue
                }
                best = (candidate, distance)
            }
            return best?.id
        }
        func peer(for school: String, area: String) -> (String?, Bool) {
            if let own = contextIndex[school] {
                let similar = (leaders[area] ?? []).filter { candidate in
                    contextIndex[candidate].map { abs($0 - own) <= similarContext } ?? false
                }
                if let best = nearest(to: school, among: similar) { return (best, true) }
            }
            if let best = nearest(to: school, among: leaders[area] ?? []) { return (best, true) }
            return (nearest(to: school, among: topQuartile[area] ?? []), false)
        }
        let deficitsBySchool = Dictionary(grouping: deficits, by: \.schoolID)
        let warningsBySchool = Dictionary(grouping: warnings, by: \.schoolID)
        var result: [Recommendation] = []
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
            var peers: [String: (String?, Bool)] = [:]  // one search per area, not per finding
            for finding in findings {
                let partner = peers[finding.area] ?? peer(for: school, area: finding.area)
                peers[finding.area] = partner
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
