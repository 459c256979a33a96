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
}
