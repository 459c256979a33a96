/// SVG text under construction, as UTF-8 bytes.
///
/// The drawing code writes `out += "<rect x=\"\(c(x))\" …"`: with `out` of
/// this type, the literal's pieces, the interpolated strings and the
/// coordinates (`SVGNumber`, written digit by digit) go straight into one
/// byte array. As `String`s, each line was built, checked for ASCII and
/// copied again into the chart's text, which took a page's charts longer
/// than computing them.
struct SVGOutput: ExpressibleByStringInterpolation {
    var bytes: [UInt8] = []

    init() {}

    init(stringLiteral literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    init(stringInterpolation: StringInterpolation) {
        bytes = stringInterpolation.bytes
    }

    /// The text (the bytes are UTF-8: literals and strings copied whole).
    ///
    /// Equal to `String(decoding: bytes, as: UTF8.self)`, made faster:
    /// once a buffer holds one byte that is not ASCII (a Cyrillic title),
    /// that decoding checks every byte one at a time, and a national run
    /// spent a tenth of its school pages checking the markup it had just
    /// written. Here the ASCII runs are found eight bytes at a time and
    /// joined as they are (the standard library takes an all-ASCII buffer
    /// in whole words too); only the text from a non-ASCII byte to the next
    /// `<` or `"` (where an escaped text ends) is decoded with checking.
    /// Every run ends before an ASCII byte, which no UTF-8 sequence
    /// contains, so even bytes that are not UTF-8 are repaired as the
    /// whole buffer's decoding repairs them.
    var string: String {
        bytes.withUnsafeBufferPointer { buffer in
            var start = Self.asciiPrefixEnd(buffer, from: 0)
            if start == buffer.count { return String(decoding: buffer, as: UTF8.self) }
            var text = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<start]), as: UTF8.self)
            text.reserveCapacity(buffer.count)
            while start < buffer.count {
                // `start` is at a byte that is not ASCII: the text up to `<` or `"`, checked …
                var middle = start
                while middle < buffer.count, buffer[middle] != UInt8(ascii: "<"), buffer[middle] != UInt8(ascii: "\"") { middle += 1 }
                text += String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<middle]), as: UTF8.self)
                // … then the ASCII run after it.
                let end = Self.asciiPrefixEnd(buffer, from: middle)
                text += String(decoding: UnsafeBufferPointer(rebasing: buffer[middle..<end]), as: UTF8.self)
                start = end
            }
            return text
        }
    }

    /// The index of the first byte at or after `start` that is not ASCII
    /// (`buffer.count` when there is none), read a word at a time.
    static func asciiPrefixEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= buffer.count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
        }
        while index < buffer.count, buffer[index] < 0x80 { index += 1 }
        return index
    }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends a literal piece. With `write(_:)` for numbers, the hottest
    /// lines (one per point of a series) are written in place, without the
    /// buffer an interpolated line is built in.
    mutating func write(_ literal: StaticString) { literal.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    /// Appends a coordinate as `ChartNumber.coordinate` writes it.
    mutating func write(_ number: SVGNumber) { ChartNumber.writeCoordinate(number.value, to: &bytes) }

    static func += (output: inout SVGOutput, more: SVGOutput) {
        output.bytes.append(contentsOf: more.bytes)
    }

    static func + (first: SVGOutput, second: SVGOutput) -> SVGOutput {
        var joined = first
        joined += second
        return joined
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var bytes: [UInt8] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            bytes.reserveCapacity(literalCapacity + 8 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        mutating func appendInterpolation(_ text: String) { bytes.append(contentsOf: text.utf8) }

        mutating func appendInterpolation(_ number: SVGNumber) { ChartNumber.writeCoordinate(number.value, to: &bytes) }

        mutating func appendInterpolation(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

        mutating func appendInterpolation(_ output: SVGOutput) { bytes.append(contentsOf: output.bytes) }
    }
}

/// A coordinate to be written as `ChartNumber.coordinate` writes it.
struct SVGNumber: CustomStringConvertible {
    let value: Double

    var description: String { ChartNumber.coordinate(value) }
}
