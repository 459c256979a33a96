import Testing
import MsokoLinearAlgebra

@Suite("Parallelism.fill")
struct ParallelFillTests {
    /// A value that depends on the index in a way a misplaced write would show.
    static func value(_ index: Int) -> Double { (Double(index) * 0.1).squareRoot() + Double(index % 7) }

    @Test("fills every element with its index's value, bit for bit as a serial loop, for any block size",
          arguments: [1, 7, 1024])
    func matchesSerial(blockSize: Int) {
        for count in [0, 1, 5, 1023, 1024, 1025, 10_000] {
            var filled = [Double](repeating: -1, count: count)
            Parallelism.fill(&filled, blockSize: blockSize) { Self.value($0) }
            let serial = (0..<count).map(Self.value)
            #expect(filled.map(\.bitPattern) == serial.map(\.bitPattern), "count \(count)")
        }
    }
}
