import Foundation
import Testing
import MsokoLinearAlgebra

@Suite("Background work")
struct BackgroundWorkTests {
    /// A text set by the work, read after `wait()`.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var text: String?
        func set(_ value: String?) { lock.withLock { text = value ?? "" } }
        var value: String? { lock.withLock { text } }
    }

    @Test("on a thread: the work runs beside the caller (it waits for a signal sent after the initialiser returned) and is done when wait() returns")
    func onThread() {
        let flag = Flag()
        let go = DispatchSemaphore(value: 0)
        let work = BackgroundWork(name: "msoko test work", onThread: true) {
            // Run inline, this would time out: the signal comes after the initialiser.
            flag.set(go.wait(timeout: .now() + 10) == .success ? "signalled" : "timed out")
        }
        go.signal()
        work.wait()
        #expect(flag.value == "signalled")
    }

    @Test("without a thread: the work is done on the caller's thread before the initialiser returns")
    func inline() {
        let flag = Flag()
        let work = BackgroundWork(name: "unused", onThread: false) { flag.set("done") }
        #expect(flag.value == "done")
        work.wait()
    }
}
