import MsokoLinearAlgebra
import MsokoStatistics

/// Cluster-wise stability by the bootstrap (C. Hennig, "Cluster-wise
/// assessment of cluster stability", Comput. Stat. Data Anal. 52, 2007; R
/// `fpc::clusterboot` with `bootmethod = "boot"`).
///
/// Each resample draws `n` points with replacement (`SeededGenerator.stream(
/// seed:index: b)`) and clusters them again with k-means (same `k`, the given
/// restarts). For an original cluster `C` and the set `P` of distinct points
/// in the resample, its similarity is the best Jaccard coefficient
/// `|C' ∩ D| / |C' ∪ D|` over the new clusters `D` (as sets of distinct
/// original points), where `C' = C ∩ P`; resamples in which `C' = ∅` are
/// skipped for `C`. A cluster's stability is the mean over resamples;
/// Hennig reads ≤ 0.5 as "dissolved" and ≥ 0.75 as "stable"; msoko calls a
/// cluster **unstable below 0.6**.
public struct ClusterStability: Sendable, Equatable {
    /// The threshold below which a cluster is called unstable.
    public static let unstableThreshold = 0.6

    /// The mean Jaccard similarity of each cluster (NaN if it never appeared in a resample).
    public let meanJaccard: [Double]
    /// The number of resamples.
    public let resampleCount: Int

    /// The clusters whose mean Jaccard similarity is below 0.6 (or undefined).
    public var unstableClusters: [Int] {
        meanJaccard.indices.filter { !(meanJaccard[$0] >= ClusterStability.unstableThreshold) }
    }

    /// - Parameters:
    ///   - points: the clustered data, `n × d`.
    ///   - labels: the clustering to assess, 0-based labels `< clusterCount`.
    ///   - clusterCount: `k`, the number of clusters of `labels` (and of every resample's fit).
    ///   - resampleCount: at least 1 (Hennig and `clusterboot` use 100; msoko's stage uses 50).
    ///   - restarts: k-means++ restarts of each resample's fit.
    ///   - seed: the seed of the resamples and their fits.
    ///   - usesConcurrency: fit the resamples on several threads; the result is the same either way.
    public init(
        _ points: Matrix, labels: [Int], clusterCount: Int, resampleCount: Int = 50,
        restarts: Int = 5, seed: UInt64 = 0, usesConcurrency: Bool = true
    ) throws {
        guard labels.count == points.rows else {
            throw ClusterValidityError.labelCountMismatch(labels: labels.count, rows: points.rows)
        }
        guard resampleCount >= 1 else { throw KMeansError.invalidParameter("stability needs at least 1 resample") }
        guard clusterCount >= 1, clusterCount <= points.rows, labels.allSatisfy({ $0 >= 0 && $0 < clusterCount }) else {
            throw KMeansError.invalidClusterCount(clusterCount, rows: points.rows)
        }
        let count = points.rows
        var members = [[Int]](repeating: [], count: clusterCount)
        for (point, label) in labels.enumerated() { members[label].append(point) }
        let originalMembers = members
        let slots = ResultSlots<Result<[Double?], Error>>(count: resampleCount)
        withSingleThreadedBLAS(usesConcurrency) {
            forEachIndex(resampleCount, concurrent: usesConcurrency) { resample in
                slots.store(Result {
                    var generator = SeededGenerator.stream(seed: seed, index: UInt64(resample))
                    let drawn = (0..<count).map { _ in generator.nextInt(below: count) }
                    var sample = Matrix(rows: count, columns: points.columns)
                    for (row, point) in drawn.enumerated() {
                        for column in 0..<points.columns { sample[row, column] = points[point, column] }
                    }
                    let fit = try KMeans(clusterCount: clusterCount, restarts: restarts, seed: generator.next(),
                                         usesConcurrency: false).fit(sample)
                    // The new cluster of each distinct drawn point (first occurrence).
                    var newLabel = [Int](repeating: -1, count: count)
                    for (row, point) in drawn.enumerated() where newLabel[point] < 0 { newLabel[point] = fit.labels[row] }
                    var newSizes = [Int](repeating: 0, count: clusterCount)
                    for label in newLabel where label >= 0 { newSizes[label] += 1 }
                    return originalMembers.map { cluster -> Double? in
                        let present = cluster.filter { newLabel[$0] >= 0 }
                        guard !present.isEmpty else { return nil }
                        var overlap = [Int](repeating: 0, count: clusterCount)
                        for point in present { overlap[newLabel[point]] += 1 }
                        var best = 0.0
                        for other in 0..<clusterCount where newSizes[other] > 0 {
                            let union = present.count + newSizes[other] - overlap[other]
                            best = max(best, Double(overlap[other]) / Double(union))
                        }
                        return best
                    }
                }, at: resample)
            }
        }
        let similarities = try slots.values().map { try $0.get() }
        meanJaccard = (0..<clusterCount).map { cluster in
            let values = similarities.compactMap { $0[cluster] }
            return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        }
        self.resampleCount = resampleCount
    }
}
