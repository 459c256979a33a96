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
        let input = SharedPointer(source.baseAddress!)
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
