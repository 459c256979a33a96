import Foundation
import MsokoModel

/// Progress of a run on a terminal (issue 13): the stage, a count where the
/// stage has one (school pages done / total) and an estimate of the time
/// left, on one line of stderr redrawn in place. `terminal()` gives a
/// reporter only when stderr is a terminal, so a run under a test, a pipe or
/// CI prints nothing, and progress never reaches an output file.
///
/// The runner calls `stage` when a stage starts, `advance` as counted work
/// gets done, and `finish` at the end. The clock and the writer are
/// injected, so the lines are testable; redraws are throttled to one per
/// `interval` seconds of that clock.
public final class ProgressReporter: @unchecked Sendable {
    private let write: (String) -> Void
    private let clock: () -> Double
    private let interval: Double
    private let lock = NSLock()
    private var current: (name: String, start: Double, total: Int?, unit: String)?
    private var lastDrawn = -Double.infinity
    private var done = 0

    /// - Parameters:
    ///   - write: receives each piece of terminal text (carriage returns and
    ///     erase-line sequences included).
    ///   - clock: seconds on any monotonic scale.
    ///   - interval: the fewest seconds between two redraws of the line.
    public init(write: @escaping (String) -> Void, clock: @escaping () -> Double, interval: Double = 0.25) {
        self.write = write
        self.clock = clock
        self.interval = interval
    }

    /// A reporter writing to stderr, or nil when stderr (`descriptor`) is not a terminal.
    public static func terminal(descriptor: Int32 = STDERR_FILENO) -> ProgressReporter? {
        guard isatty(descriptor) == 1 else { return nil }
        return ProgressReporter(
            write: { text in
                _ = text.utf8CString.withUnsafeBufferPointer { Foundation.write(descriptor, $0.baseAddress, $0.count - 1) }
            },
            clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 })
    }

    /// Ends the current stage (its line stays, with its time) and starts `name`;
    /// `total` items of `unit` when the stage counts its work.
    public func stage(_ name: String, total: Int? = nil, unit: String = "") {
        lock.withLock {
            let now = clock()
            endStage(now)
            current = (name, now, total, unit)
            done = 0
            lastDrawn = now
            write(Self.erase + Self.line(stage: name, done: total == nil ? nil : 0, total: total, unit: unit, elapsed: 0))
        }
    }

    /// `count` more items of the current stage are done; safe from several
    /// threads at once; redrawn at most once an `interval`, and at the last item.
    public func advance(by count: Int = 1) {
        lock.withLock {
            guard let current else { return }
            done += count
            let now = clock()
            guard now - lastDrawn >= interval || done == current.total else { return }
            lastDrawn = now
            write(Self.erase + Self.line(stage: current.name, done: done, total: current.total, unit: current.unit,
                                         elapsed: now - current.start))
        }
    }

    /// Ends the last stage; its line stays.
    public func finish() {
        lock.withLock { endStage(clock()) }
    }

    private func endStage(_ now: Double) {
        guard let current else { return }
        write(Self.erase + "msoko: \(current.name) \(Self.seconds(now - current.start))\n")
        self.current = nil
    }

    /// Carriage return and erase to the end of the line (ECMA-48 EL).
    static let erase = "\r\u{1B}[K"

    /// The progress line: `msoko: report 1200/40000 schools, 1:37 left`, the
    /// time left extrapolated from the rate so far (elapsed × left / done);
    /// without a count `msoko: analysis…`.
    public static func line(stage: String, done: Int?, total: Int?, unit: String, elapsed: Double) -> String {
        guard let done, let total else { return "msoko: \(stage)…" }
        var text = "msoko: \(stage) \(done)/\(total)" + (unit.isEmpty ? "" : " \(unit)")
        if done > 0, done < total {
            text += ", \(clockTime(elapsed * Double(total - done) / Double(done))) left"
        }
        return text
    }

    /// `m:ss`, or `h:mm:ss` from an hour, rounded up to the second.
    static func clockTime(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, rest) = (total / 3600, (total / 60) % 60, total % 60)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
    }

    /// A stage's time: `0.4 s`, `42 s`, `1:05`.
    static func seconds(_ value: Double) -> String {
        if value < 10 { return Table.number(value, digits: 1) + " s" }
        if value < 60 { return "\(Int(value.rounded())) s" }
        return clockTime(value)
    }
}
