import MsokoLinearAlgebra

/// Schools × indicators of one period, as 0–100 scores (higher = better),
/// complete (missing values already filled by the missing-data policy and
/// flagged elsewhere). The space in which schools are clustered and in which
/// "the most similar school" is measured.
public struct ScoreMatrix: Sendable {
    /// Row labels.
    public let schoolIDs: [String]
    /// Column labels.
    public let indicatorIDs: [String]
    /// `schoolIDs.count × indicatorIDs.count`, every element finite, in 0…100.
    public let scores: Matrix

    public init(schoolIDs: [String], indicatorIDs: [String], scores: Matrix) {
        precondition(scores.rows == schoolIDs.count && scores.columns == indicatorIDs.count,
                     "score matrix shape does not match its labels")
        self.schoolIDs = schoolIDs
        self.indicatorIDs = indicatorIDs
        self.scores = scores
    }
}
