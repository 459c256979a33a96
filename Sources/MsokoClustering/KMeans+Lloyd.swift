import Foundation
import MsokoLinearAlgebra
import MsokoStatistics

extension KMeansRun {
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
        // A hot kernel, deliberately separate from the first Hamerly pass (KMeans+Hamerly.swift): the chunk set-up
        // and the blocked gemm are the same, but the inner loops differ, and a
        // shared closure would cost the per-point loop its specialisation.
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
}
