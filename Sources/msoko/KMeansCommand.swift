import ArgumentParser
import Foundation
import MsokoClustering
import MsokoIngest
import MsokoLinearAlgebra

struct KMeansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmeans",
        abstract: "k-means clustering of any numeric table; JSON on stdout.",
        discussion: """
            FILE.csv has a header; its first column is an identifier and every other \
            column is numeric (dot decimals; no empty cells, NA, NaN or infinity). \
            The first bad cell is reported with its line and column.

            Prints {"k", "labels" (0-based, in input order), "centroids", "inertia", \
            "iterations", "restarts", "converged", "algorithm"}. Starting centres come \
            from greedy k-means++ (Arthur & Vassilvitskii 2007), the best of --restarts \
            runs is kept; the iterations use a BLAS distance kernel (Lloyd) or Hamerly's \
            bounds (2010) from 4,096 rows on. The same seed gives the same output.
            """)

    @Argument(help: "The table to cluster (CSV: header, identifier column, numeric columns).")
    var file: String

    @Option(name: .customLong("k"), help: "The number of clusters, from 1 to the number of rows.")
    var clusterCount: Int

    @Option(help: "Seed of the k-means++ draws (any non-negative integer).")
    var seed: UInt64 = 0

    @Option(help: """
        Independent k-means++ runs; the lowest inertia wins (default: 10). Ignored \
        with --init: more than 1 then gives a warning.
        """)
    var restarts: Int?

    /// Runs without `--restarts` (scikit-learn's former `n_init` default).
    static let defaultRestarts = 10

    @Option(name: .customLong("max-iter"), help: "The largest number of iterations of one run.")
    var maximumIterations: Int = 300

    @Option(name: .customLong("tol"), help: """
        Stop when the summed squared centre shift is at most TOL × the mean column \
        variance (scikit-learn's rule); 0 = until no label changes or --max-iter.
        """)
    var tolerance: Double = 1e-4

    @Option(name: .customLong("init"), help: ArgumentHelp("""
        Starting centroids: a CSV with a header and the table's numeric columns (no \
        identifier column), one row per cluster; runs one restart from them. With \
        --standardize they are given in the table's units and standardised alike.
        """, valueName: "CENTROIDS.csv"))
    var initialCentroids: String?

    @Flag(help: """
        z-score every column (mean 0, population sd 1) first; results are in that \
        space. A constant column stays 0 (a warning names it).
        """)
    var standardize = false

    @Option(help: "Iteration scheme: automatic (Hamerly from 4,096 rows on), lloyd or hamerly.")
    var algorithm: KMeans.Algorithm = .automatic

    @Flag(help: "Print the seconds spent reading, clustering and writing the JSON on stderr (for benchmarks).")
    var timing = false

    /// The option that sets each k-means parameter.
    static let optionNames: [KMeans.Parameter: String] = [
        .clusterCount: "--k", .restarts: "--restarts", .maximumIterations: "--max-iter", .tolerance: "--tol",
    ]

    /// Checks the options against the library's own rules (`KMeans.parameterConstraints`)
    /// before any file is read; ArgumentParser prints the message with the usage line.
    func validate() throws {
        let problems = model(initialization: .kMeansPlusPlus).parameterViolations().map { violation in
            violation.message(naming: Self.optionNames[violation.parameter] ?? violation.parameter.rawValue)
        }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    }

    /// The k-means model the options describe.
    func model(initialization: KMeans.Initialization) -> KMeans {
        KMeans(clusterCount: clusterCount, initialization: initialization, restarts: restarts ?? Self.defaultRestarts,
               maximumIterations: maximumIterations, tolerance: tolerance, seed: seed, algorithm: algorithm)
    }

    func run() throws {
        let outcome = try reportingErrors { try analyse() }
        for warning in outcome.warnings { printError("warning: \(warning)") }
        let clock = ContinuousClock()
        let writeStart = clock.now
        FileHandle.standardOutput.write(Data(outcome.result.json()))
        if timing {
            let seconds = { (duration: Duration) in Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18 }
            printError("{\"read_seconds\":\(seconds(outcome.readTime)),\"fit_seconds\":\(seconds(outcome.fitTime)),\"write_seconds\":\(seconds(clock.now - writeStart))}")
        }
    }

    /// What `run` prints: the fit, the warnings, and the time spent reading and fitting.
    struct Outcome {
        let result: KMeansResult
        let warnings: [String]
        let readTime: Duration
        let fitTime: Duration
    }

    /// Reads the inputs and clusters; the terminal is left to `run`.
    func analyse() throws -> Outcome {
        let clock = ContinuousClock()
        let readStart = clock.now
        var warnings: [String] = []
        let table = try NumericTable.read(path: file, keepsIdentifiers: false)
        guard clusterCount <= table.rowCount else {
            throw IngestError(file: file, "--k \(clusterCount) is larger than the number of rows (\(table.rowCount)); choose k ≤ \(table.rowCount)")
        }
        var initialization = KMeans.Initialization.kMeansPlusPlus
        var standardization: Standardization?
        if standardize {
            let result = Standardization(table.values)
            for column in result.constantColumns {
                warnings.append("column \(column + 2) (`\(table.columnNames[column])`) of \(file) is constant; it stays 0 after --standardize")
            }
            standardization = result
        }
        if let initialCentroids {
            initialization = .centroids(try readCentroids(initialCentroids, table: table, standardization: standardization, warnings: &warnings))
            // As scikit-learn warns when an explicit init meets n_init > 1.
            if let restarts, restarts > 1 {
                warnings.append("--restarts \(restarts) is ignored with --init: one run starts from the centroids of \(initialCentroids)")
            }
        }
        let readTime = clock.now - readStart
        let fitStart = clock.now
        let model = model(initialization: initialization)
        let result: KMeansResult
        if let standardization {
            result = try model.fit(standardization.standardized)
        } else {
            let rows = table.rowCount, columns = table.columnNames.count
            result = try model.fit(rowMajor: table.takeRowMajorValues(), rows: rows, columns: columns)
        }
        // As scikit-learn's ConvergenceWarning: duplicate rows can leave clusters empty.
        let distinct = Set(result.labels).count
        if distinct < clusterCount {
            warnings.append("\(distinct) distinct clusters found, fewer than --k \(clusterCount) (possibly duplicate rows in \(file))")
        }
        return Outcome(result: result, warnings: warnings, readTime: readTime, fitTime: clock.now - fitStart)
    }

    /// The `--init` table: k rows × the data's numeric columns, no identifier.
    private func readCentroids(_ path: String, table: NumericTable, standardization: Standardization?,
                               warnings: inout [String]) throws -> Matrix {
        let centroids = try NumericTable.read(path: path, hasIdentifierColumn: false)
        guard centroids.rowCount == clusterCount, centroids.columnNames.count == table.columnNames.count else {
            throw IngestError(file: path, """
                the starting centroids must be \(clusterCount) rows (--k) × \(table.columnNames.count) columns \
                (the numeric columns of \(file)), got \(centroids.rowCount) × \(centroids.columnNames.count)
                """)
        }
        if centroids.columnNames != table.columnNames {
            warnings.append("the columns of \(path) are named differently from those of \(file); they are matched by position")
        }
        var matrix = centroids.values
        if let standardization {
            for column in 0..<matrix.columns {
                let deviation = standardization.standardDeviations[column]
                for row in 0..<matrix.rows {
                    matrix[row, column] = deviation > 0 ? (matrix[row, column] - standardization.means[column]) / deviation : 0
                }
            }
        }
        return matrix
    }
}

extension KMeans.Algorithm: ExpressibleByArgument {}
