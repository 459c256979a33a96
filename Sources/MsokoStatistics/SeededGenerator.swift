import Foundation

/// The one pseudo-random generator of msoko: xoshiro256** (Blackman & Vigna,
/// "Scrambled linear pseudorandom number generators", 2021), seeded through
/// SplitMix64 so that any 64-bit seed gives a well-mixed state.
///
/// Every random choice in the analysis takes one of these, created from an
/// explicit seed, so the same seed gives the same result on every machine.
/// The derived draws (`nextDouble`, `nextInt(below:)`, `nextNormal`) are
/// defined here rather than taken from the standard library, whose algorithms
/// for `random(in:using:)` are not promised to stay the same across releases.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func next() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (next(), next(), next(), next())
    }

    /// An independent stream for sub-task `index` (a restart, a bootstrap
    /// resample, a thread's chunk): the result does not depend on which thread
    /// runs which sub-task.
    public static func stream(seed: UInt64, index: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed ^ (index &+ 1) &* 0xD1B5_4A32_D192_ED03)
    }

    @inlinable
    static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = SeededGenerator.rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = SeededGenerator.rotateLeft(state.3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (Lemire's nearly divisionless method, 2019).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A standard normal draw (Marsaglia's polar method).
    public mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextDouble() - 1
            let v = 2 * nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * log(s) / s).squareRoot()
            }
        }
    }

    /// Fisher–Yates shuffle with this generator's own integer draws.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }
}

