/// Where a value came from (docs/contract.md §7.1): the input file as named in the
/// pipeline (`PATH`, `PATH!SHEET` for a sheet, `PATH#tableN` for a Word
/// table), the 1-based line (the header is line 1; a sheet's or table's
/// row), and, where one row holds several values, the column.
public struct SourceRow: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// The column's header text (or number), when the row alone does not
    /// say which value is meant (wide tables, self-assessment tables).
    public let column: String?
    /// A place given by the input itself (the `source` column of an
    /// observations file, written by an earlier conversion), shown instead.
    public let original: String?

    public init(file: String, line: Int, column: String? = nil, original: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.original = original
    }

    /// `file:line`, `file:line (column)`, or the original place.
    public var description: String {
        if let original { return original }
        if let column { return "\(file):\(line) (\(column))" }
        return "\(file):\(line)"
    }
}

/// A school (ОУ/ОО, образовательная организация).
public struct School: Hashable, Sendable {
    /// Stable identifier: letters, digits, `-`, `_`.
    public let id: String
    /// Display name; any Unicode, escaped wherever it is written.
    public let name: String
    /// Number of students, if `schools.csv` gives it.
    public let students: Int?
    /// Further columns of `schools.csv` by column name (`kind`, `locality`, …).
    public let attributes: [String: String]
    /// Other names of the school (`aliases` column, `;`-separated), by which
    /// native sources may name it («МБОУ СОШ №1» for «Средняя школа № 1»).
    public let aliases: [String]
    public let source: SourceRow

    public init(id: String, name: String, students: Int? = nil, attributes: [String: String] = [:],
                aliases: [String] = [], source: SourceRow) {
        self.id = id
        self.name = name
        self.students = students
        self.attributes = attributes
        self.aliases = aliases
        self.source = source
    }
}

/// One value of one indicator for one school in one period.
public struct Observation: Hashable, Sendable {
    public let schoolID: String
    public let period: Period
    public let indicatorID: String
    /// The value in the indicator's unit; `nil` when the cell was empty (missing).
    public let value: Double?
    /// The denominator behind a rate (e.g. number of students), for uncertainty.
    public let base: Double?
    public let source: SourceRow

    public init(schoolID: String, period: Period, indicatorID: String, value: Double?, base: Double? = nil, source: SourceRow) {
        self.schoolID = schoolID
        self.period = period
        self.indicatorID = indicatorID
        self.value = value
        self.base = base
        self.source = source
    }
}

/// A row that was not used, and why (`rejects.csv`).
public struct RejectedRow: Hashable, Sendable {
    public let file: String
    /// 1-based, the header being line 1.
    public let line: Int
    /// The column's name (empty when the whole row is at fault).
    public let column: String
    public let value: String
    public let reason: String

    public init(file: String, line: Int, column: String, value: String, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
    }
}

/// What one input table contributed (for `manifest.json` and `msoko
/// validate`): `rowsRead = rowsAccepted + rowsRejected + rowsSkipped`
/// always, the skipped counted by reason (a heading row, an unknown
/// self-assessment code, a respondent with too few answers, …).
public struct InputSummary: Hashable, Sendable {
    public let path: String
    public let sha256: String
    public let rowsRead: Int
    public let rowsAccepted: Int
    /// Rows passed over on purpose, by reason.
    public let skipped: [String: Int]
    public var rowsSkipped: Int { skipped.values.reduce(0, +) }
    public var rowsRejected: Int { rowsRead - rowsAccepted - rowsSkipped }

    public init(path: String, sha256: String, rowsRead: Int, rowsAccepted: Int, skipped: [String: Int] = [:]) {
        self.path = path
        self.sha256 = sha256
        self.rowsRead = rowsRead
        self.rowsAccepted = rowsAccepted
        self.skipped = skipped.filter { $0.value > 0 }
    }
}

/// A value given twice, by an earlier input and a later source (docs/contract.md
/// §7.2): the first is used, the later only listed
/// (`tables/source_conflicts.csv`).
public struct SourceConflict: Hashable, Sendable {
    public let schoolID: String
    public let period: Period
    public let indicatorID: String
    public let value: Double?
    public let source: SourceRow
    public let otherValue: Double?
    public let otherSource: SourceRow

    public init(schoolID: String, period: Period, indicatorID: String, value: Double?, source: SourceRow,
                otherValue: Double?, otherSource: SourceRow) {
        self.schoolID = schoolID
        self.period = period
        self.indicatorID = indicatorID
        self.value = value
        self.source = source
        self.otherValue = otherValue
        self.otherSource = otherSource
    }
}

/// A school's survey figure (`tables/surveys.csv`): the number of counted
/// respondents always; the value, its t-interval and Cronbach's α only from
/// `minimum_base` respondents on.
public struct SurveyFigure: Hashable, Sendable {
    public let schoolID: String
    public let period: Period
    public let indicatorID: String
    public let respondents: Int
    public let value: Double?
    public let low: Double?
    public let high: Double?
    public let alpha: Double?

    public init(schoolID: String, period: Period, indicatorID: String, respondents: Int,
                value: Double?, low: Double?, high: Double?, alpha: Double?) {
        self.schoolID = schoolID
        self.period = period
        self.indicatorID = indicatorID
        self.respondents = respondents
        self.value = value
        self.low = low
        self.high = high
        self.alpha = alpha
    }
}

/// What one native source gave (`msoko validate` prints it; the report
/// summarises it).
public struct SourceSummary: Hashable, Sendable {
    public let kind: String
    /// The files as written in the pipeline (paths or globs).
    public let files: [String]
    public var filesRead = 0
    public var rowsRead = 0
    public var values = 0
    public var rejects = 0
    public var skipped: [String: Int] = [:]
    /// Self-assessment codes met that no catalog indicator takes.
    public var unknownCodes: [String] = []
    /// Survey answers outside the scale, per question header.
    public var outsideScale: [String: Int] = [:]
    /// Distinct outside texts frequent enough to quote (≥ `minimum_base`).
    public var quotedTexts: [String: Int] = [:]
    /// Schools with fewer counted respondents than `minimum_base`.
    public var belowMinimumBase: [String] = []
    /// Anything else the analyst should know (unknown contest levels, schools without `students`, …).
    public var notes: [String] = []

    public init(kind: String, files: [String]) {
        self.kind = kind
        self.files = files
    }
}

/// A value withheld because its base is below the indicator's
/// `minimum_base` (too few survey respondents to publish). The row counts as
/// accepted, with a missing value; the value itself is not kept anywhere.
public struct WithheldValue: Hashable, Sendable {
    public let schoolID: String
    public let indicatorID: String
    public let period: Period
    public let base: Double
    public let source: SourceRow

    public init(schoolID: String, indicatorID: String, period: Period, base: Double, source: SourceRow) {
        self.schoolID = schoolID
        self.indicatorID = indicatorID
        self.period = period
        self.base = base
        self.source = source
    }
}

/// Everything ingest produced: validated schools and observations, the
/// rejected rows, the withheld values, and a summary per input.
public struct Dataset: Sendable {
    public let schools: [School]
    /// The values, by column (`ObservationPanel`); a collection of `Observation`s.
    public let observations: ObservationPanel
    public let rejects: [RejectedRow]
    public let inputs: [InputSummary]
    public let withheld: [WithheldValue]
    /// Values given again by a later source (docs/contract.md §7.2).
    public let conflicts: [SourceConflict]
    /// Survey figures per school (`tables/surveys.csv`).
    public let surveys: [SurveyFigure]
    /// What each native source gave.
    public let sources: [SourceSummary]
    private let schoolPositions: [String: Int]

    public init(schools: [School], observations: [Observation], rejects: [RejectedRow], inputs: [InputSummary],
                withheld: [WithheldValue] = [], conflicts: [SourceConflict] = [], surveys: [SurveyFigure] = [],
                sources: [SourceSummary] = []) {
        self.init(schools: schools, observations: ObservationPanel(observations), rejects: rejects, inputs: inputs,
                  withheld: withheld, conflicts: conflicts, surveys: surveys, sources: sources)
    }

    public init(schools: [School], observations: ObservationPanel, rejects: [RejectedRow], inputs: [InputSummary],
                withheld: [WithheldValue] = [], conflicts: [SourceConflict] = [], surveys: [SurveyFigure] = [],
                sources: [SourceSummary] = []) {
        self.schools = schools
        self.withheld = withheld
        self.conflicts = conflicts
        self.surveys = surveys
        self.sources = sources
        self.schoolPositions = Dictionary(schools.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.observations = observations
        self.rejects = rejects
        self.inputs = inputs
    }

    /// The same dataset with other observations, survey figures and source
    /// conflicts (a run from the history store: the store's values, the
    /// files' schools and rejects).
    public func replacingHistory(observations: [Observation], surveys: [SurveyFigure],
                                 conflicts: [SourceConflict]) -> Dataset {
        Dataset(schools: schools, observations: ObservationPanel(observations), rejects: rejects, inputs: inputs,
                withheld: withheld, conflicts: conflicts, surveys: surveys, sources: sources)
    }

    /// All periods present, sorted.
    public var periods: [Period] { observations.presentPeriods() }

    /// The latest school year present (the school year of the latest term when only terms exist).
    public var latestYear: Period? { periods.last?.schoolYear }

    public func school(_ id: String) -> School? { schoolPositions[id].map { schools[$0] } }
}
