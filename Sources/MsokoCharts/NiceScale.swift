import Foundation

/// "Nice numbers" for axis ticks (Heckbert, "Nice numbers for graph labels",
/// Graphics Gems, 1990): ticks at 1, 2 or 5 × 10ⁿ that cover the domain.
public enum NiceScale {
    /// About `count` ticks covering `domain`; the first and last tick enclose it.
    public static func ticks(_ domain: ClosedRange<Double>, count: Int = 5) -> [Double] {
        var low = domain.lowerBound, high = domain.upperBound
        if !(low.isFinite && high.isFinite) { return [0, 1] }
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let range = niceNumber(high - low, round: false)
        let step = niceNumber(range / Double(max(count - 1, 1)), round: true)
        let first = (low / step).rounded(.down) * step
        let last = (high / step).rounded(.up) * step
        var ticks: [Double] = []
        var value = first
        while value <= last + step * 0.5 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }

    static func niceNumber(_ x: Double, round: Bool) -> Double {
        guard x > 0 else { return 1 }
        let exponent = floor(log10(x))
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * pow(10, exponent)
    }
}

/// Deterministic number text for SVG coordinates and tick labels.
public enum ChartNumber {
    /// A coordinate with two decimals, trailing zeros removed.
    public static func coordinate(_ x: Double) -> String {
        if let count = hundredthsCount(x) { return hundredths(count) }
        var text = String(format: "%.2f", x)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Appends `coordinate(x)`'s UTF-8 bytes to `bytes`.
    static func writeCoordinate(_ x: Double, to bytes: inout [UInt8]) {
        if let count = hundredthsCount(x) {
            writeHundredths(count, to: &bytes)
        } else {
            bytes.append(contentsOf: coordinate(x).utf8)
        }
    }

    /// The count of hundredths `%.2f` prints for `x`, or nil when `x` is too
    /// large for the fast path (then `String(format:)` answers).
    static func hundredthsCount(_ x: Double) -> Int64? {
        // Fast path (a national run draws millions of coordinates, and
        // `String(format:)` dominated the report): the nearest count of
        // hundredths is `%.2f`'s answer unless x·100 lies within 10⁻⁶ of a
        // tie, where the product's rounding error could matter.
        let scaled = x * 100
        guard abs(scaled) < 1e9 else { return nil }
        let below = scaled.rounded(.down)
        let fraction = scaled - below
        if abs(fraction - 0.5) > 1e-6 {
            return Int64(fraction < 0.5 ? below : below + 1)
        }
        // Near a tie (bars at a quarter or an eighth of a band land on
        // one often): x·100 is exactly `scaled + error`, the product's
        // rounding error found by a fused multiply-add. The difference
        // from the tie is exact (two close numbers), so the sign of
        // `offset` is the exact side of the tie; on an exact tie `%.2f`
        // rounds to the even count (glibc prints the exact binary value
        // rounded to nearest, ties to even), and so does this.
        let error = (-scaled).addingProduct(x, 100)
        let offset = (scaled - (below + 0.5)) + error
        let even = below.truncatingRemainder(dividingBy: 2) == 0
        return Int64(offset > 0 || (offset == 0 && !even) ? below + 1 : below)
    }

    /// `count` hundredths as text with trailing zeros removed; `-0` is `0`.
    static func hundredths(_ count: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        writeHundredths(count, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `hundredths(count)`'s bytes (no intermediate strings: a page
    /// draws thousands of coordinates). The text is made from the right in
    /// a small buffer, by divisions by 10 (which compile to multiplications,
    /// where a divisor per digit was a division each), and appended at once.
    static func writeHundredths(_ count: Int64, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var start = buffer.count
            func prepend(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            var whole = count.magnitude / 100
            let fraction = count.magnitude % 100
            if fraction != 0 {
                if fraction % 10 != 0 { prepend(48 + UInt8(fraction % 10)) }
                prepend(48 + UInt8(fraction / 10))
                prepend(UInt8(ascii: "."))
            }
            repeat {
                prepend(48 + UInt8(whole % 10))
                whole /= 10
            } while whole > 0
            if count < 0 { prepend(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// A tick label: up to 2 decimals, trailing zeros removed.
    public static func plain(_ x: Double) -> String { coordinate(x) }
}
