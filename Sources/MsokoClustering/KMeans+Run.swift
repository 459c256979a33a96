import Foundation
import MsokoLinearAlgebra
import MsokoStatistics

/// What one run returns.
struct RunOutcome: Sendable {
    let labels: [Int]
    let centers: [Double]
    let inertia: Double
    let iterations: Int
    let converged: Bool
}

/// The state of one k-means run over a shared `KMeansProblem`.
struct KMeansRun {
    let problem: KMeansProblem
    let clusterCount: Int
    let concurrent: Bool
    /// `k × d`, row-major, centred space.
    var centers: [Double]
    var labels: [Int]
    /// Hamerly's bounds: distance to the own centre (upper) and to the second closest (lower).
    var upperBounds: [Double] = []
    var lowerBounds: [Double] = []
    /// Per-chunk partial sums (`chunk × k × d`), counts (`chunk × k`) and label changes.
    var partialSums: [Double]
    var partialCounts: [Int]
    var partialChanges: [Int]
    /// Hamerly's running cluster sums (`k × d`) and sizes, updated by the
    /// points that change cluster; `pendingChanges` counts the relabelling of
    /// re-seeded points, reported with the next pass as Lloyd would see it.
    var runningSums: [Double] = []
    var runningCounts: [Int] = []
    var pendingChanges = 0
    /// Hamerly's bounds are stored relative to the centres' cumulative
    /// shifts, so that a point whose bounds hold is only read, never written:
    /// the true upper bound is `upperBounds[i] + cumulativeShift[label]`, the
    /// true lower bound `lowerBounds[i] − cumulativeMaximumShift`.
    var cumulativeShift: [Double] = []
    var cumulativeMaximumShift = 0.0

    /// Points per `gemm` in the full assignment passes (Lloyd, Hamerly's
    /// first): 1,024 × k products stay in L2; measured on the 500,000 × 20,
    /// k = 10 benchmark, 1,024 takes 20 % less time than scikit-learn's 256.
    static let blockSize = 1024
    /// Points per block of Hamerly's later passes, whose failing points are
    /// gathered for one gemm.
    static let hamerlyBlockSize = 256
    /// From this many points of a block whose bounds fail, Hamerly's pass
    /// measures them with one gemm rather than point by point (measured on
    /// the 500,000 × 20 benchmark: below it the gather and call cost more).
    static let batchThreshold = 24

    init(problem: KMeansProblem, clusterCount: Int, centers: [Double], concurrent: Bool) {
        self.problem = problem
        self.clusterCount = clusterCount
        self.concurrent = concurrent
        self.centers = centers
        self.labels = [Int](repeating: -1, count: problem.count)
        let chunks = problem.layout.chunkCount
        partialSums = [Double](repeating: 0, count: chunks * clusterCount * problem.dimension)
        partialCounts = [Int](repeating: 0, count: chunks * clusterCount)
        partialChanges = [Int](repeating: 0, count: chunks)
    }

    /// Lloyd or Hamerly iterations until a label fixpoint, the tolerance, or the limit.
    mutating func iterate(algorithm: KMeans.Algorithm, maximumIterations: Int, tolerance: Double) -> RunOutcome {
        let dimension = problem.dimension
        var iterations = 0
        var strictlyConverged = false
        var converged = false
        var shifts = [Double](repeating: 0, count: clusterCount)
        let hamerly = algorithm == .hamerly
        for iteration in 1...maximumIterations {
            let changes: Int
            if hamerly {
                changes = iteration == 1 ? initialHamerlyAssignment() : hamerlyAssignment()
            } else {
                changes = lloydAssignment(accumulate: true)
            }
            let previous = centers
            if hamerly { updateCentersIncrementally(initial: iteration == 1) } else { updateCenters() }
            var totalShift = 0.0
            for cluster in 0..<clusterCount {
                var shift = 0.0
                for column in 0..<dimension {
                    let difference = centers[cluster * dimension + column] - previous[cluster * dimension + column]
                    shift += difference * difference
                }
                totalShift += shift
                shifts[cluster] = shift.squareRoot()
            }
            if hamerly { accumulateShifts(shifts) }
            iterations = iteration
            if changes == 0 {
                strictlyConverged = true
                converged = true
                break
            }
            if tolerance > 0 && totalShift <= tolerance {
                converged = true
                break
            }
        }
        if hamerly {
            // The running sums carry rounding from many small updates: replace
            // the centres by the exact means of their labels, and widen the
            // bounds by that correction as by any shift (triangle inequality).
            let drifted = centers
            exactMeans()
            for cluster in 0..<clusterCount {
                var correction = 0.0
                for column in 0..<dimension {
                    let difference = centers[cluster * dimension + column] - drifted[cluster * dimension + column]
                    correction += difference * difference
                }
                shifts[cluster] = correction.squareRoot()
            }
            accumulateShifts(shifts)
        }
        if !strictlyConverged {
            // Make the labels those of the returned centres (scikit-learn does the same).
            if hamerly { _ = hamerlyAssignment() } else { _ = lloydAssignment(accumulate: false) }
        }
        return RunOutcome(labels: labels, centers: centers, inertia: inertia(), iterations: iterations, converged: converged)
    }

    /// Adds the centres' last shifts to the cumulative ones Hamerly's bounds are relative to.
    mutating func accumulateShifts(_ shifts: [Double]) {
        if cumulativeShift.count != clusterCount { cumulativeShift = [Double](repeating: 0, count: clusterCount) }
        for cluster in 0..<clusterCount { cumulativeShift[cluster] += shifts[cluster] }
        cumulativeMaximumShift += shifts.max() ?? 0
    }

    // MARK: Memory access

    /// The raw storage a pass works on; each chunk writes only its own part.
    struct Workspace {
        let points: SharedPointer<UnsafePointer<Double>>
        let centers: SharedPointer<UnsafePointer<Double>>
        let labels: SharedPointer<UnsafeMutablePointer<Int>>
        let sums: SharedPointer<UnsafeMutablePointer<Double>>
        let counts: SharedPointer<UnsafeMutablePointer<Int>>
        let changes: SharedPointer<UnsafeMutablePointer<Int>>
        /// Hamerly's bounds (`nil` for Lloyd).
        let upper: SharedPointer<UnsafeMutablePointer<Double>>?
        let lower: SharedPointer<UnsafeMutablePointer<Double>>?
    }

    /// Lends the storage to `body` (moved out of `self` for the duration, so
    /// no copy is made) and returns the summed label changes.
    mutating func withWorkspace(_ body: (Workspace) -> Void) -> Int {
        var labels: [Int] = [], sums: [Double] = [], counts: [Int] = [], changes: [Int] = []
        var upper: [Double] = [], lower: [Double] = []
        swap(&labels, &self.labels); swap(&sums, &partialSums); swap(&counts, &partialCounts)
        swap(&changes, &partialChanges); swap(&upper, &upperBounds); swap(&lower, &lowerBounds)
        let centerCopy = centers
        problem.points.withUnsafeBufferPointer { pointBuffer in
            centerCopy.withUnsafeBufferPointer { centerBuffer in
                labels.withUnsafeMutableBufferPointer { labelBuffer in
                    sums.withUnsafeMutableBufferPointer { sumBuffer in
                        counts.withUnsafeMutableBufferPointer { countBuffer in
                            changes.withUnsafeMutableBufferPointer { changeBuffer in
                                upper.withUnsafeMutableBufferPointer { upperBuffer in
                                    lower.withUnsafeMutableBufferPointer { lowerBuffer in
                                        body(Workspace(
                                            points: SharedPointer(pointBuffer.baseAddress!),
                                            centers: SharedPointer(centerBuffer.baseAddress!),
                                            labels: SharedPointer(labelBuffer.baseAddress!),
                                            sums: SharedPointer(sumBuffer.baseAddress!),
                                            counts: SharedPointer(countBuffer.baseAddress!),
                                            changes: SharedPointer(changeBuffer.baseAddress!),
                                            upper: upperBuffer.baseAddress.map { SharedPointer($0) },
                                            lower: lowerBuffer.baseAddress.map { SharedPointer($0) }))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        swap(&labels, &self.labels); swap(&sums, &partialSums); swap(&counts, &partialCounts)
        swap(&changes, &partialChanges); swap(&upper, &upperBounds); swap(&lower, &lowerBounds)
        return partialChanges.reduce(0, +)
    }
}
