import Foundation

/// How many threads msoko's own parallel loops and OpenBLAS may use: the
/// machine's cores by default, `MSOKO_THREADS` in the environment, or
/// `msoko run --threads N`. Results never depend on it (every parallel loop
/// writes its own part and reduces in index order), and a test runs the
/// sample district with 1, 2 and 8 threads to show it.
public enum Parallelism {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var configured: Int?

    /// The thread count in force (at least 1).
    public static var threadCount: Int {
        lock.lock()
        defer { lock.unlock() }
        if let configured { return configured }
        if let text = ProcessInfo.processInfo.environment["MSOKO_THREADS"], let count = Int(text), count >= 1 {
            return count
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Sets the thread count for msoko's loops and OpenBLAS.
    public static func setThreadCount(_ count: Int) {
        lock.lock()
        configured = max(1, count)
        lock.unlock()
        BLAS.setThreadCount(count)
    }

    /// Whether parallel loops should run on several threads.
    public static var isParallel: Bool { threadCount > 1 }

    /// Runs `body(index)` for every index of `0..<count`, on `threadCount`
    /// threads when there are several (indices are handed out in order), else
    /// in order on this thread. Each index must write only its own state.
    public static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        if count == 1 || !isParallel {
            for index in 0..<count { body(index) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: count) { index in body(index) }
    }

    /// Runs `body` with OpenBLAS on one thread when `active` (msoko's own
    /// loops provide the parallelism; BLAS threads inside them would
    /// oversubscribe the cores), restoring the previous count afterwards.
    /// Only the outermost parallel section sets it: nested calls pass `false`.
    public static func withSingleThreadedBLAS<Result>(_ active: Bool, _ body: () throws -> Result) rethrows -> Result {
        guard active else { return try body() }
        let previous = BLAS.threadCount
        BLAS.setThreadCount(1)
        defer { BLAS.setThreadCount(previous) }
        return try body()
    }

    /// Sets every element of `array` to `body(index)`, computed in parallel
    /// blocks of consecutive indices. The storage is the caller's: worker
    /// threads write into it and allocate nothing for the result (memory
    /// a worker allocates and frees stays with its thread's malloc arena,
    /// out of reach of the calling thread).
    public static func fill<Element>(_ array: inout [Element], blockSize: Int = 1024,
                                     _ body: @Sendable (Int) -> Element) {
        let count = array.count
        guard count > 0 else { return }
        array.withUnsafeMutableBufferPointer { buffer in
            let target = SharedPointer(buffer.baseAddress!)
            forEach((count + blockSize - 1) / blockSize) { block in
                for index in block * blockSize..<min(count, (block + 1) * blockSize) {
                    target.base[index] = body(index)
                }
            }
        }
    }

    /// `body(index)` for every index of `0..<count`, computed as `forEach`
    /// does and returned in index order.
    public static func map<Value: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
        let slots = ResultSlots<Value>(count: count)
        forEach(count) { index in slots.store(body(index), at: index) }
        return slots.values()
    }
}

/// Fixed slots of a parallel loop, each written once by one worker and
/// read after all finished, in index order.
public final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    public func store(_ value: Value, at index: Int) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    /// All values, in index order; every slot must have been filled.
    public func values() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}

/// Work that runs beside the caller on a thread of its own (not a pool's,
/// so parallel loops the caller runs meanwhile cannot starve it), or at
/// once on the caller's thread when `onThread` is false (`--threads 1`
/// runs everything on one thread). `wait()` returns when it is done.
public final class BackgroundWork: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let started: Bool

    public init(name: String, onThread: Bool, _ body: @escaping @Sendable () -> Void) {
        started = onThread
        guard onThread else {
            body()
            return
        }
        let thread = Thread { [done] in
            body()
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Waits until the work is done (at once when it ran on the caller's
    /// thread). Call it once.
    public func wait() {
        if started { done.wait() }
    }
}
