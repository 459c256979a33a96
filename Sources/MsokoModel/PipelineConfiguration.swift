import Foundation

/// A pipeline file (`Pipelines/*.yaml`, docs/contract.md §2): what to read, how to
/// analyse it, where to write. Relative paths are relative to the file.
public struct PipelineConfiguration: Sendable {
    /// The pipeline file as given on the command line.
    public let path: String
    /// The report's title; like every display name it may be `{ru: …, en: …}`,
    /// and a plain string serves both languages.
    public let title: LocalizedText
    public let language: Language
    /// Paths as written in the file (used in tables and the manifest, so
    /// outputs do not depend on the working directory) …
    public let catalogPath: String
    public let schoolsPath: String
    public let observationPaths: [String]
    /// The tables behind those paths, with their reading options (docs/contract.md §7.1).
    public let schoolsTable: TableSpec
    public let observationTables: [TableSpec]
    /// Canonical survey figures (`surveys:`, docs/contract.md §9): the
    /// `surveys.csv` that `msoko export` writes beside the observations.
    public let surveysTables: [TableSpec]
    /// Canonical source conflicts (`conflicts:`, docs/contract.md §9): the
    /// `source_conflicts.csv` that `msoko export` writes.
    public let conflictsTables: [TableSpec]
    /// Native inputs (`sources:`, docs/contract.md §7.2), read after the observation files.
    public let sources: [SourceSpec]
    /// … and resolved against the pipeline's folder.
    public let directory: URL
    public let period: Period?
    public let output: String?
    /// The history store (`store:`, docs/contract.md §9), as written; `nil`: runs work from files only.
    public let store: String?
    /// The report's date, if the pipeline states one (outputs never read the clock).
    public let reportDate: String?
    public let analysis: AnalysisSettings
    public let clustering: ClusteringSettings

    static let ownKeys: Set<String> = [
        "title", "language", "catalog", "schools", "observations", "period", "output",
        "report_date", "clustering", "sources", "store", "surveys", "conflicts",
    ]

    /// Resolves a path written in the pipeline file.
    public func resolve(_ relative: String) -> URL {
        if relative.hasPrefix("/") { return URL(fileURLWithPath: relative) }
        return directory.appendingPathComponent(relative).standardizedFileURL
    }

    public static func load(path: String) throws -> PipelineConfiguration {
        try parse(YAMLMap.readText(path: path, displayName: path, what: "pipeline file"), path: path)
    }

    public static func parse(_ text: String, path: String) throws -> PipelineConfiguration {
        let root = try YAMLMap.parse(text, file: path)
        try root.rejectUnknownKeys(ownKeys.union(AnalysisSettings.keys), context: "the pipeline")
        let languageText = try root.string("language") ?? "ru"
        guard let language = Language(rawValue: languageText) else {
            throw root.error("language", "unknown language `\(languageText)`; use ru or en")
        }
        let observations = try TableSpec.tables("observations", in: root)
        let sources = try root.maps("sources").map(SourceSpec.init(yaml:))
        guard !observations.isEmpty || !sources.isEmpty else {
            throw root.error(nil, "missing required key `observations` (a list of tables) or `sources`")
        }
        let schoolTables = try TableSpec.tables("schools", in: root)
        guard root.node.mapping?["schools"]?.sequence == nil else {
            throw root.error("schools", "`schools` names one table (a path or a {file: …} map)")
        }
        guard let schools = schoolTables.first else { throw root.error(nil, "missing required key `schools`") }
        var period: Period?
        if let text = try root.string("period") {
            guard let parsed = Period(text) else {
                throw root.error("period", "period `\(text)` is not of the form 2023/24 or 2023/24-2")
            }
            period = parsed
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        return PipelineConfiguration(
            path: path,
            title: try root.localized("title") ?? LocalizedText(ru: "МСОКО", en: "МСОКО"),
            language: language,
            catalogPath: try root.requiredString("catalog"),
            schoolsPath: schools.path,
            observationPaths: observations.map(\.path),
            schoolsTable: schools,
            observationTables: observations,
            surveysTables: try TableSpec.tables("surveys", in: root),
            conflictsTables: try TableSpec.tables("conflicts", in: root),
            sources: sources,
            directory: directory,
            period: period,
            output: try root.string("output"),
            store: try root.string("store"),
            reportDate: try root.string("report_date"),
            analysis: try AnalysisSettings(yaml: root),
            clustering: try ClusteringSettings(yaml: try root.map("clustering")))
    }
}
