import Foundation
import MsokoLinearAlgebra
import MsokoStatistics

/// Internal validity criteria of a partition, each as scikit-learn 1.9's
/// `sklearn.metrics` function of the same name (Euclidean distance). Labels
/// are 0-based; the number of clusters is the number of distinct labels and
/// must be between 2 and `n − 1`.
public enum ClusterValidity {
    /// Points up to which the silhouette is exact; above, a seeded sample of
    /// this many points is used.
    public static let exactSilhouetteLimit = 10_000

    /// The silhouette (P. J. Rousseeuw, "Silhouettes: a graphical aid to the
    /// interpretation and validation of cluster analysis", J. Comput. Appl.
    /// Math. 20, 1987): for point `i`, `a` the mean distance to the other
    /// points of its cluster, `b` the smallest mean distance to the points of
    /// another cluster, `s = (b − a) / max(a, b)`; `s = 0` for a point alone
    /// in its cluster. The mean over points is `silhouette_score`.
    ///
    /// Up to `sampleLimit` points it is exact. Above, it is the silhouette of
    /// a uniform sample of `sampleLimit` points drawn without replacement
    /// with `SeededGenerator(seed:)` (what `silhouette_score(sample_size:)`
    /// does), and `standardError` states the sampling error of the mean:
    /// `sd(s) / √m · √(1 − m/n)` (finite-population correction).
    ///
    /// Distances come from blocked `gemm` as `√max(0, ‖x‖² + ‖y‖² − 2x·y)`
    /// on column-centred data (scikit-learn's `euclidean_distances`).
    public static func silhouette(
        _ points: Matrix, labels: [Int], sampleLimit: Int = exactSilhouetteLimit,
        seed: UInt64 = 0, usesConcurrency: Bool = true
    ) throws -> Silhouette {
        let clusterCount = try checkedClusterCount(points, labels: labels)
        let count = points.rows
        var indices = Array(0..<count)
        var sampled = false
        if count > sampleLimit, sampleLimit >= 2 {
            var generator = SeededGenerator(seed: seed)
            // Partial Fisher–Yates: the first `sampleLimit` entries are the sample.
            for position in 0..<sampleLimit {
                let other = position + generator.nextInt(below: count - position)
                indices.swapAt(position, other)
            }
            indices = Array(indices[0..<sampleLimit]).sorted()
            sampled = true
        }
        let values = withSingleThreadedBLAS(usesConcurrency) {
            silhouetteValues(points, labels: labels, indices: indices, clusterCount: clusterCount, concurrent: usesConcurrency)
        }
        let mean = values.reduce(0, +) / Double(values.count)
        var standardError = 0.0
        if sampled {
            let m = Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (m - 1)
            standardError = (variance / m).squareRoot() * (1 - m / Double(count)).squareRoot()
        }
        return Silhouette(mean: mean, values: values, indices: sampled ? indices : nil, standardError: standardError)
    }

    /// The Calinski–Harabasz index (T. Caliński & J. Harabasz, "A dendrite
    /// method for cluster analysis", Commun. Stat. 3, 1974):
    /// `[B / (k − 1)] / [W / (n − k)]` with `B = Σ_j n_j ‖c_j − x̄‖²` and
    /// `W = Σ_i ‖x_i − c_{label(i)}‖²`; 1 when `W = 0` (scikit-learn's convention).
    public static func calinskiHarabasz(_ points: Matrix, labels: [Int]) throws -> Double {
        let clusterCount = try checkedClusterCount(points, labels: labels)
        let (centroids, sizes, compact) = centroidsOf(points, labels: labels)
        let dimension = points.columns
        var overall = [Double](repeating: 0, count: dimension)
        for column in 0..<dimension {
            overall[column] = points.column(column).reduce(0, +) / Double(points.rows)
        }
        var between = 0.0, within = 0.0
        for cluster in 0..<clusterCount {
            var distance = 0.0
            for column in 0..<dimension {
                let difference = centroids[cluster][column] - overall[column]
                distance += difference * difference
            }
            between += Double(sizes[cluster]) * distance
        }
        for row in 0..<points.rows {
            for column in 0..<dimension {
                let difference = points[row, column] - centroids[compact[row]][column]
                within += difference * difference
            }
        }
        if within == 0 { return 1 }
        return between * Double(points.rows - clusterCount) / (within * Double(clusterCount - 1))
    }

    /// The Davies–Bouldin index (D. L. Davies & D. W. Bouldin, "A cluster
    /// separation measure", IEEE TPAMI 1, 1979): with `s_j` the mean distance
    /// of cluster `j`'s points to its centroid, the mean over clusters of
    /// `max_{l≠j} (s_j + s_l) / ‖c_j − c_l‖`. Lower is better; 0 when every
    /// `s_j` or every centroid distance is 0; coincident centroids count as
    /// infinitely far apart (scikit-learn's conventions).
    public static func daviesBouldin(_ points: Matrix, labels: [Int]) throws -> Double {
        let clusterCount = try checkedClusterCount(points, labels: labels)
        let (centroids, sizes, compact) = centroidsOf(points, labels: labels)
        var scatter = [Double](repeating: 0, count: clusterCount)
        for row in 0..<points.rows {
            var distance = 0.0
            for column in 0..<points.columns {
                let difference = points[row, column] - centroids[compact[row]][column]
                distance += difference * difference
            }
            scatter[compact[row]] += distance.squareRoot()
        }
        for cluster in 0..<clusterCount { scatter[cluster] /= Double(sizes[cluster]) }
        var separation = [[Double]](repeating: [Double](repeating: 0, count: clusterCount), count: clusterCount)
        var allSeparationsZero = true
        for first in 0..<clusterCount {
            for second in 0..<clusterCount where first != second {
                var distance = 0.0
                for column in 0..<points.columns {
                    let difference = centroids[first][column] - centroids[second][column]
                    distance += difference * difference
                }
                separation[first][second] = distance.squareRoot()
                if distance > 0 { allSeparationsZero = false }
            }
        }
        if scatter.allSatisfy({ abs($0) < 1e-8 }) || allSeparationsZero { return 0 }
        var total = 0.0
        for first in 0..<clusterCount {
            var worst = 0.0
            for second in 0..<clusterCount where second != first {
                let distance = separation[first][second] == 0 ? Double.infinity : separation[first][second]
                worst = max(worst, (scatter[first] + scatter[second]) / distance)
            }
            total += worst
        }
        return total / Double(clusterCount)
    }

    // MARK: Shared pieces

    /// The number of distinct labels, checked to be in `2…n − 1`.
    static func checkedClusterCount(_ points: Matrix, labels: [Int]) throws -> Int {
        guard labels.count == points.rows else {
            throw ClusterValidityError.labelCountMismatch(labels: labels.count, rows: points.rows)
        }
        if let position = points.firstNonFinite {
            throw ClusterValidityError.nonFinite(row: position.row, column: position.column)
        }
        if let negative = labels.firstIndex(where: { $0 < 0 }) {
            throw ClusterValidityError.negativeLabel(row: negative, label: labels[negative])
        }
        let distinct = Set(labels).count
        guard distinct >= 2, distinct <= points.rows - 1 else {
            throw ClusterValidityError.invalidClusterCount(distinct, rows: points.rows)
        }
        return distinct
    }

    /// Centroids and sizes of the non-empty clusters, with labels renumbered
    /// 0… in the order of the original label values.
    static func centroidsOf(_ points: Matrix, labels: [Int]) -> (centroids: [[Double]], sizes: [Int], compact: [Int]) {
        let values = Array(Set(labels)).sorted()
        let position = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        let compact = labels.map { position[$0]! }
        var centroids = [[Double]](repeating: [Double](repeating: 0, count: points.columns), count: values.count)
        var sizes = [Int](repeating: 0, count: values.count)
        for row in 0..<points.rows {
            sizes[compact[row]] += 1
            for column in 0..<points.columns { centroids[compact[row]][column] += points[row, column] }
        }
        for cluster in 0..<values.count {
            for column in 0..<points.columns { centroids[cluster][column] /= Double(sizes[cluster]) }
        }
        return (centroids, sizes, compact)
    }

    /// Silhouette values of the points `indices` within the data set made of them.
    private static func silhouetteValues(
        _ points: Matrix, labels: [Int], indices: [Int], clusterCount: Int, concurrent: Bool
    ) -> [Double] {
        let count = indices.count, dimension = points.columns
        // Compact labels of the subset and centred row-major coordinates.
        let distinct = Array(Set(indices.map { labels[$0] })).sorted()
        let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        let subsetLabels = indices.map { position[labels[$0]]! }
        let clusters = distinct.count
        var sizes = [Int](repeating: 0, count: clusters)
        for label in subsetLabels { sizes[label] += 1 }
        var coordinates = [Double](repeating: 0, count: count * dimension)
        for column in 0..<dimension {
            var mean = 0.0
            for index in indices { mean += points[index, column] }
            mean /= Double(count)
            for (row, index) in indices.enumerated() { coordinates[row * dimension + column] = points[index, column] - mean }
        }
        var norms = [Double](repeating: 0, count: count)
        for row in 0..<count {
            var sum = 0.0
            for column in 0..<dimension { sum += coordinates[row * dimension + column] * coordinates[row * dimension + column] }
            norms[row] = sum
        }
        var values = [Double](repeating: 0, count: count)
        let blockSize = 64
        let blocks = (count + blockSize - 1) / blockSize
        let sizesCopy = sizes, labelsCopy = subsetLabels, normsCopy = norms
        coordinates.withUnsafeBufferPointer { coordinateBuffer in
            values.withUnsafeMutableBufferPointer { valueBuffer in
                let coordinates = SharedPointer(coordinateBuffer.baseAddress!)
                let output = SharedPointer(valueBuffer.baseAddress!)
                forEachIndex(blocks, concurrent: concurrent && blocks > 1) { block in
                    let start = block * blockSize, end = min(count, start + blockSize)
                    let rows = end - start
                    let products = UnsafeMutablePointer<Double>.allocate(capacity: rows * count)
                    defer { products.deallocate() }
                    BLAS.gemmRowMajorTransposedB(
                        rows: rows, columns: count, inner: dimension, alpha: 1,
                        coordinates.base + start * dimension, leadingDimensionA: dimension,
                        coordinates.base, leadingDimensionB: dimension,
                        beta: 0, into: products, leadingDimensionC: count)
                    var sums = [Double](repeating: 0, count: clusters)
                    for offset in 0..<rows {
                        let row = start + offset
                        for cluster in 0..<clusters { sums[cluster] = 0 }
                        let line = products + offset * count
                        for other in 0..<count where other != row {
                            let squared = normsCopy[row] + normsCopy[other] - 2 * line[other]
                            sums[labelsCopy[other]] += max(0, squared).squareRoot()
                        }
                        let own = labelsCopy[row]
                        guard sizesCopy[own] > 1 else { output.base[row] = 0; continue }
                        let inside = sums[own] / Double(sizesCopy[own] - 1)
                        var nearest = Double.infinity
                        for cluster in 0..<clusters where cluster != own && sizesCopy[cluster] > 0 {
                            nearest = min(nearest, sums[cluster] / Double(sizesCopy[cluster]))
                        }
                        let scale = max(inside, nearest)
                        output.base[row] = scale > 0 ? (nearest - inside) / scale : 0
                    }
                }
            }
        }
        return values
    }
}

/// A silhouette: its mean and the per-point values.
public struct Silhouette: Sendable, Equatable {
    /// The mean silhouette (exact, or of the sample).
    public let mean: Double
    /// Per-point values: of every point in input order, or of the sampled points in `indices` order.
    public let values: [Double]
    /// The sampled points (ascending), or `nil` when every point was used.
    public let indices: [Int]?
    /// The standard error of `mean` as an estimate of the full silhouette; 0 when exact.
    public let standardError: Double
}

/// Why a validity criterion could not be computed. Positions are 0-based.
public enum ClusterValidityError: Error, Equatable, CustomStringConvertible {
    case labelCountMismatch(labels: Int, rows: Int)
    case nonFinite(row: Int, column: Int)
    case negativeLabel(row: Int, label: Int)
    case invalidClusterCount(Int, rows: Int)

    public var description: String {
        switch self {
        case .labelCountMismatch(let labels, let rows): return "\(labels) labels for \(rows) points"
        case .nonFinite(let row, let column): return "non-finite value at row \(row + 1), column \(column + 1)"
        case .negativeLabel(let row, let label): return "label \(label) of point \(row + 1) is negative"
        case .invalidClusterCount(let count, let rows):
            return "validity criteria need between 2 and n − 1 = \(rows - 1) clusters, got \(count)"
        }
    }
}
