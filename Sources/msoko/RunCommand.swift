import ArgumentParser
import Foundation
import MsokoLinearAlgebra
import MsokoModel
import MsokoPipeline

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the whole term pipeline and write the report folder.",
        discussion: """
            Ingests and validates the inputs the pipeline file names, normalises the \
            indicators against the approved targets, analyses trends, clusters the \
            schools, ranks deficits, finds best practices, writes targeted \
            recommendations and the report.

            Output (OUT): report.md, report.html, schools/<id>.md, tables/*.csv, \
            manifest.json. Rejected input rows are listed in tables/rejects.csv and \
            the run goes on; with --strict any rejected row stops it. A failed run \
            leaves the previous OUT untouched.
            """)

    @Argument(help: "The pipeline file (YAML), e.g. Pipelines/mosalsk.yaml.")
    var pipeline: String

    @Option(name: .long, help: "Output folder; overrides `output:` in the pipeline file.")
    var out: String?

    @Option(name: .long, help: "The period analysed, 2023/24 or 2023/24-2; default: the pipeline's `period:` or the latest school year present.")
    var period: Period?

    @Option(name: .long, help: "Report language: ru (default) or en; overrides `language:`.")
    var lang: Language?

    @Option(name: .long, help: "Threads for msoko's parallel loops and OpenBLAS (default: MSOKO_THREADS, else every core). Results do not depend on it.")
    var threads: Int?

    @Flag(name: .long, help: "Fail, writing nothing, when any input row is rejected.")
    var strict = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        if let threads {
            Parallelism.setThreadCount(threads)
        } else if ProcessInfo.processInfo.environment["MSOKO_THREADS"] != nil {
            Parallelism.setThreadCount(Parallelism.threadCount)
        }
        let result = try reportingErrors {
            try PipelineRunner.run(
                pipelinePath: pipeline,
                options: RunOptions(outputDirectory: out, period: period, language: lang, strict: strict))
        }
        for warning in result.warnings { printError("warning: \(warning)") }
        let dataset = result.dataset
        print("period \(result.period): \(dataset.schools.count) schools, \(dataset.observations.count) values accepted, \(dataset.rejects.count) rows rejected")
        if !dataset.rejects.isEmpty {
            print("rejected rows: \(result.outputDirectory.path)/tables/rejects.csv")
        }
        print("report: \(result.outputDirectory.path)/report.html")
    }
}
