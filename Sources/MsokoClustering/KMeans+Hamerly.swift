import Foundation
import MsokoLinearAlgebra
import MsokoStatistics

extension KMeansRun {
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
        // A hot kernel, deliberately separate from the Lloyd pass (KMeans+Lloyd.swift): the chunk set-up
        // and the blocked gemm are the same, but the inner loops differ, and a
        // shared closure would cost the per-point loop its specialisation.
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
}
