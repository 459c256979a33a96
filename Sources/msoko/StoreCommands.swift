import ArgumentParser
import Foundation
import MsokoModel
import MsokoStore

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load what the pipeline's files and sources hold into its history store.",
        discussion: """
            Reads everything the pipeline names (schools, observations, sources), as \
            `msoko validate` does, and stores the observations of --period (every \
            period present by default) in the file named by the pipeline's `store:` \
            key, in one transaction. A period whose values and files equal its \
            current version is left alone ("nothing changed"); any other period gets \
            a new version, the earlier one kept with its files, hashes and load time. \
            A second ingest waits up to --wait seconds for the first, then fails.
            """)

    @Argument(help: "The pipeline file (YAML); it must name `store: FILE`.")
    var pipeline: String

    @Option(name: .long, help: "Store only this period (2023/24 or 2023/24-2); default: every period present.")
    var period: Period?

    @Option(name: .long, help: "Seconds to wait for another ingest to finish (default 10).")
    var wait: Double = 10

    func validate() throws {
        guard wait >= 0, wait.isFinite else { throw ValidationError("--wait must be a number of seconds ≥ 0") }
    }

    func run() throws {
        let (result, dataset) = try reportingErrors {
            try StoredPipeline.ingest(pipelinePath: pipeline, period: period, busyTimeout: wait) { count in
                // Straight to the file descriptor: a pipe's buffered output would
                // arrive only at exit, and this line says the writing begins.
                FileHandle.standardOutput.write(Data("storing \(count) values…\n".utf8))
            }
        }
        for load in result.periods {
            switch load.change {
            case .added: print("\(load.period): version \(load.version), \(load.rows) values (new period)")
            case .replaced(let previous):
                print("\(load.period): version \(load.version), \(load.rows) values (replaces version \(previous), kept as history)")
            case .unchanged: print("\(load.period): nothing changed (version \(load.version): same values from the same files)")
            }
        }
        if !dataset.rejects.isEmpty {
            print("\(dataset.rejects.count) row(s) rejected and not stored (see `msoko validate`)")
        }
        if result.nothingChanged { print("nothing changed: the store already holds these files") }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the periods of the history store with every version, its files and hashes.",
        discussion: """
            One line per version of each period: the version, `current` or \
            `superseded`, the load time, the number of values and the digest of \
            the values; then one line per file with its SHA-256 and the values it gave. \
            With --verify it also reads every current version back, recomputes its \
            digest and runs SQLite's integrity check; exit status 1 on any mismatch.
            """)

    @Argument(help: "The pipeline file (YAML); it must name `store: FILE`.")
    var pipeline: String

    @Flag(name: .long, help: "Read every current version back and check it against its digest.")
    var verify = false

    func run() throws {
        let store = try reportingErrors {
            let configuration = try PipelineConfiguration.load(path: pipeline)
            return try HistoryStore(path: try StoredPipeline.storePath(configuration), create: false)
        }
        let loads = try reportingErrors { try store.history() }
        if loads.isEmpty { print("the store holds no period yet") }
        for load in loads {
            print("\(load.period) version \(load.version) \(load.current ? "current" : "superseded"): loaded \(load.loadedAt), "
                  + "\(load.rows) values, digest \(load.digest), catalog \(load.catalogSHA256)")
            for file in load.files { print("  \(file.path) sha256 \(file.sha256) \(file.rows) values") }
        }
        guard verify else { return }
        let started = Date()
        let result = try reportingErrors { try store.verify() }
        let read = Date()
        let check = try reportingErrors { try store.integrityCheck() }
        printError(String(format: "timing: read back %.2f s (processor %.2f s), digests %.2f s, integrity check %.2f s",
                          result.readSeconds, result.readCPUSeconds,
                          read.timeIntervalSince(started) - result.readSeconds, Date().timeIntervalSince(read)))
        print("verified: \(result.periods) current version(s), \(result.values) values read back; integrity check: \(check.joined(separator: "; "))")
        if check != ["ok"] || !result.mismatched.isEmpty {
            printError("error: the values of \(result.mismatched.map(\.description).joined(separator: ", ")) differ from their digests")
            throw ExitCode.failure
        }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the store's current values as canonical schools.csv, observations.csv, surveys.csv and source_conflicts.csv.",
        discussion: """
            Writes schools.csv and observations.csv (docs/contract.md §2, with the \
            `source` column giving each value's original place) and surveys.csv (the \
            survey figures with their t-intervals, read back through `surveys:`) and \
            source_conflicts.csv (read back through `conflicts:`) for the periods \
            from --from to --to (all by default) into --out, which is created if \
            missing. A pipeline naming these files, ingested into an empty store, \
            gives the same run.
            """)

    @Argument(help: "The pipeline file (YAML); it must name `store: FILE`.")
    var pipeline: String

    @Option(name: .long, help: "The first period exported (default: the earliest).")
    var from: Period?

    @Option(name: .long, help: "The last period exported (default: the latest).")
    var to: Period?

    @Option(name: .long, help: "The output folder.")
    var out: String

    func validate() throws {
        if let from, let to, to < from { throw ValidationError("--from \(from) is after --to \(to)") }
    }

    func run() throws {
        let result = try reportingErrors {
            let configuration = try PipelineConfiguration.load(path: pipeline)
            let store = try HistoryStore(path: try StoredPipeline.storePath(configuration), create: false)
            let directory = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try StoredPipeline.export(store: store, from: from, to: to, directory: directory)
        }
        print("\(result.schools) schools, \(result.observations) values, \(result.surveys) survey figures, "
              + "\(result.conflicts) source conflicts of \(result.periods.count) period(s) written to \(out)")
    }
}
