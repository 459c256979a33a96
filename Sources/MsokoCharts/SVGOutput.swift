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
    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

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
