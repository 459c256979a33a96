import MsokoLinearAlgebra
import MsokoStatistics

/// k-means clustering: the partition of `n` points into `k` groups that
/// (locally) minimises the inertia `Σᵢ ‖xᵢ − c_{label(i)}‖²`.
///
/// The method follows scikit-learn's `KMeans`, parameter by parameter:
///
/// - **Initialisation** (`initialization`): greedy k-means++ (Arthur &
///   Vassilvitskii, "k-means++: the advantages of careful seeding", SODA 2007)
///   with `2 + ⌊ln k⌋` local trials per centre, each trial keeping the
///   candidate that lowers the potential most; or given starting centroids,
///   which run one restart.
/// - **Restarts** (`restarts`): independent runs, each with its own seeded
///   stream (`SeededGenerator.stream(seed:index:)`); the lowest inertia wins,
///   ties to the earliest restart.
/// - **Iterations**: Lloyd's alternation of assignment and mean update. The
///   assignment step of `.lloyd` computes `‖x‖² − 2x·c + ‖c‖²` for blocks of
///   1,024 points with one BLAS `gemm` each, as scikit-learn's
///   `_k_means_lloyd.pyx` does for blocks of 256. The accelerated `.hamerly`
///   variant (G. Hamerly,
///   "Making k-means even faster", SDM 2010) keeps for each point an upper
///   bound on the distance to its centre and a lower bound on the distance to
///   the second closest, moved by the centres' shifts (triangle inequality),
///   and recomputes distances only where the bounds cannot exclude a change;
///   in exact arithmetic it makes the same assignments as Lloyd's. Its
///   cluster sums follow the points that move (re-summed exactly at the
///   end), so a pass reads only the points whose bounds fail.
///   `.automatic` picks Hamerly from 4,096 points on (measured: below that the
///   bookkeeping costs more than the skipped distances), Lloyd below.
/// - **Empty clusters** are re-seeded, as scikit-learn does, with the points
///   farthest from their centres (farthest first), each taken out of its own
///   cluster's sum; a point is taken only from a cluster that keeps at least
///   one other point.
/// - **Convergence**: the labels did not change in an iteration, or the
///   summed squared centre shift is at most `tolerance × mean column
///   variance` (population variance; scikit-learn's `_tolerance`); a
///   tolerance of 0 keeps iterating until no label changes or
///   `maximumIterations`. After a stop that is not a label fixpoint, one more
///   assignment makes the labels those of the returned centroids.
///
/// Numerics: the points are centred on their column means before the run and
/// the centroids moved back afterwards (scikit-learn does the same), which
/// keeps `‖x‖² − 2x·c + ‖c‖²` free of cancellation for data far from the
/// origin. The reported inertia is recomputed from the final labels and
/// centroids with direct differences. Sums over points are taken in fixed
/// chunks reduced in a fixed order, so the result does not depend on the
/// number of threads.
public struct KMeans: Sendable {
    /// How the first centroids of a run are chosen.
    public enum Initialization: Sendable, Equatable {
        /// Greedy k-means++ with `2 + ⌊ln k⌋` local trials.
        case kMeansPlusPlus
        /// These `k × d` centroids; one restart is run.
        case centroids(Matrix)
    }

    /// The iteration scheme; all of them give the same clustering in exact arithmetic.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// Hamerly from 4,096 points on, Lloyd below.
        case automatic
        /// Blocked Lloyd with a BLAS distance kernel.
        case lloyd
        /// Hamerly's bounds (2010).
        case hamerly
    }

    /// `k`, at least 1 and at most the number of points.
    public var clusterCount: Int
    public var initialization: Initialization
    /// Independent k-means++ runs (ignored with given centroids, which run once).
    public var restarts: Int
    /// The largest number of iterations of one run (at least 1).
    public var maximumIterations: Int
    /// Relative tolerance on the squared centre shift (≥ 0), see the type's documentation.
    public var tolerance: Double
    /// The seed of the k-means++ draws.
    public var seed: UInt64
    public var algorithm: Algorithm
    /// Run the restarts or the point chunks on several threads (OpenBLAS set
    /// to one thread meanwhile). The result is the same either way; tests
    /// and callers that are themselves parallel turn it off.
    public var usesConcurrency: Bool

    public init(
        clusterCount: Int,
        initialization: Initialization = .kMeansPlusPlus,
        restarts: Int = 10,
        maximumIterations: Int = 300,
        tolerance: Double = 1e-4,
        seed: UInt64 = 0,
        algorithm: Algorithm = .automatic,
        usesConcurrency: Bool = true
    ) {
        self.clusterCount = clusterCount
        self.initialization = initialization
        self.restarts = restarts
        self.maximumIterations = maximumIterations
        self.tolerance = tolerance
        self.seed = seed
        self.algorithm = algorithm
        self.usesConcurrency = usesConcurrency
    }

    /// The number of points from which `.automatic` uses Hamerly's algorithm.
    public static let hamerlyThreshold = 4_096

    /// Clusters the rows of `points` (`n × d`).
    ///
    /// - Throws: `KMeansError` for an empty matrix, a non-finite element
    ///   (named by 0-based row and column), `k` outside `1…n`, centroids of the
    ///   wrong shape, or invalid parameters. Never traps on user data.
    public func fit(_ points: Matrix) throws -> KMeansResult {
        try validate(rows: points.rows, columns: points.columns)
        if let position = points.firstNonFinite {
            throw KMeansError.nonFinite(row: position.row, column: position.column, value: points[position.row, position.column])
        }
        return try fit(rowMajor: points.transposed.elements, rows: points.rows, columns: points.columns)
    }

    /// Clusters `rows` points of `columns` coordinates given row after row
    /// (`rowMajor[row * columns + column]`), without the copy into a `Matrix`:
    /// the entry point for large tables read from files. Handing over the
    /// only reference to the array (`consume`) lets the points be centred
    /// in place.
    ///
    /// - Throws: as `fit(_:)`.
    public func fit(rowMajor: consuming [Double], rows: Int, columns: Int) throws -> KMeansResult {
        guard rowMajor.count == rows * columns else {
            throw KMeansError.invalidParameter("\(rowMajor.count) values for \(rows) rows × \(columns) columns")
        }
        try validate(rows: rows, columns: columns)
        let problem = try KMeansProblem(rowMajor: rowMajor, rows: rows, columns: columns, concurrent: usesConcurrency)
        return run(problem)
    }

    private func run(_ problem: KMeansProblem) -> KMeansResult {
        let chosen: Algorithm = switch algorithm {
        case .automatic: problem.count >= KMeans.hamerlyThreshold ? .hamerly : .lloyd
        case .lloyd, .hamerly: algorithm
        }
        let absoluteTolerance = tolerance * problem.meanColumnVariance
        let chunked = problem.layout.chunkCount > 1

        var starts: [[Double]] = []
        switch initialization {
        case .centroids(let centroids):
            // Row-major, centred like the points.
            var start = [Double](repeating: 0, count: clusterCount * problem.dimension)
            for cluster in 0..<clusterCount {
                for column in 0..<problem.dimension {
                    start[cluster * problem.dimension + column] = centroids[cluster, column] - problem.columnMeans[column]
                }
            }
            starts = [start]
        case .kMeansPlusPlus:
            starts = []
        }
        let runCount = starts.isEmpty ? restarts : 1
        let concurrent = usesConcurrency

        // Restarts run side by side when one run is not itself chunked.
        let runsConcurrently = concurrent && !chunked && runCount > 1
        let innerConcurrent = concurrent && chunked
        let runs = ResultSlots<RunOutcome>(count: runCount)
        let clusterCount = self.clusterCount
        let maximumIterations = self.maximumIterations
        let seed = self.seed
        let givenStarts = starts
        let body: @Sendable (Int) -> Void = { run in
            let start: [Double]
            if givenStarts.isEmpty {
                var generator = SeededGenerator.stream(seed: seed, index: UInt64(run))
                start = problem.kMeansPlusPlus(clusterCount: clusterCount, generator: &generator)
            } else {
                start = givenStarts[0]
            }
            var engine = KMeansRun(problem: problem, clusterCount: clusterCount, centers: start,
                                   concurrent: innerConcurrent)
            let outcome = engine.iterate(algorithm: chosen, maximumIterations: maximumIterations,
                                         tolerance: absoluteTolerance)
            runs.store(outcome, at: run)
        }
        withSingleThreadedBLAS(concurrent) {
            if runsConcurrently {
                concurrentForEach(runCount, body)
            } else {
                for run in 0..<runCount { body(run) }
            }
        }
        let outcomes = runs.values()
        var best = 0
        for run in 1..<outcomes.count where outcomes[run].inertia < outcomes[best].inertia { best = run }
        let winner = outcomes[best]
        var centroids = Matrix(rows: clusterCount, columns: problem.dimension)
        for cluster in 0..<clusterCount {
            for column in 0..<problem.dimension {
                centroids[cluster, column] = winner.centers[cluster * problem.dimension + column] + problem.columnMeans[column]
            }
        }
        return KMeansResult(labels: winner.labels, centroids: centroids, inertia: winner.inertia,
                            iterations: winner.iterations, converged: winner.converged,
                            restarts: runCount, algorithm: chosen)
    }

    private func validate(rows: Int, columns: Int) throws {
        guard rows > 0, columns > 0 else { throw KMeansError.emptyData(rows: rows, columns: columns) }
        guard clusterCount >= 1, clusterCount <= rows else {
            throw KMeansError.invalidClusterCount(clusterCount, rows: rows)
        }
        // The rules of KMeans+Parameters.swift, shared with `msoko kmeans`.
        if let violation = parameterViolations().first {
            throw KMeansError.invalidParameter(violation.message(naming: violation.parameter.rawValue))
        }
        if case .centroids(let centroids) = initialization {
            guard centroids.rows == clusterCount, centroids.columns == columns else {
                throw KMeansError.initialCentroidsShape(expectedRows: clusterCount, expectedColumns: columns,
                                                        rows: centroids.rows, columns: centroids.columns)
            }
            if let position = centroids.firstNonFinite {
                throw KMeansError.nonFiniteCentroid(row: position.row, column: position.column)
            }
        }
    }
}

/// The outcome of `KMeans.fit`: values, as scikit-learn's fitted attributes.
public struct KMeansResult: Sendable, Equatable {
    /// The 0-based cluster of each point, in input order (`labels_`).
    public let labels: [Int]
    /// `k × d` centroids in the input's space (`cluster_centers_`).
    public let centroids: Matrix
    /// `Σᵢ ‖xᵢ − c_{label(i)}‖²` of the best run (`inertia_`).
    public let inertia: Double
    /// Iterations of the best run (`n_iter_`).
    public let iterations: Int
    /// Whether the best run stopped by convergence rather than by `maximumIterations`.
    public let converged: Bool
    /// The number of runs made.
    public let restarts: Int
    /// The iteration scheme used (never `.automatic`).
    public let algorithm: KMeans.Algorithm

    /// Number of points in each cluster.
    public var clusterSizes: [Int] {
        var sizes = [Int](repeating: 0, count: centroids.rows)
        for label in labels { sizes[label] += 1 }
        return sizes
    }
}

/// Why k-means could not run. Positions are 0-based.
public enum KMeansError: Error, Equatable, CustomStringConvertible {
    case emptyData(rows: Int, columns: Int)
    case nonFinite(row: Int, column: Int, value: Double)
    case invalidClusterCount(Int, rows: Int)
    case initialCentroidsShape(expectedRows: Int, expectedColumns: Int, rows: Int, columns: Int)
    case nonFiniteCentroid(row: Int, column: Int)
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .emptyData(let rows, let columns):
            return "no data to cluster (\(rows) rows × \(columns) numeric columns)"
        case .nonFinite(let row, let column, let value):
            return "non-finite value \(value) at row \(row + 1), column \(column + 1)"
        case .invalidClusterCount(let k, let rows):
            return k < 1 ? "k must be at least 1, got \(k)"
                : "k = \(k) is larger than the number of rows (\(rows)); choose k ≤ \(rows)"
        case .initialCentroidsShape(let expectedRows, let expectedColumns, let rows, let columns):
            return "initial centroids must be \(expectedRows) rows × \(expectedColumns) columns (k × features), got \(rows) × \(columns)"
        case .nonFiniteCentroid(let row, let column):
            return "initial centroid \(row + 1), column \(column + 1) is not a finite number"
        case .invalidParameter(let message):
            return message
        }
    }
}
