import MsokoModel

/// One school at a glance, for the report.
public struct SchoolSummary: Sendable {
    public let schoolID: String
    public let name: String
    /// The overall index, 0–100 (equal-weight mean of the area scores).
    public let overallIndex: Double?
    /// Place by the overall index, 1 = highest.
    public let indexRank: Int?
    /// Median rank and 90 % rank interval over the Monte-Carlo draws.
    public let sensitivity: RankUncertainty?
    /// Area id → area score 0–100.
    public let areaScores: [String: Double]
    /// Place in the ranking of need, 1 = most in need.
    public let needRank: Int
    public let deficitScore: Double
}

/// One area at a glance.
public struct AreaSummary: Sendable {
    public let areaID: String
    public let name: LocalizedText
    /// The mean area score over the analysed schools.
    public let districtMean: Double?
    public let bestPracticeSchoolIDs: [String]
}

/// How many cells were filled or left out, overall and per indicator.
public struct ImputationSummary: Sendable {
    public let policy: MissingDataPolicy
    /// Cells of the analysed period by how they got their value.
    public let counts: [Imputation: Int]
    /// Indicator id → counts.
    public let byIndicator: [String: [Imputation: Int]]
    /// Cells of the score matrix filled with the column's median score
    /// because the value stayed missing (`reweight`).
    public let scoreMatrixFilledCells: Int

    public var imputedCount: Int { (counts[.districtMedian] ?? 0) + (counts[.lastValue] ?? 0) }
    public var missingCount: Int { imputedCount + (counts[.reweighted] ?? 0) }
}

/// Per indicator: how many schools improve, worsen, stay, and the district's assessment.
public struct IndicatorTrendCount: Sendable {
    public let indicatorID: String
    public let improving: Int
    public let worsening: Int
    public let stable: Int
    public let insufficientData: Int
    public let district: Assessment
}

/// Everything the term analysis found: typed results for the report, the
/// score matrix for clustering, and the tables for `OUT/tables/`.
public struct TermAnalysisResult: Sendable {
    public let period: Period
    public let language: Language
    public let settings: AnalysisSettings
    /// Schools × indicators of `period`, complete, 0–100 (see `TermAnalysis`).
    public let scoreMatrix: ScoreMatrix
    /// `(name, table)`: written by the runner to `OUT/tables/<name>.csv`.
    public internal(set) var tables: [(name: String, table: Table)]

    /// The value grid of the analysed period after the missing-data policy.
    public let values: ValueGrid
    /// Indicator, area and overall scores of the analysed period.
    public let scores: CompositeScores
    public let schools: [SchoolSummary]
    public let areas: [AreaSummary]
    public let normalizationNotes: [NormalizationNote]
    public let imputation: ImputationSummary
    public let sensitivity: [RankUncertainty]
    public let trends: [TrendResult]
    public let trendCounts: [IndicatorTrendCount]
    public let roadmap: [RoadmapClaim]
    /// With `Deficit.peer` once `comparingWithClusters` has run.
    public internal(set) var deficits: [Deficit]
    public let earlyWarnings: [EarlyWarning]
    public let ranking: [RankingEntry]
    public let bestPractices: [BestPractice]
    public let recommendations: [Recommendation]
    /// Measures the catalog suggests to best-practice schools (5.6).
    public let bestPracticeMeasures: [Measure]
    /// The context indicators, the context index and the schools that beat
    /// the odds (empty when the catalog declares no context indicator).
    public let context: ContextAnalysis
    /// The measures are msoko's built-in ones (`MeasureCatalog.isBuiltIn`).
    public let measuresAreBuiltIn: Bool

    public func table(_ name: String) -> Table? { tables.first { $0.name == name }?.table }

    /// Hands the tables over and keeps none: the runner writes them and lets
    /// them go before the report is made (a national run's tables hold
    /// millions of rows, and the report does not read them).
    public mutating func takeTables() -> [(name: String, table: Table)] {
        defer { tables = [] }
        return tables
    }
}
