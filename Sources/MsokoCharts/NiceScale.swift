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
        // Fast path (a national run draws millions of coordinates, and
        // `String(format:)` dominated the report): the nearest count of
        // hundredths is `%.2f`'s answer unless x·100 lies within 10⁻⁶ of a
        // tie, where the product's rounding error could matter; those few go
        // the slow way, so the bytes are exactly `%.2f`'s.
        let scaled = x * 100
        if abs(scaled) < 1e9 {
            let below = scaled.rounded(.down)
            let fraction = scaled - below
            if abs(fraction - 0.5) > 1e-6 {
                return hundredths(Int64(fraction < 0.5 ? below : below + 1))
            }
        }
        var text = String(format: "%.2f", x)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `count` hundredths as text with trailing zeros removed; `-0` is `0`.
    static func hundredths(_ count: Int64) -> String {
        let magnitude = count.magnitude
        var text = count < 0 ? "-" : ""
        text += String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 {
            text += fraction % 10 == 0 ? "." + String(fraction / 10) : (fraction < 10 ? ".0" : ".") + String(fraction)
        }
        return text
    }

    /// A tick label: up to 2 decimals, trailing zeros removed.
    public static func plain(_ x: Double) -> String { coordinate(x) }
}
