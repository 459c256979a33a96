import Foundation
import MsokoAnalysis
import MsokoIngest
import MsokoLinearAlgebra
import MsokoModel
import MsokoReport
import MsokoStore

/// The version written into every manifest.
public enum MsokoInfo {
    public static let version = "0.1.0"
}

/// Command-line overrides of a pipeline file.
public struct RunOptions: Sendable {
    public var outputDirectory: String?
    public var period: Period?
    public var language: Language?
    /// Fail (and write nothing) when any input row is rejected.
    public var strict: Bool
    /// Stages and counts on a terminal (`ProgressReporter.terminal()`); nil: silent.
    public var progress: ProgressReporter?

    public init(outputDirectory: String? = nil, period: Period? = nil, language: Language? = nil, strict: Bool = false,
                progress: ProgressReporter? = nil) {
        self.outputDirectory = outputDirectory
        self.period = period
        self.language = language
        self.strict = strict
        self.progress = progress
    }
}

/// Why a run stopped.
public enum PipelineError: Error, CustomStringConvertible {
    case noOutputFolder
    case noData(String)
    case strictRejects(count: Int, first: RejectedRow)
    case periodNotPresent(Period, available: [Period])

    public var description: String {
        switch self {
        case .noOutputFolder:
            return "no output folder: give --out DIR or `output:` in the pipeline file"
        case .noData(let what):
            return "nothing to analyse: \(what)"
        case .strictRejects(let count, let first):
            return "--strict: \(count) input row(s) rejected; first: \(first.file):\(first.line) column \(first.column.isEmpty ? "-" : first.column): \(first.reason)"
        case .periodNotPresent(let period, let available):
            return "period \(period) has no reported value; periods present: \(available.map(\.description).joined(separator: ", "))"
        }
    }
}

/// The time one stage took (only in `manifest.json`).
public struct StageTiming: Sendable {
    public let name: String
    public let seconds: Double
}

/// What `msoko validate` reports: the dataset and its quality.
public struct ValidationResult: Sendable {
    public let configuration: PipelineConfiguration
    public let catalog: Catalog
    public let dataset: Dataset
    public let timings: [StageTiming]
}

/// What a finished run produced.
public struct RunResult: Sendable {
    public let outputDirectory: URL
    public let period: Period
    public let dataset: Dataset
    public let files: [String]
    public let timings: [StageTiming]
    /// Settings used otherwise than given, in the report's language, and
    /// what the run could not check (a store's other catalog version);
    /// `msoko run` prints each as `warning:`.
    public var warnings: [String] = []
}

/// The term pipeline: ingest → validate → analyse → report → write.
public enum PipelineRunner {
    /// Ingest and validation only.
    public static func validate(pipelinePath: String, progress: ProgressReporter? = nil) throws -> ValidationResult {
        progress?.stage("ingest")
        var clock = StageClock()
        let configuration = try PipelineConfiguration.load(path: pipelinePath)
        let catalog = try Catalog.load(path: configuration.resolve(configuration.catalogPath).path,
                                       displayName: configuration.catalogPath)
        clock.lap("configuration")
        let dataset = try CanonicalIngest.load(configuration: configuration, catalog: catalog)
        clock.lap("ingest")
        return ValidationResult(configuration: configuration, catalog: catalog, dataset: dataset, timings: clock.timings)
    }

    /// The whole run. Writes nothing unless everything succeeded.
    public static func run(pipelinePath: String, options: RunOptions = RunOptions()) throws -> RunResult {
        let progress = options.progress
        defer { progress?.finish() }
        let validation = try validate(pipelinePath: pipelinePath, progress: progress)
        var clock = StageClock(previous: validation.timings)
        let configuration = validation.configuration
        let catalog = validation.catalog
        var dataset = validation.dataset
        var stored: Manifest.Store?
        var warnings: [String] = []
        if let storePath = configuration.store {
            // The store's current version of every period is the history; the
            // pipeline's own files still give the schools and this load's rejects.
            let store = try HistoryStore(path: configuration.resolve(storePath).path, create: false)
            let history = try store.current()
            dataset = dataset.replacingHistory(observations: history.observations, surveys: history.surveys,
                                               conflicts: history.conflicts)
            // A load checked against another catalog is used, never silently (docs/contract.md §9).
            stored = Manifest.Store(file: storePath, loads: history.loads, catalogSHA256: try StoredPipeline.catalogVersion(configuration),
                                    catalogPath: configuration.catalogPath)
            warnings += stored?.note.map { [$0] } ?? []
            clock.lap("store")
        }
        let language = options.language ?? configuration.language

        if options.strict, let first = dataset.rejects.first {
            throw PipelineError.strictRejects(count: dataset.rejects.count, first: first)
        }
        guard let outputPath = options.outputDirectory ?? configuration.output.map({ configuration.resolve($0).path }) else {
            throw PipelineError.noOutputFolder
        }
        guard !dataset.schools.isEmpty else { throw PipelineError.noData("no valid school in \(configuration.schoolsPath)") }
        guard let latest = dataset.latestYear else { throw PipelineError.noData("no valid observation") }
        let period = options.period ?? configuration.period ?? latest
        guard dataset.observations.presentPeriods(withValue: true).contains(where: { $0.schoolYear == period.schoolYear }) else {
            throw PipelineError.periodNotPresent(period, available: dataset.periods)
        }

        // Refuse a folder msoko may not replace before doing any work.
        let output = OutputFolder(destination: URL(fileURLWithPath: outputPath), marker: "manifest.json")
        try output.checkReplaceable()

        let (measures, measuresName) = try loadMeasures(configuration: configuration, catalog: catalog)
        progress?.stage("analysis")
        var analysis = try TermAnalysis.run(
            dataset: dataset, catalog: catalog, settings: configuration.analysis,
            measures: measures, period: period, language: language)
        clock.lap("analysis")
        progress?.stage("clusters")
        let clusters = try ClusterStage.run(analysis: analysis, catalog: catalog, settings: configuration.clustering)
        analysis = analysis.comparingWithClusters(clusters, catalog: catalog)
        clock.lap("clusters")
        progress?.stage("report")

        // The tables' workbook is written on a thread of its own while the
        // report is made (with more than one thread); it holds only the
        // tables that get a sheet, and those are let go when it is done.
        let workbook: BackgroundWork
        do {
            let tables: [(name: String, table: Table)] = analysis.takeTables() + [
                ("clusters", clusters.clustersTable),
                ("cluster_profiles", clusters.profilesTable(language: language)),
                ("cluster_criteria", clusters.criteriaTable),
                ("rejects", RejectsTable.make(dataset.rejects)),
                ("source_conflicts", SourceTables.conflicts(dataset.conflicts)),
                ("surveys", SourceTables.surveys(dataset.surveys)),
            ]
            // The tables' CSV is made concurrently (a national run's largest
            // hold millions of rows) and written a piece at a time.
            Parallelism.forEach(tables.count) { index in
                output.add("tables/\(tables[index].name).csv", streaming: { write in try tables[index].table.csvChunks(write) })
            }
            let sheets = TablesWorkbook.sheets(tables: tables, language: language)
            workbook = BackgroundWork(name: "msoko tables.xlsx", onThread: Parallelism.isParallel) {
                output.add("tables.xlsx") { path in try XLSXWriter.write(sheets: sheets, to: URL(fileURLWithPath: path)) }
            }
        }

        let context = ReportContext(
            title: configuration.title[language], language: language, catalog: catalog, dataset: dataset,
            period: period, reportDate: configuration.reportDate ?? ReportContext.dateFromEnvironment(),
            analysis: analysis, clusters: clusters, clustering: configuration.clustering)
        let report = TermReport(context: context)
        output.add("report.md", report.document.markdown())
        output.add("report.html", report.document.html())
        output.add("index.html", report.index.html())
        for chart in report.charts { output.add("charts/\(chart.file)", chart.svg) }
        // The school pages are made and written concurrently, one at a time
        // per thread, so memory does not grow with the number of schools.
        progress?.stage("school pages", total: report.schoolCount, unit: "schools")
        Parallelism.forEach(report.schoolCount) { index in
            let page = report.schoolPage(index)
            output.add("schools/\(page.schoolID).md", page.document.markdown())
            output.add("schools/\(page.schoolID).html", page.document.html())
            for chart in page.charts { output.add("charts/\(chart.file)", chart.svg) }
            progress?.advance()
        }
        workbook.wait()
        clock.lap("report")

        let manifest = Manifest(
            configuration: configuration, pipelinePath: pipelinePath, period: period, language: language,
            dataset: dataset, k: clusters.clusterCount, stages: clock.timings, outputs: output.paths + ["manifest.json"],
            measures: measuresName, store: stored)
        output.add("manifest.json", try manifest.json())
        progress?.stage("writing")
        try output.commit()
        return RunResult(outputDirectory: output.destination, period: period, dataset: dataset,
                         files: output.paths, timings: clock.timings,
                         warnings: warnings + clusters.warnings.map { $0[language] })
    }
}

extension PipelineRunner {
    /// The name the manifest gives msoko's built-in measures.
    public static let builtInMeasuresName = "(built-in)"

    /// The measures of a run and their name for the manifest: the file the
    /// pipeline names (an error when it is missing), else `measures.yaml`
    /// beside the pipeline, else the built-in measures (`BuiltinFiles`),
    /// whose rules for areas and indicators the catalog lacks are ignored.
    static func loadMeasures(configuration: PipelineConfiguration, catalog: Catalog) throws -> (MeasureCatalog, String) {
        if let named = configuration.analysis.measures {
            return (try MeasureCatalog.load(path: configuration.resolve(named).path, displayName: named, catalog: catalog), named)
        }
        let beside = "measures.yaml"
        let path = configuration.resolve(beside).path
        if FileManager.default.fileExists(atPath: path) {
            return (try MeasureCatalog.load(path: path, displayName: beside, catalog: catalog), beside)
        }
        var builtIn = try MeasureCatalog.parse(BuiltinFiles.measuresText, file: builtInMeasuresName, catalog: catalog,
                                               ignoringUnknown: true)
        builtIn.isBuiltIn = true
        return (builtIn, builtInMeasuresName)
    }
}

/// `rejects.csv`: `file,line,column,value,reason`.
public enum RejectsTable {
    public static func make(_ rejects: [RejectedRow]) -> Table {
        Table(columns: ["file", "line", "column", "value", "reason"],
              rows: rejects.map { [$0.file, String($0.line), $0.column, $0.value, $0.reason] })
    }
}

/// The tables of the native sources (docs/contract.md §7.2).
public enum SourceTables {
    /// `source_conflicts.csv`: `school_id,period,indicator,value,source,other_value,other_source`;
    /// `value` and `source` are the used value and its place. Rows go by
    /// period, then in the order read: the history store keeps them with
    /// each period's load, so a run from it lists them the same way.
    public static func conflicts(_ conflicts: [SourceConflict]) -> Table {
        let byPeriod = conflicts.enumerated().sorted { ($0.element.period, $0.offset) < ($1.element.period, $1.offset) }.map(\.element)
        return Table(columns: ["school_id", "period", "indicator", "value", "source", "other_value", "other_source"],
                     rows: byPeriod.map {
                         [$0.schoolID, $0.period.description, $0.indicatorID, Table.number($0.value), $0.source.description,
                          Table.number($0.otherValue), $0.otherSource.description]
                     })
    }

    /// `surveys.csv`: `school_id,period,indicator,respondents,value,low,high,alpha`; below
    /// `minimum_base` only `respondents` is filled.
    public static func surveys(_ figures: [SurveyFigure]) -> Table {
        Table(columns: ["school_id", "period", "indicator", "respondents", "value", "low", "high", "alpha"],
              rows: figures.map {
                  [$0.schoolID, $0.period.description, $0.indicatorID, String($0.respondents), Table.number($0.value),
                   Table.number($0.low), Table.number($0.high), Table.number($0.alpha)]
              })
    }
}

/// Wall-clock lap timer for the manifest's `stages`.
struct StageClock {
    private(set) var timings: [StageTiming]
    private var last = DispatchTime.now()

    init(previous: [StageTiming] = []) { timings = previous }

    mutating func lap(_ name: String) {
        let now = DispatchTime.now()
        timings.append(StageTiming(name: name, seconds: Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9))
        last = now
    }
}
