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
    /// overall; nil only when the area has no best practice but the school itself.
    public let peerSchoolID: String?
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
public enum RecommendationAnalysis {
    static func recommend(schoolIDs: [String], deficits: [Deficit], warnings: [EarlyWarning],
                          bestPractices: [BestPractice], matrix: ScoreMatrix, measures: MeasureCatalog,
                          limit: Int) -> [Recommendation] {
        let leaders = Dictionary(grouping: bestPractices, by: \.areaID).mapValues { $0.map(\.schoolID) }
        let rows = Dictionary(uniqueKeysWithValues: matrix.schoolIDs.enumerated().map { ($1, $0) })
        func distance(_ a: String, _ b: String) -> Double {
            guard let i = rows[a], let j = rows[b] else { return .infinity }
            var sum = 0.0
            for column in 0..<matrix.scores.columns {
                let difference = matrix.scores[i, column] - matrix.scores[j, column]
                sum += difference * difference
            }
            return sum.squareRoot()
        }
        func peer(for school: String, area: String) -> String? {
            (leaders[area] ?? []).filter { $0 != school }.min { lhs, rhs in
                let left = distance(school, lhs), right = distance(school, rhs)
                return left != right ? left < right : lhs < rhs
            }
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
            for finding in findings {
                let partner = peer(for: school, area: finding.area)
                for measure in measures.measures(area: finding.area, indicator: finding.indicator, kind: finding.kind) {
                    result.append(Recommendation(schoolID: school, areaID: finding.area, indicatorID: finding.indicator,
                                                 kind: finding.kind, measure: measure, peerSchoolID: partner,
                                                 severity: finding.severity))
                }
            }
        }
        return result
    }
}
