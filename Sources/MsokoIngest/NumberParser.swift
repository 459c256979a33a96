#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strict parsing of decimal numbers in the canonical format:
/// `[+-]digits[.digits][(e|E)[+-]digits]`, or `[+-].digits…`.
/// No spaces, no decimal comma, no `nan`/`inf`, no thousands separators:
/// anything else is "not a number", so the row is rejected rather than
/// misread.
///
/// Results are correctly rounded. The common case — at most 19 significant
/// digits whose value fits 2⁵³ and a decimal exponent within ±22 — is exact
/// in one multiplication or division by an exact power of ten (Clinger's fast
/// path, "How to read floating point numbers accurately", 1990); other inputs
/// go to the C library's `strtod`, which rounds correctly.
public enum NumberParser {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Parses bytes `from..<to` of `buffer`; `nil` if they are not a number.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var index = start
        guard index < end else { return nil }
        var negative = false
        if buffer[index] == UInt8(ascii: "-") || buffer[index] == UInt8(ascii: "+") {
            negative = buffer[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var digitCount = 0          // significant digits accumulated
        var droppedDigits = false   // more than 19 significant digits
        var exponent = 0
        var sawDigit = false
        while index < end, buffer[index] &- 48 < 10 {
            sawDigit = true
            let digit = UInt64(buffer[index] &- 48)
            if mantissa == 0 && digit == 0 {
                // leading zero: not significant
            } else if digitCount < 19 {
                mantissa = mantissa * 10 + digit
                digitCount += 1
            } else {
                exponent += 1
                droppedDigits = true
            }
            index += 1
        }
        if index < end, buffer[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, buffer[index] &- 48 < 10 {
                sawDigit = true
                let digit = UInt64(buffer[index] &- 48)
                if mantissa == 0 && digit == 0 {
                    exponent -= 1
                } else if digitCount < 19 {
                    mantissa = mantissa * 10 + digit
                    digitCount += 1
                    exponent -= 1
                } else {
                    droppedDigits = true
                }
                index += 1
            }
        }
        guard sawDigit else { return nil }
        if index < end, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < end, buffer[index] == UInt8(ascii: "-") || buffer[index] == UInt8(ascii: "+") {
                exponentNegative = buffer[index] == UInt8(ascii: "-")
                index += 1
            }
            var explicit = 0
            var sawExponentDigit = false
            while index < end, buffer[index] &- 48 < 10 {
                sawExponentDigit = true
                if explicit < 100_000 { explicit = explicit * 10 + Int(buffer[index] &- 48) }
                index += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -explicit : explicit
        }
        guard index == end else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !droppedDigits, mantissa <= (1 << 53), exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= powersOfTen[-exponent] } else { value *= powersOfTen[exponent] }
            return negative ? -value : value
        }
        return slowPath(buffer, from: start, to: end)
    }

    /// Parses a string (convenience for tests and options).
    public static func parse(_ text: some StringProtocol) -> Double? {
        var bytes = Array(text.utf8)
        let count = bytes.count
        return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0), from: 0, to: count) }
    }

    /// `strtod` on a NUL-terminated copy; the grammar was already checked.
    private static func slowPath(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double? {
        var copy = [CChar](repeating: 0, count: end - start + 1)
        for offset in 0..<(end - start) { copy[offset] = CChar(bitPattern: buffer[start + offset]) }
        let value = copy.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
        return value.isFinite ? value : nil
    }
}
