import Foundation
import Yams

/// A native input of the pipeline's `sources:` list (docs/contract.md §7.2): files
/// of one kind that become observations of one period.
public struct SourceSpec: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The indicator table of the self-assessment report (Order No. 1324).
        case selfAssessment = "self_assessment"
        /// One row per school, one column per indicator (passports of the
        /// upbringing system, the department's monitoring tables).
        case wide
        /// A survey export, one row per respondent.
        case survey
        /// A contest list, one row per student per contest.
        case contests
        /// The additional-education navigator's export, one row per enrolment.
        case enrolments
    }

    /// How a self-assessment file names its school.
    public enum SchoolNaming: Sendable, Equatable {
        /// The file's name without its extension (an id, a name or an alias).
        case fileName
        /// File name (with or without extension) → school.
        case map([String: String])
    }

    public struct Survey: Sendable {
        public var schoolColumn: String
        /// 1-based positions of the first and the last question column.
        public var questions: ClosedRange<Int>
        /// Answer texts and their scores, in the order written.
        public var scale: [(text: String, score: Double)]
        public var indicator: String
        /// An optional filter: only respondents whose `column` holds one of `keep`.
        public var roleColumn: String?
        public var roleKeep: [String]
    }

    public let kind: Kind
    public let period: Period
    /// Paths, globs or both, as written (relative to the pipeline file).
    public let files: [String]
    /// The table options of docs/contract.md §7.1 (`path` is empty: set per file).
    public let options: TableSpec
    /// The line of the source's entry in the pipeline file.
    public let line: Int?

    // Kind-specific keys.
    public let schoolNaming: SchoolNaming
    /// `columns:` of wide, contests and enrolments: role → header text
    /// (`school`, `student`, `level`, `result`, `child`).
    public let columns: [String: String]
    /// `columns.values` of a wide table: indicator → header text, in order.
    public let values: [(indicator: String, column: String)]
    /// `indicators:` of contests and enrolments: figure → catalog indicator.
    public let indicators: [String: String]
    public let survey: Survey?

    /// A short name for summaries: the kind and the first file.
    public var label: String { "\(kind.rawValue) \(files.joined(separator: ", "))" }

    static let commonKeys: Set<String> = TableSpec.keys.union(["kind", "period", "files"])
    static let keysByKind: [Kind: Set<String>] = [
        .selfAssessment: ["school"],
        .wide: ["columns"],
        .survey: ["school_column", "questions", "scale", "indicator", "role"],
        .contests: ["columns", "indicators"],
        .enrolments: ["columns", "indicators"],
    ]
    /// The figures a contests source can give (docs/contract.md §7.2).
    public static let contestFigures: Set<String> = [
        "participation", "prize_share", "regional_share", "federal_share", "international_share", "prize_rate",
    ]

    /// Reads one entry of `sources:`.
    public init(yaml entry: YAMLMap) throws {
        guard let kindText = try entry.string("kind") else { throw entry.error(nil, "a source needs `kind`") }
        guard let kind = Kind(rawValue: kindText) else {
            throw entry.error("kind", "unknown source kind `\(kindText)`; use \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try entry.rejectUnknownKeys(Self.commonKeys.union(Self.keysByKind[kind]!), context: "a `\(kind.rawValue)` source")
        guard let periodText = try entry.string("period") else {
            throw entry.error(nil, "a source needs `period` (the period its files report, e.g. 2023/24)")
        }
        guard let period = Period(periodText) else {
            throw entry.error("period", "period `\(periodText)` is not of the form 2023/24 or 2023/24-2")
        }
        var files = try entry.strings("files")
        if let file = try entry.string("file") { files.insert(file, at: 0) }
        guard !files.isEmpty else { throw entry.error(nil, "a source needs `file:` or `files:`") }
        self.kind = kind
        self.period = period
        self.files = files
        self.options = try TableSpec(path: "", options: entry)
        self.line = entry.line

        var naming = SchoolNaming.fileName
        if entry.has("school") {
            if let text = try? entry.string("school") {
                guard text == "file_name" else {
                    throw entry.error("school", "`school` is `file_name` or a map {FILE_NAME: school_id, …}")
                }
            } else if let map = try entry.map("school") {
                var names: [String: String] = [:]
                for key in map.keys { names[key] = try map.requiredString(key) }
                naming = .map(names)
            }
        }
        self.schoolNaming = naming

        var columns: [String: String] = [:]
        var values: [(String, String)] = []
        if let map = try entry.map("columns") {
            let allowed: Set<String>
            switch kind {
            case .wide: allowed = ["school", "values"]
            case .contests: allowed = ["school", "student", "level", "result"]
            case .enrolments: allowed = ["school", "child"]
            default: allowed = []
            }
            try map.rejectUnknownKeys(allowed, context: "`columns`")
            for key in map.keys where key != "values" { columns[key] = try map.requiredString(key) }
            if let valueMap = try map.map("values") {
                // Keep the order written: the YAML mapping's order.
                for key in valueMap.keys { values.append((key, try valueMap.requiredString(key))) }
            }
        }
        let needed: [String]
        switch kind {
        case .wide: needed = ["school"]
        case .contests: needed = ["school", "student"]
        case .enrolments: needed = ["school", "child"]
        default: needed = []
        }
        for role in needed where columns[role] == nil {
            throw entry.error("columns", "a `\(kind.rawValue)` source needs `columns: {\(role): HEADER, …}`")
        }
        if kind == .wide, values.isEmpty {
            throw entry.error("columns", "a `wide` source needs `columns: {values: {INDICATOR: HEADER, …}}`")
        }
        self.columns = columns
        self.values = values

        var indicators: [String: String] = [:]
        if let map = try entry.map("indicators") {
            let allowed = kind == .contests ? Self.contestFigures : ["coverage"]
            try map.rejectUnknownKeys(allowed, context: "`indicators`")
            for key in map.keys { indicators[key] = try map.requiredString(key) }
        }
        if kind == .contests || kind == .enrolments, indicators.isEmpty {
            throw entry.error(nil, "a `\(kind.rawValue)` source needs `indicators: {FIGURE: INDICATOR, …}`")
        }
        self.indicators = indicators

        if kind == .survey {
            guard let schoolColumn = try entry.string("school_column") else {
                throw entry.error(nil, "a survey needs `school_column` (the header of the column naming the school)")
            }
            let bounds = try entry.ints("questions")
            guard bounds.count == 2, bounds[0] >= 1, bounds[1] >= bounds[0] else {
                throw entry.error("questions", "`questions` is [FIRST, LAST]: the 1-based first and last question columns")
            }
            guard let scaleMap = try entry.map("scale") else {
                throw entry.error(nil, "a survey needs `scale: {ANSWER: SCORE, …}`")
            }
            var scale: [(String, Double)] = []
            for key in scaleMap.keys {
                guard let score = try scaleMap.double(key) else { continue }
                scale.append((key, score))
            }
            guard scale.count >= 2 else { throw entry.error("scale", "a scale needs at least two answers") }
            guard let indicator = try entry.string("indicator") else {
                throw entry.error(nil, "a survey needs `indicator` (the catalog indicator receiving 0–100)")
            }
            var roleColumn: String?
            var keep: [String] = []
            if let role = try entry.map("role") {
                try role.rejectUnknownKeys(["column", "keep"], context: "`role`")
                roleColumn = try role.requiredString("column")
                keep = try role.strings("keep")
            }
            self.survey = Survey(schoolColumn: schoolColumn, questions: bounds[0]...bounds[1], scale: scale,
                                 indicator: indicator, roleColumn: roleColumn, roleKeep: keep)
        } else {
            self.survey = nil
        }
    }
}

extension YAMLMap {
    /// A list of integers (`[4, 9]`).
    public func ints(_ key: String) throws -> [Int] {
        guard let value = node.mapping?[key] else { return [] }
        guard let sequence = value.sequence else { throw error(key, "`\(key)` must be a list of whole numbers") }
        return try sequence.map {
            guard let number = $0.int else {
                throw ConfigurationError(file: file, line: $0.mark?.line, "`\(key)` must list whole numbers")
            }
            return number
        }
    }
}
