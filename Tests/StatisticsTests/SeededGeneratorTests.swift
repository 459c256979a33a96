import Testing
@testable import MsokoStatistics
import MsokoTestSupport

@Suite("SeededGenerator")
struct SeededGeneratorTests {
    @Test("the same seed gives the same sequence; different seeds differ")
    func reproducible() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xa = (0..<8).map { _ in a.next() }
        let xb = (0..<8).map { _ in b.next() }
        let xc = (0..<8).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
    }

    @Test("nextInt(below:) stays in range and hits every value of a small range")
    func boundedInts() {
        var g = SeededGenerator(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let x = g.nextInt(below: 5)
            #expect((0..<5).contains(x))
            seen.insert(x)
        }
        #expect(seen.count == 5)
    }

    @Test("nextDouble is in [0, 1) with mean near 1/2")
    func unitDoubles() {
        var g = SeededGenerator(seed: 1)
        var sum = 0.0
        for _ in 0..<100_000 {
            let x = g.nextDouble()
            #expect(x >= 0 && x < 1)
            sum += x
        }
        #expect(isApproximatelyEqual(sum / 100_000, 0.5, absoluteTolerance: 0.01))
    }
}
