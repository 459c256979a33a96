import Foundation
import MsokoLinearAlgebra
import MsokoStatistics

/// The points of one k-means problem, prepared once and shared read-only by
/// every restart: centred on the column means, stored row-major (a point's
/// coordinates are contiguous, so a block of points is one BLAS operand),
/// with their squared norms.
final class KMeansProblem: Sendable {
    let count: Int
    let dimension: Int
    let points: [Double]
    let squaredNorms: [Double]
    let columnMeans: [Double]
    /// The mean of the population variances of the columns (scikit-learn's `_tolerance` scale).
    let meanColumnVariance: Double
    let layout: ChunkLayout

    /// Prepares `rows × columns` points given row after row, in two passes
    /// over fixed chunks (concurrently when asked): column sums, then the
    /// centred copy with squared norms and column sums of squares; partial
    /// sums are reduced in chunk order.
    ///
    /// - Throws: `KMeansError.nonFinite` naming the first NaN or ±Inf.
    /// The values are centred in place when the array is uniquely referenced
    /// (no 80 MB copy for a large table handed over by its reader).
    init(rowMajor values: consuming [Double], rows: Int, columns: Int, concurrent: Bool) throws {
        var storage = values
        count = rows
        dimension = columns
        let layout = ChunkLayout(count: rows)
        self.layout = layout
        let chunks = layout.chunkCount
        var partial = [Double](repeating: 0, count: chunks * columns)
        var firstBad = [Int](repeating: -1, count: chunks)
        storage.withUnsafeBufferPointer { source in
        let input = SharedConstantPointer(source.baseAddress!)
        partial.withUnsafeMutableBufferPointer { partialBuffer in
            firstBad.withUnsafeMutableBufferPointer { badBuffer in
                let sums = SharedPointer(partialBuffer.baseAddress!), bad = SharedPointer(badBuffer.baseAddress!)
                forEachIndex(chunks, concurrent: concurrent) { chunk in
                    let target = sums.base + chunk * columns
                    for row in layout.range(chunk) {
                        let line = input.base + row * columns
                        for column in 0..<columns { target[column] += line[column] }
                    }
                    // NaN or ±Inf anywhere makes the sums non-finite: then find the first one.
                    if (0..<columns).contains(where: { !target[$0].isFinite }) {
                        let range = layout.range(chunk)
                        if let index = (range.lowerBound * columns..<range.upperBound * columns).first(where: { !input.base[$0].isFinite }) {
                            bad.base[chunk] = index
                        }
                    }
                }
            }
        }
        }
        if let index = firstBad.first(where: { $0 >= 0 }) {
            throw KMeansError.nonFinite(row: index / columns, column: index % columns, value: storage[index])
        }
        var means = [Double](repeating: 0, count: columns)
        for chunk in 0..<chunks {
            for column in 0..<columns { means[column] += partial[chunk * columns + column] }
        }
        for column in 0..<columns { means[column] /= Double(rows) }
        let meanValues = means
        var squares = [Double](repeating: 0, count: chunks * columns)
        var norms = [Double](repeating: 0, count: rows)
        storage.withUnsafeMutableBufferPointer { buffer in
            let target = SharedPointer(buffer.baseAddress!)
            squares.withUnsafeMutableBufferPointer { squareBuffer in
                norms.withUnsafeMutableBufferPointer { normBuffer in
                    let squareSums = SharedPointer(squareBuffer.baseAddress!), normValues = SharedPointer(normBuffer.baseAddress!)
                    forEachIndex(chunks, concurrent: concurrent) { chunk in
                        let chunkSquares = squareSums.base + chunk * columns
                        for row in layout.range(chunk) {
                            let output = target.base + row * columns
                            var norm = 0.0
                            for column in 0..<columns {
                                let deviation = output[column] - meanValues[column]
                                output[column] = deviation
                                chunkSquares[column] += deviation * deviation
                                norm += deviation * deviation
                            }
                            normValues.base[row] = norm
                        }
                    }
                }
            }
        }
        var variances = [Double](repeating: 0, count: columns)
        for chunk in 0..<chunks {
            for column in 0..<columns { variances[column] += squares[chunk * columns + column] }
        }
        columnMeans = means
        meanColumnVariance = variances.reduce(0) { $0 + $1 / Double(rows) } / Double(columns)
        points = storage
        squaredNorms = norms
    }

    /// Greedy k-means++ (Arthur & Vassilvitskii 2007; scikit-learn's
    /// `_kmeans_plusplus`): the first centre is a uniformly drawn point; each
    /// further centre is the best of `2 + ⌊ln k⌋` candidates drawn with
    /// probability proportional to the squared distance to the nearest
    /// chosen centre, "best" meaning the lowest resulting potential
    /// `Σ min(D², d²(x, candidate))`. Returns row-major centred centres.
    func kMeansPlusPlus(clusterCount: Int, generator: inout SeededGenerator) -> [Double] {
        let trials = 2 + Int(log(Double(clusterCount)))
        var centers = [Double](repeating: 0, count: clusterCount * dimension)
        var closest = [Double](repeating: 0, count: count)
        var cumulative = [Double](repeating: 0, count: count)
        var trialDistances = [Double](repeating: 0, count: count)
        var bestDistances = [Double](repeating: 0, count: count)
        let dimension = self.dimension, count = self.count
        points.withUnsafeBufferPointer { pointBuffer in
            let base = pointBuffer.baseAddress!
            let first = generator.nextInt(below: count)
            for column in 0..<dimension { centers[column] = base[first * dimension + column] }
            var potential = 0.0
            for point in 0..<count {
                closest[point] = squaredDistance(base + point * dimension, base + first * dimension, dimension)
                potential += closest[point]
            }
            guard clusterCount > 1 else { return }
            for center in 1..<clusterCount {
                var running = 0.0
                for point in 0..<count {
                    running += closest[point]
                    cumulative[point] = running
                }
                var bestCandidate = -1
                var bestPotential = Double.infinity
                for _ in 0..<trials {
                    let target = generator.nextDouble() * potential
                    // The first index whose cumulative sum reaches the target (numpy's searchsorted, left).
                    var low = 0, high = count - 1
                    while low < high {
                        let middle = (low + high) / 2
                        if cumulative[middle] < target { low = middle + 1 } else { high = middle }
                    }
                    let candidate = low
                    var candidatePotential = 0.0
                    let candidatePoint = base + candidate * dimension
                    for point in 0..<count {
                        let distance = min(closest[point], squaredDistance(base + point * dimension, candidatePoint, dimension))
                        trialDistances[point] = distance
                        candidatePotential += distance
                    }
                    if candidatePotential < bestPotential {
                        bestPotential = candidatePotential
                        bestCandidate = candidate
                        swap(&trialDistances, &bestDistances)
                    }
                }
                for column in 0..<dimension { centers[center * dimension + column] = base[bestCandidate * dimension + column] }
                swap(&closest, &bestDistances)
                potential = bestPotential
            }
        }
        return centers
    }
}

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

    // MARK: Lloyd

    /// ‖c‖² of every centre, for the distances ‖x‖² − 2x·c + ‖c‖².
    func centerSquaredNorms() -> [Double] {
        let dimension = problem.dimension
        return (0..<clusterCount).map { cluster in
            var sum = 0.0
            for column in 0..<dimension { sum += centers[cluster * dimension + column] * centers[cluster * dimension + column] }
            return sum
        }
    }

    /// Assigns every point to its nearest centre through blocked `gemm`
    /// (`‖c‖² − 2x·c`, the `‖x‖²` term being the same for all centres), and
    /// accumulates per-chunk sums. Ties go to the lower cluster index.
    /// Returns the number of labels that changed.
    mutating func lloydAssignment(accumulate: Bool) -> Int {
        let k = clusterCount, dimension = problem.dimension, layout = problem.layout
        let norms = centerSquaredNorms()
        let concurrent = self.concurrent
        return withWorkspace { workspace in
            let points = workspace.points, centers = workspace.centers, labels = workspace.labels
            let sums = workspace.sums, counts = workspace.counts, changes = workspace.changes
            forEachIndex(layout.chunkCount, concurrent: concurrent) { chunk in
                let range = layout.range(chunk)
                let chunkSums = sums.base + chunk * k * dimension
                let chunkCounts = counts.base + chunk * k
                chunkSums.update(repeating: 0, count: k * dimension)
                chunkCounts.update(repeating: 0, count: k)
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: KMeansRun.blockSize * k)
                defer { scratch.deallocate() }
                var changed = 0
                var blockStart = range.lowerBound
                while blockStart < range.upperBound {
                    let blockCount = min(KMeansRun.blockSize, range.upperBound - blockStart)
                    BLAS.gemmRowMajorTransposedB(
                        rows: blockCount, columns: k, inner: dimension, alpha: -2,
                        points.base + blockStart * dimension, leadingDimensionA: dimension,
                        centers.base, leadingDimensionB: dimension,
                        beta: 0, into: scratch, leadingDimensionC: k)
                    for offset in 0..<blockCount {
                        let row = scratch + offset * k
                        var best = 0
                        var bestValue = row[0] + norms[0]
                        var cluster = 1
                        while cluster < k {
                            let value = row[cluster] + norms[cluster]
                            if value < bestValue { bestValue = value; best = cluster }
                            cluster += 1
                        }
                        let point = blockStart + offset
                        if labels.base[point] != best { changed += 1; labels.base[point] = best }
                        if accumulate {
                            chunkCounts[best] += 1
                            let target = chunkSums + best * dimension
                            let source = points.base + point * dimension
                            for column in 0..<dimension { target[column] += source[column] }
                        }
                    }
                    blockStart += blockCount
                }
                changes.base[chunk] = changed
            }
        }
    }

    // MARK: Hamerly

    /// The first Hamerly pass: a full blocked assignment, then bounds from
    /// the `gemm` distances — the upper one to the chosen centre raised, the
    /// lower one to the second closest lowered, by a margin of
    /// 10⁻¹⁰·(‖x‖² + ‖c‖²) that covers the rounding of `‖x‖² − 2x·c + ‖c‖²`
    /// (about 10⁻¹⁵ of it for moderate dimensions) on centred data.
    mutating func initialHamerlyAssignment() -> Int {
        let k = clusterCount, dimension = problem.dimension, layout = problem.layout
        upperBounds = [Double](repeating: 0, count: problem.count)
        lowerBounds = [Double](repeating: .infinity, count: problem.count)
        let norms = centerSquaredNorms()
        let squaredNorms = problem.squaredNorms
        let concurrent = self.concurrent
        return withWorkspace { workspace in
                let points = workspace.points, centers = workspace.centers, labels = workspace.labels
                let sums = workspace.sums, counts = workspace.counts, changes = workspace.changes
                let upper = workspace.upper!, lower = workspace.lower!
                forEachIndex(layout.chunkCount, concurrent: concurrent) { chunk in
                    let range = layout.range(chunk)
                    let chunkSums = sums.base + chunk * k * dimension
                    let chunkCounts = counts.base + chunk * k
                    chunkSums.update(repeating: 0, count: k * dimension)
                    chunkCounts.update(repeating: 0, count: k)
                    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: KMeansRun.blockSize * k)
                    defer { scratch.deallocate() }
                    var changed = 0
                    var blockStart = range.lowerBound
                    while blockStart < range.upperBound {
                        let blockCount = min(KMeansRun.blockSize, range.upperBound - blockStart)
                        BLAS.gemmRowMajorTransposedB(
                            rows: blockCount, columns: k, inner: dimension, alpha: -2,
                            points.base + blockStart * dimension, leadingDimensionA: dimension,
                            centers.base, leadingDimensionB: dimension,
                            beta: 0, into: scratch, leadingDimensionC: k)
                        for offset in 0..<blockCount {
                            let row = scratch + offset * k
                            var best = 0, bestValue = row[0] + norms[0]
                            var secondValue = Double.infinity, secondCluster = -1
                            var cluster = 1
                            while cluster < k {
                                let value = row[cluster] + norms[cluster]
                                if value < bestValue {
                                    secondValue = bestValue; secondCluster = best
                                    bestValue = value; best = cluster
                                } else if value < secondValue {
                                    secondValue = value; secondCluster = cluster
                                }
                                cluster += 1
                            }
                            let point = blockStart + offset
                            let source = points.base + point * dimension
                            if labels.base[point] != best { changed += 1; labels.base[point] = best }
                            let pointNorm = squaredNorms[point]
                            upper.base[point] = (bestValue + pointNorm + 1e-10 * (pointNorm + norms[best])).squareRoot()
                            if secondCluster >= 0 {
                                let squared = secondValue + squaredNorms[point]
                                let margin = 1e-10 * (squaredNorms[point] + norms[secondCluster])
                                lower.base[point] = max(0, squared - margin).squareRoot()
                            }
                            chunkCounts[best] += 1
                            let target = chunkSums + best * dimension
                            for column in 0..<dimension { target[column] += source[column] }
                        }
                        blockStart += blockCount
                    }
                    changes.base[chunk] = changed
                }
        }
    }

    /// One Hamerly pass (2010, Algorithm 2): the bounds move with the
    /// centres — the upper one by its own centre's shifts, the lower one by
    /// the largest shift of any centre (Hamerly's simpler form, which lets
    /// the bounds be stored relative to cumulative shifts); a point whose
    /// upper bound does not exceed `max(s(a), l)` — `s(a)` half the distance
    /// from its centre to the nearest other centre — keeps its centre without
    /// being read; otherwise the upper bound is tightened and, if still too
    /// large, all `k` distances are computed (one gemm for the failing points
    /// of a block of 256, or point by point when they are few). Comparisons
    /// allow a slack of 10⁻¹²·(1 + cumulative shifts) for the rounding of
    /// the relative bounds and 10⁻¹² of the threshold for that of distances.
    /// A point that changes cluster adds its coordinates to the chunk's sum
    /// changes (`+x` to the new cluster, `−x` to the old one).
    mutating func hamerlyAssignment() -> Int {
        defer { pendingChanges = 0 }
        let pending = pendingChanges
        let k = clusterCount, dimension = problem.dimension, layout = problem.layout
        if cumulativeShift.count != k { cumulativeShift = [Double](repeating: 0, count: k) }
        let drift = cumulativeShift, maximumDrift = cumulativeMaximumShift
        let slack = 1e-12 * (1 + (drift.max() ?? 0) + maximumDrift)
        // Half the distance from each centre to its nearest other centre.
        var halfSeparation = [Double](repeating: .infinity, count: k)
        centers.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            for first in 0..<k {
                for second in (first + 1)..<max(first + 1, k) {
                    let distance = squaredDistance(base + first * dimension, base + second * dimension, dimension).squareRoot() / 2
                    halfSeparation[first] = min(halfSeparation[first], distance)
                    halfSeparation[second] = min(halfSeparation[second], distance)
                }
            }
        }
        let norms = centerSquaredNorms(), squaredNorms = problem.squaredNorms
        let separation = halfSeparation
        let concurrent = self.concurrent
        return pending + withWorkspace { workspace in
                let points = workspace.points, centers = workspace.centers, labels = workspace.labels
                let sums = workspace.sums, counts = workspace.counts, changes = workspace.changes
                let upper = workspace.upper!, lower = workspace.lower!
                forEachIndex(layout.chunkCount, concurrent: concurrent) { chunk in
                    let range = layout.range(chunk)
                    let chunkSums = sums.base + chunk * k * dimension
                    let chunkCounts = counts.base + chunk * k
                    chunkSums.update(repeating: 0, count: k * dimension)
                    chunkCounts.update(repeating: 0, count: k)
                    var changed = 0
                    // Points whose bounds fail are collected per block of 256
                    // and, when there are enough of them, measured with one
                    // gemm (as the first pass); a few go point by point.
                    let blockSize = KMeansRun.hamerlyBlockSize
                    let pendingPoints = UnsafeMutablePointer<Int>.allocate(capacity: blockSize)
                    let gathered = UnsafeMutablePointer<Double>.allocate(capacity: blockSize * dimension)
                    let products = UnsafeMutablePointer<Double>.allocate(capacity: blockSize * k)
                    defer { pendingPoints.deallocate(); gathered.deallocate(); products.deallocate() }
                    func move(_ point: Int, from assigned: Int, to best: Int) {
                        changed += 1
                        chunkCounts[assigned] -= 1
                        chunkCounts[best] += 1
                        let source = points.base + point * dimension
                        let removed = chunkSums + assigned * dimension, added = chunkSums + best * dimension
                        for column in 0..<dimension {
                            removed[column] -= source[column]
                            added[column] += source[column]
                        }
                        labels.base[point] = best
                    }
                    var blockStart = range.lowerBound
                    var skipsTightening = false
                    while blockStart < range.upperBound {
                        let blockEnd = min(range.upperBound, blockStart + blockSize)
                        var pendingCount = 0
                        for point in blockStart..<blockEnd {
                            let assigned = labels.base[point]
                            let bound = max(separation[assigned], lower.base[point] - maximumDrift)
                            let threshold = bound - 1e-12 * abs(bound)  // relative rounding of distances
                            if upper.base[point] + drift[assigned] + slack > threshold {
                                if skipsTightening {
                                    pendingPoints[pendingCount] = point
                                    pendingCount += 1
                                } else {
                                    let tightened = squaredDistance(points.base + point * dimension, centers.base + assigned * dimension, dimension).squareRoot()
                                    if tightened + slack > threshold {
                                        pendingPoints[pendingCount] = point
                                        pendingCount += 1
                                    } else {
                                        upper.base[point] = tightened - drift[assigned]
                                    }
                                }
                            }
                        }
                        // While most points of a block fail their bounds (the
                        // first iterations), tightening is wasted work: the
                        // gemm measures the own centre too. The choice depends
                        // only on the previous block of the same chunk.
                        skipsTightening = pendingCount * 2 > blockEnd - blockStart
                        if pendingCount >= KMeansRun.batchThreshold {
                            for index in 0..<pendingCount {
                                (gathered + index * dimension).update(from: points.base + pendingPoints[index] * dimension, count: dimension)
                            }
                            BLAS.gemmRowMajorTransposedB(
                                rows: pendingCount, columns: k, inner: dimension, alpha: -2,
                                gathered, leadingDimensionA: dimension, centers.base, leadingDimensionB: dimension,
                                beta: 0, into: products, leadingDimensionC: k)
                            for index in 0..<pendingCount {
                                let point = pendingPoints[index]
                                let row = products + index * k
                                var best = 0, bestValue = row[0] + norms[0]
                                var secondValue = Double.infinity, secondCluster = -1
                                for cluster in 1..<max(k, 1) {
                                    let value = row[cluster] + norms[cluster]
                                    if value < bestValue {
                                        secondValue = bestValue; secondCluster = best
                                        bestValue = value; best = cluster
                                    } else if value < secondValue {
                                        secondValue = value; secondCluster = cluster
                                    }
                                }
                                let assigned = labels.base[point]
                                if best != assigned { move(point, from: assigned, to: best) }
                                let pointNorm = squaredNorms[point]
                                upper.base[point] = (bestValue + pointNorm + 1e-10 * (pointNorm + norms[best])).squareRoot() - drift[best]
                                if secondCluster >= 0 {
                                    let margin = 1e-10 * (pointNorm + norms[secondCluster])
                                    lower.base[point] = max(0, secondValue + pointNorm - margin).squareRoot() + maximumDrift
                                } else {
                                    lower.base[point] = .infinity
                                }
                            }
                        } else {
                            for index in 0..<pendingCount {
                                let point = pendingPoints[index]
                                let source = points.base + point * dimension
                                var best = 0, bestValue = Double.infinity, secondValue = Double.infinity
                                for cluster in 0..<k {
                                    let value = squaredDistance(source, centers.base + cluster * dimension, dimension)
                                    if value < bestValue {
                                        secondValue = bestValue; bestValue = value; best = cluster
                                    } else if value < secondValue {
                                        secondValue = value
                                    }
                                }
                                let assigned = labels.base[point]
                                if best != assigned { move(point, from: assigned, to: best) }
                                upper.base[point] = bestValue.squareRoot() - drift[best]
                                lower.base[point] = secondValue.squareRoot() + maximumDrift
                            }
                        }
                        blockStart = blockEnd
                    }
                    changes.base[chunk] = changed
                }
        }
    }

    // MARK: Centre update

    /// Reduces the chunk sums in chunk order, divides by the counts, and
    /// re-seeds empty clusters with the points farthest from their centres.
    mutating func updateCenters() {
        let k = clusterCount, dimension = problem.dimension, chunks = problem.layout.chunkCount
        var sums = [Double](repeating: 0, count: k * dimension)
        var counts = [Int](repeating: 0, count: k)
        for chunk in 0..<chunks {
            for index in 0..<(k * dimension) { sums[index] += partialSums[chunk * k * dimension + index] }
            for cluster in 0..<k { counts[cluster] += partialCounts[chunk * k + cluster] }
        }
        let empty = (0..<k).filter { counts[$0] == 0 }
        if !empty.isEmpty {
            relocate(empty: empty, sums: &sums, counts: &counts)
        }
        for cluster in 0..<k where counts[cluster] > 0 {
            let scale = 1 / Double(counts[cluster])
            for column in 0..<dimension { centers[cluster * dimension + column] = sums[cluster * dimension + column] * scale }
        }
    }

    /// scikit-learn's `_relocate_empty_clusters_dense`: the farthest points
    /// (squared distance to their current centre; ties to the lower index)
    /// become the empty clusters' centres, farthest first, each leaving its
    /// own cluster's sum. A point whose cluster would become empty is skipped.
    /// Labels are left as they are: the next assignment moves the points.
    @discardableResult
    private func relocate(empty: [Int], sums: inout [Double], counts: inout [Int]) -> [(point: Int, cluster: Int)] {
        let dimension = problem.dimension
        var distances = [Double](repeating: 0, count: problem.count)
        problem.points.withUnsafeBufferPointer { points in
            centers.withUnsafeBufferPointer { centers in
                for point in 0..<problem.count {
                    let label = max(labels[point], 0)
                    distances[point] = squaredDistance(points.baseAddress! + point * dimension, centers.baseAddress! + label * dimension, dimension)
                }
            }
        }
        let order = (0..<problem.count).sorted { distances[$0] != distances[$1] ? distances[$0] > distances[$1] : $0 < $1 }
        var moved: [(point: Int, cluster: Int)] = []
        var next = 0
        for cluster in empty {
            while next < order.count, counts[max(labels[order[next]], 0)] <= 1 { next += 1 }
            guard next < order.count else { break }
            let point = order[next]
            next += 1
            let previous = max(labels[point], 0)
            for column in 0..<dimension {
                let value = problem.points[point * dimension + column]
                sums[previous * dimension + column] -= value
                sums[cluster * dimension + column] = value
            }
            counts[previous] -= 1
            counts[cluster] = 1
            moved.append((point, cluster))
        }
        return moved
    }

    /// Hamerly's centre update: the running sums absorb the chunks' changes
    /// in chunk order (after the first pass, the chunks' full sums); empty
    /// clusters are re-seeded as in `updateCenters`, here with the moved
    /// points relabelled and their bounds reset, since the running sums must
    /// follow the labels.
    mutating func updateCentersIncrementally(initial: Bool) {
        let k = clusterCount, dimension = problem.dimension, chunks = problem.layout.chunkCount
        if initial {
            cumulativeShift = [Double](repeating: 0, count: k)
            cumulativeMaximumShift = 0
            runningSums = [Double](repeating: 0, count: k * dimension)
            runningCounts = [Int](repeating: 0, count: k)
        }
        for chunk in 0..<chunks {
            for index in 0..<(k * dimension) { runningSums[index] += partialSums[chunk * k * dimension + index] }
            for cluster in 0..<k { runningCounts[cluster] += partialCounts[chunk * k + cluster] }
        }
        let empty = (0..<k).filter { runningCounts[$0] == 0 }
        if !empty.isEmpty {
            var sums = runningSums, counts = runningCounts
            let moved = relocate(empty: empty, sums: &sums, counts: &counts)
            runningSums = sums
            runningCounts = counts
            for (point, cluster) in moved {
                labels[point] = cluster
                upperBounds[point] = .infinity
                lowerBounds[point] = -.infinity
            }
            pendingChanges += moved.count
        }
        for cluster in 0..<k where runningCounts[cluster] > 0 {
            let scale = 1 / Double(runningCounts[cluster])
            for column in 0..<dimension { centers[cluster * dimension + column] = runningSums[cluster * dimension + column] * scale }
        }
    }

    /// Sets every non-empty cluster's centre to the mean of its points, summed
    /// afresh in chunks reduced in chunk order.
    mutating func exactMeans() {
        let k = clusterCount, dimension = problem.dimension, layout = problem.layout
        let concurrent = self.concurrent
        _ = withWorkspace { workspace in
            let points = workspace.points, labels = workspace.labels, sums = workspace.sums, counts = workspace.counts
            forEachIndex(layout.chunkCount, concurrent: concurrent) { chunk in
                let chunkSums = sums.base + chunk * k * dimension
                let chunkCounts = counts.base + chunk * k
                chunkSums.update(repeating: 0, count: k * dimension)
                chunkCounts.update(repeating: 0, count: k)
                for point in layout.range(chunk) {
                    let label = labels.base[point]
                    chunkCounts[label] += 1
                    let target = chunkSums + label * dimension, source = points.base + point * dimension
                    for column in 0..<dimension { target[column] += source[column] }
                }
            }
        }
        var sums = [Double](repeating: 0, count: k * dimension)
        var counts = [Int](repeating: 0, count: k)
        for chunk in 0..<layout.chunkCount {
            for index in 0..<(k * dimension) { sums[index] += partialSums[chunk * k * dimension + index] }
            for cluster in 0..<k { counts[cluster] += partialCounts[chunk * k + cluster] }
        }
        for cluster in 0..<k where counts[cluster] > 0 {
            let scale = 1 / Double(counts[cluster])
            for column in 0..<dimension { centers[cluster * dimension + column] = sums[cluster * dimension + column] * scale }
        }
    }

    // MARK: Inertia

    /// `Σᵢ ‖xᵢ − c_{label(i)}‖²` by direct differences, in chunks reduced in order.
    func inertia() -> Double {
        let dimension = problem.dimension, layout = problem.layout
        var partial = [Double](repeating: 0, count: layout.chunkCount)
        partial.withUnsafeMutableBufferPointer { partialBuffer in
            let partialPointer = SharedPointer(partialBuffer.baseAddress!)
            problem.points.withUnsafeBufferPointer { pointBuffer in
                centers.withUnsafeBufferPointer { centerBuffer in
                    labels.withUnsafeBufferPointer { labelBuffer in
                        let points = SharedConstantPointer(pointBuffer.baseAddress!)
                        let centers = SharedConstantPointer(centerBuffer.baseAddress!)
                        let labels = SharedConstantPointer(labelBuffer.baseAddress!)
                        forEachIndex(layout.chunkCount, concurrent: concurrent) { chunk in
                            var sum = 0.0
                            for point in layout.range(chunk) {
                                sum += squaredDistance(points.base + point * dimension, centers.base + labels.base[point] * dimension, dimension)
                            }
                            partialPointer.base[chunk] = sum
                        }
                    }
                }
            }
        }
        return partial.reduce(0, +)
    }

    // MARK: Memory access

    /// The raw storage a pass works on; each chunk writes only its own part.
    struct Workspace {
        let points: SharedConstantPointer<Double>
        let centers: SharedConstantPointer<Double>
        let labels: SharedPointer<Int>
        let sums: SharedPointer<Double>
        let counts: SharedPointer<Int>
        let changes: SharedPointer<Int>
        /// Hamerly's bounds (`nil` for Lloyd).
        let upper: SharedPointer<Double>?
        let lower: SharedPointer<Double>?
    }

    /// Lends the storage to `body` (moved out of `self` for the duration, so
    /// no copy is made) and returns the summed label changes.
    private mutating func withWorkspace(_ body: (Workspace) -> Void) -> Int {
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
                                            points: SharedConstantPointer(pointBuffer.baseAddress!),
                                            centers: SharedConstantPointer(centerBuffer.baseAddress!),
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
