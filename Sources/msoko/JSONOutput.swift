import MsokoClustering
import MsokoLinearAlgebra

/// Compact JSON text for the analysis commands (docs/contract.md §4), built as bytes
/// because a label array can have millions of entries. Every number of
/// `kmeans`, `pca` and `trend` is written by `appendNumber`.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func key(_ name: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        raw("\"\(name)\":")
    }

    mutating func number(_ value: Double) { Self.appendNumber(value, to: &bytes) }

    /// msoko's one rule for a JSON number (docs/contract.md §4): a whole number
    /// below 10¹⁶ in magnitude without a fraction (`12`, not `12.0`; −0 as
    /// `0`), any other the shortest decimal that reads back as the same
    /// double (Swift's `description`, valid JSON for every finite value,
    /// which has an exponent from 10¹⁶ on), so no number ends in `.0`; and
    /// `null` for NaN and ±∞, which JSON cannot represent.
    @inline(__always)
    static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        guard value.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        if value == value.rounded(), abs(value) < 1e16 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
            return
        }
        var text = value.description
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    mutating func integers(_ values: [Int]) {
        bytes.reserveCapacity(bytes.count + values.count * 3 + 2)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            integer(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func numbers(_ values: [Double]) {
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            number(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A matrix as an array of its rows.
    mutating func rows(_ matrix: Matrix) {
        bytes.append(UInt8(ascii: "["))
        for row in 0..<matrix.rows {
            if row > 0 { bytes.append(UInt8(ascii: ",")) }
            numbers(matrix.row(row))
        }
        bytes.append(UInt8(ascii: "]"))
    }
}

extension KMeansResult {
    /// The JSON of `msoko kmeans` (docs/contract.md §4): `k`, `labels` (0-based, input
    /// order), `centroids`, `inertia`, `iterations`, `restarts`, `converged`,
    /// then `algorithm`; one line, with a final newline.
    func json() -> [UInt8] {
        var text = JSONText()
        text.raw("{")
        text.key("k", first: true); text.integer(centroids.rows)
        text.key("labels"); text.integers(labels)
        text.key("centroids"); text.rows(centroids)
        text.key("inertia"); text.number(inertia)
        text.key("iterations"); text.integer(iterations)
        text.key("restarts"); text.integer(restarts)
        text.key("converged"); text.raw(converged ? "true" : "false")
        text.key("algorithm"); text.raw("\"\(algorithm.rawValue)\"")
        text.raw("}\n")
        return text.bytes
    }
}

extension PrincipalComponents {
    /// The JSON of `msoko pca` (docs/contract.md §4): `explained_variance`,
    /// `explained_variance_ratio`, `components` (one array of loadings per
    /// component), `scores` (one array per input row); one line.
    func json() -> [UInt8] {
        var text = JSONText()
        text.raw("{")
        text.key("explained_variance", first: true); text.numbers(explainedVariance)
        text.key("explained_variance_ratio"); text.numbers(explainedVarianceRatio)
        text.key("components"); text.rows(components)
        text.key("scores"); text.rows(scores)
        text.raw("}\n")
        return text.bytes
    }
}
