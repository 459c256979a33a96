import Foundation

/// Values made one after another on a thread of its own, at most
/// `capacity` ahead of the consumer, and handed over in order; the
/// producer's error comes after every value made before it. Used where
/// making the next value (a worksheet's XML chunk, a batch of CSV records)
/// can run beside using the current one.
///
/// The thread is its own, not a pool's, so a consumer that waits inside a
/// parallel loop cannot starve it. `cancel()` (also on release) stops it.
final class ProducerThread<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Value] = []
    private var finished = false
    private var failure: Error?
    private var cancelled = false
    private let capacity: Int

    /// Starts a thread that calls `make` until it returns nil or throws.
    convenience init(name: String, capacity: Int = 2, make: @escaping @Sendable () throws -> Value?) {
        self.init(name: name, capacity: capacity) { hand in
            while let value = try make() {
                guard hand(value) else { return }
            }
        }
    }

    /// Starts a thread that runs `produce` once, which hands over each value
    /// it makes to `hand`; `hand` returns `false` once the consumer cancelled,
    /// and `produce` should then return. Its values end when it returns,
    /// its error is the one it throws. For a producer that holds something
    /// for its whole run (a buffer pointer, inside `withUnsafeBufferPointer`).
    init(name: String, capacity: Int = 2,
         produce: @escaping @Sendable (_ hand: (Value) -> Bool) throws -> Void) {
        self.capacity = capacity
        let thread = Thread { [self] in run(produce) }
        thread.name = name
        thread.start()
    }

    deinit { cancel() }

    private func run(_ produce: ((Value) -> Bool) throws -> Void) {
        var error: Error?
        do {
            try produce { value in hand(value) }
        } catch let thrown {
            error = thrown
        }
        condition.lock()
        failure = error
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a value, waiting for room; `false` (the value dropped) once
    /// cancelled.
    private func hand(_ value: Value) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(value)
        condition.broadcast()
        return true
    }

    /// The next value, waiting for it if need be; nil after the last; the
    /// producer's error once every value before it was taken.
    func next() throws -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished && !cancelled { condition.wait() }
        if !queue.isEmpty {
            condition.broadcast()
            return queue.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the thread (it may be waiting for room) and drops what it made.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
