import ArgumentParser
import Foundation
import MsokoClustering
import MsokoIngest

struct PCACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pca",
        abstract: "Principal components of any numeric table; JSON on stdout.",
        discussion: """
            FILE.csv has a header; its first column is an identifier and every other \
            column is numeric. The components come from the SVD of the centred data \
            (as scikit-learn's PCA): explained variance divides by n − 1, the ratio is \
            over the total variance, and each component's largest-magnitude loading \
            is positive. Prints {"explained_variance", "explained_variance_ratio", \
            "components" (loadings, one array per component), "scores" (one array per row)}.
            """)

    @Argument(help: "The table to analyse (CSV: header, identifier column, numeric columns).")
    var file: String

    @Option(help: "Components to keep (default: all, min(rows, columns)).")
    var components: Int?

    @Flag(help: "z-score every column (mean 0, population sd 1) first; a constant column stays 0 (with a warning).")
    var standardize = false

    func validate() throws {
        if let components, components < 1 { throw ValidationError("--components must be at least 1, got \(components)") }
    }

    func run() throws {
        let (analysis, warnings) = try reportingErrors { try analyse() }
        for warning in warnings { printError("warning: \(warning)") }
        FileHandle.standardOutput.write(Data(analysis.json()))
    }

    /// Reads the table and analyses it; the terminal is left to `run`.
    func analyse() throws -> (PrincipalComponents, warnings: [String]) {
        let table = try NumericTable.read(path: file, keepsIdentifiers: false)
        var data = table.values
        var warnings: [String] = []
        if standardize {
            let result = Standardization(data)
            for column in result.constantColumns {
                warnings.append("column \(column + 2) (`\(table.columnNames[column])`) of \(file) is constant; it stays 0 after --standardize")
            }
            data = result.standardized
        }
        do {
            return (try PrincipalComponents(data, componentCount: components), warnings)
        } catch let error as PrincipalComponentsError {
            throw IngestError(file: file, "\(error)")
        }
    }
}
