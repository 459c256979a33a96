import ArgumentParser
import MsokoModel
import MsokoPipeline

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Ingest and validate the inputs only; print the data-quality summary.",
        discussion: """
            Reads the catalog, schools and observations the pipeline file names and \
            checks every row. Prints rows read, accepted and rejected per file, and \
            each rejected row as FILE:LINE column COLUMN: REASON. Exit status 1 when \
            any row is rejected (or a file cannot be read), 0 otherwise. Writes nothing.
            """)

    @Argument(help: "The pipeline file (YAML).")
    var pipeline: String

    func run() throws {
        let result = try reportingErrors { try PipelineRunner.validate(pipelinePath: pipeline) }
        let dataset = result.dataset
        print("catalog: \(result.catalog.areas.count) areas, \(result.catalog.indicators.count) indicators")
        for input in dataset.inputs {
            print("\(input.path): \(input.rowsRead) rows read, \(input.rowsAccepted) accepted, \(input.rowsRejected) rejected")
        }
        for reject in dataset.rejects {
            let column = reject.column.isEmpty ? "" : " column \(reject.column)"
            printError("\(reject.file):\(reject.line)\(column): \(reject.reason)" + (reject.value.isEmpty ? "" : " [\(reject.value)]"))
        }
        if !dataset.rejects.isEmpty {
            printError("error: \(dataset.rejects.count) row(s) rejected")
            throw ExitCode.failure
        }
        print("all rows valid")
    }
}
