import MsokoClustering
import MsokoLinearAlgebra

/// Compact JSON text for the analysis commands (docs/contract.md §4), built as bytes
/// because a label array can have millions of entries. Doubles are written
/// in Swift's shortest round-trip form (`description`), which is valid JSON
/// for every finite value; non-finite values (never produced by a
/// successful analysis) are written as `null`.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func key(_ name: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        raw("\"\(name)\":")
    }

    mutating func number(_ value: Double) {
        if value.isFinite { raw(value.description) } else { raw("null") }
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
