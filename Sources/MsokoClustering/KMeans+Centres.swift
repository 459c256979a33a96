import Foundation
import MsokoLinearAlgebra
import MsokoStatistics

extension KMeansRun {
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
                        let points = SharedPointer(pointBuffer.baseAddress!)
                        let centers = SharedPointer(centerBuffer.baseAddress!)
                        let labels = SharedPointer(labelBuffer.baseAddress!)
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
}
