import Dispatch
import Foundation
import MsokoLinearAlgebra

/// Runs `body(index)` for every index in `0..<count` on the shared thread
/// pool (`DispatchQueue.concurrentPerform`), or in order on this thread when
/// `Parallelism` allows one thread. Callers make every index write its own
/// memory and reduce afterwards in index order, so results never depend on
/// the number of threads.
func concurrentForEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
    Parallelism.forEach(count, body)
}

/// Runs `body` over `0..<count`, concurrently when asked.
func forEachIndex(_ count: Int, concurrent: Bool, _ body: @Sendable (Int) -> Void) {
    if concurrent { concurrentForEach(count, body) } else { for index in 0..<count { body(index) } }
}

/// `Parallelism.withSingleThreadedBLAS`, under the name the clustering code uses.
func withSingleThreadedBLAS<Result>(_ active: Bool, _ body: () throws -> Result) rethrows -> Result {
    try Parallelism.withSingleThreadedBLAS(active, body)
}

/// Contiguous ranges of points that workers process; the split depends only
/// on the number of points, never on the number of threads.
struct ChunkLayout: Sendable {
    let count: Int
    let chunkCount: Int

    /// One chunk below 16,384 points; above, chunks of about 8,192 points, at most 64.
    init(count: Int) {
        self.count = count
        self.chunkCount = count < 16_384 ? 1 : min(64, count / 8_192)
    }

    func range(_ chunk: Int) -> Range<Int> {
        (count * chunk / chunkCount)..<(count * (chunk + 1) / chunkCount)
    }
}

/// `Σ (a[i] − b[i])²` over `count` elements, four lanes at a time.
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var accumulator0 = SIMD4<Double>()
    var accumulator1 = SIMD4<Double>()
    var index = 0
    let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
    let stride = MemoryLayout<Double>.stride
    while index + 8 <= count {
        let difference0 = rawA.loadUnaligned(fromByteOffset: index * stride, as: SIMD4<Double>.self)
            - rawB.loadUnaligned(fromByteOffset: index * stride, as: SIMD4<Double>.self)
        let difference1 = rawA.loadUnaligned(fromByteOffset: (index + 4) * stride, as: SIMD4<Double>.self)
            - rawB.loadUnaligned(fromByteOffset: (index + 4) * stride, as: SIMD4<Double>.self)
        accumulator0 += difference0 * difference0
        accumulator1 += difference1 * difference1
        index += 8
    }
    if index + 4 <= count {
        let difference = rawA.loadUnaligned(fromByteOffset: index * stride, as: SIMD4<Double>.self)
            - rawB.loadUnaligned(fromByteOffset: index * stride, as: SIMD4<Double>.self)
        accumulator0 += difference * difference
        index += 4
    }
    var total = (accumulator0 + accumulator1).sum()
    while index < count {
        let difference = a[index] - b[index]
        total += difference * difference
        index += 1
    }
    return total
}
