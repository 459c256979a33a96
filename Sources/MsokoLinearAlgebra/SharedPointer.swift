/// A pointer (`UnsafeMutablePointer`, `UnsafePointer` or a buffer of either)
/// handed to the worker closures of a parallel loop
/// (`DispatchQueue.concurrentPerform`), which must be `Sendable`. msoko's one
/// such wrapper, beside `Parallelism`, which sets how many workers there are.
///
/// The compiler cannot check the sharing, so the caller promises what makes
/// it safe: the memory outlives the loop, every worker writes only its own
/// disjoint part (or only reads), and nothing reads a part until the loop
/// that writes it has finished.
public struct SharedPointer<Pointer>: @unchecked Sendable {
    public let base: Pointer
    public init(_ base: Pointer) { self.base = base }
}
