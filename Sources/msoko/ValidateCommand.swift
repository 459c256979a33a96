import Foundation
import ArgumentParser
import MsokoModel
import MsokoPipeline

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Ingest and validate the inputs only; print the data-quality summary.",
        discussion: """
            Reads the catalog, schools, observations and native sources the pipeline \
            file names and checks every row. Prints rows read, used, rejected and \
            skipped (by reason) per table, a summary per source (files, rows, values, \
            codes not in the catalog, answers outside a survey's scale, schools below \
            the minimum number of respondents), and \
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
            let skipped = input.skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            print("\(input.path): \(input.rowsRead) rows read, \(input.rowsAccepted) used, \(input.rowsRejected) rejected, "
                  + "\(input.rowsSkipped) skipped" + (skipped.isEmpty ? "" : " (\(skipped.joined(separator: "; ")))"))
        }
        for source in dataset.sources {
            var line = "source \(source.kind) [\(source.files.joined(separator: ", "))]: \(source.filesRead) file(s), "
                + "\(source.rowsRead) rows, \(source.values) values, \(source.rejects) rejected"
            if !source.unknownCodes.isEmpty { line += "; codes not in the catalog: \(source.unknownCodes.joined(separator: ", "))" }
            if !source.outsideScale.isEmpty {
                line += "; answers outside the scale: " + source.outsideScale.sorted { $0.key < $1.key }
                    .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
            if !source.quotedTexts.isEmpty {
                line += "; frequent texts outside the scale: " + source.quotedTexts.sorted { $0.key < $1.key }
                    .map { "«\($0.key)» \($0.value)" }.joined(separator: ", ")
            }
            if !source.belowMinimumBase.isEmpty {
                line += "; schools below the minimum number of respondents (no figure): \(source.belowMinimumBase.joined(separator: ", "))"
            }
            print(line)
            for note in source.notes { print("  note: \(note)") }
        }
        if !dataset.conflicts.isEmpty {
            print("\(dataset.conflicts.count) value(s) given again by a later source: the first is used (tables/source_conflicts.csv)")
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
