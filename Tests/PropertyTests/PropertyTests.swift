import Foundation
import MsokoClustering
import MsokoIngest
import MsokoLinearAlgebra
import MsokoModel
import MsokoAnalysis
import MsokoStatistics
import PropertyBased
import Testing
import MsokoTestSupport

/// Properties that must hold for every input, checked on random inputs with
/// swift-property-based (issue 15). Counts are bounded so the suite stays fast.
@Suite("Properties")
struct PropertyTests {
    /// A cell of any Unicode a text file can hold: the C0 controls other than
    /// tab, LF and CR make a file "not text" by design (`TextDecoding`), so
    /// they are left out; quotes, separators, line ends, a byte-order mark,
    /// Cyrillic, right-to-left marks, emoji and astral scalars are in.
    static var cell: Generator<String, some Sequence & SendableMetatype> { Gen.frequency(
        (3, Gen<Character?>.element(of: Array("\",;\t\r\n '=+-@\u{FEFF}\u{200F}😀ё") as [Character]).map { $0! }),
        (3, Gen.unicodeScalar(in: " "..."\u{7E}").map { Character($0) }),
        (2, Gen.unicodeScalar(in: "\u{400}"..."\u{4FF}").map { Character($0) }),
        (1, Gen.unicodeScalar(in: "\u{A0}"..."\u{D7FF}").map { Character($0) }),
        (1, Gen.unicodeScalar(in: "\u{10000}"..."\u{10FFFF}").map { Character($0) })
    ).string(of: 0...8) }

    /// Reads `text` back as msoko reads a comma-separated file.
    static func read(_ text: String) throws -> [[String]] {
        let document = try TableDocument(delimited: Array(text.utf8), path: "p.csv",
                                         spec: TableSpec(path: "p.csv", delimiter: UInt8(ascii: ",")))
        var cursor = document.makeCursor()
        var cells: [CSVField] = []
        var rows: [[String]] = []
        while try cursor.next(into: &cells) != nil { rows.append(cells.map { document.string($0) ?? "<invalid>" }) }
        return rows
    }

    @Test("round trip: a table written as CSV reads back with every Unicode field intact (verbatim and formula-safe)")
    func csvRoundTrip() async throws {
        await propertyCheck(count: 300, input: Gen.int(in: 2...4), Self.cell.array(of: 4...16)) { columns, cells in
            let rows = stride(from: 0, to: cells.count - columns + 1, by: columns).map { Array(cells[$0..<$0 + columns]) }
            let table = Table(columns: (0..<columns).map { "c\($0)" }, rows: rows)
            let verbatim = try Self.read(table.verbatimCSV)
            let safe = try Self.read(table.csv)
            #expect(verbatim == [table.columns] + rows)
            #expect(safe == [table.columns] + rows.map { $0.map(Table.formulaSafe) })
        }
    }

    static let catalog = try! Catalog.parse("""
        areas:
          - id: a
            name: {ru: "А", en: "A"}
        indicators:
          - id: up
            name: {ru: "В", en: "Up"}
            area: a
            unit: percent
            direction: up
            target: 70
          - id: down
            name: {ru: "Н", en: "Down"}
            area: a
            unit: percent
            direction: down
            target: 5
        """, file: "property.yaml")

    @Test("normalised scores lie in 0–100 and a better value never scores lower, for every method and direction")
    func normalisedScores() async {
        let values = Gen.double(in: 0...1000).optional(valueRate: 0.85).array(of: 1...20)
        await propertyCheck(count: 200, input: values, Gen<NormalizationMethod>.case, Gen.bool) { values, method, up in
            let indicator = Self.catalog.indicator(up ? "up" : "down")!
            let scores = Normalization.normalize(values, indicator: indicator, method: method).scores
            for (value, score) in zip(values, scores) {
                #expect((value == nil) == (score == nil))
                if let score { #expect(score >= 0 && score <= 100, "\(method) \(score)") }
            }
            for (i, a) in values.enumerated() { for (j, b) in values.enumerated() {
                guard let a, let b, let scoreA = scores[i], let scoreB = scores[j] else { continue }
                let aIsBetter = up ? a > b : a < b
                if aIsBetter { #expect(scoreA >= scoreB - 1e-9, "\(method): \(a) → \(scoreA), \(b) → \(scoreB)") }
            }}
        }
    }

    /// `n` points of `d` coordinates, in a few loose groups.
    static var points: Generator<(n: Int, d: Int, values: [Double]), some Sequence & SendableMetatype> { zip(Gen.int(in: 6...40), Gen.int(in: 1...3), Gen.double(in: -10...10).array(of: 120))
        .map { n, d, values in (n: n, d: d, values: Array(values.prefix(n * d))) } }

    @Test("k-means inertia never increases from one iteration to the next (Lloyd and Hamerly, from given centres)")
    func inertiaDecreases() async throws {
        await propertyCheck(count: 60, input: Self.points, Gen.int(in: 1...4), Gen<KMeans.Algorithm>.case) { points, k, algorithm in
            let matrix = Matrix(rows: points.n, columns: points.d, rowMajor: points.values)
            let start = Matrix(rows: k, columns: points.d, rowMajor: Array(points.values.prefix(k * points.d)))
            var previous = Double.infinity
            for iterations in 1...8 {
                let result = try KMeans(clusterCount: k, initialization: .centroids(start), maximumIterations: iterations,
                                        tolerance: 0, algorithm: algorithm, usesConcurrency: false).fit(matrix)
                #expect(result.inertia <= previous * (1 + 1e-12) + 1e-12, "iteration \(iterations): \(result.inertia) after \(previous)")
                previous = result.inertia
            }
        }
    }

    @Test("k-means from given centres gives the same partition whatever the order of the rows (up to label names)")
    func partitionIgnoresRowOrder() async throws {
        await propertyCheck(count: 60, input: Self.points, Gen.int(in: 1...4), Gen.int(in: 0...Int.max)) { points, k, seed in
            let rows = (0..<points.n).map { Array(points.values[$0 * points.d..<($0 + 1) * points.d]) }
            var generator = SeededGenerator(seed: UInt64(seed))
            let order = Array(0..<points.n).shuffled(using: &generator)
            let start = Matrix(Array(rows.prefix(k)))
            let fit = { (rows: [[Double]]) in
                try KMeans(clusterCount: k, initialization: .centroids(start), tolerance: 0, usesConcurrency: false).fit(Matrix(rows))
            }
            let original = try fit(rows)
            let shuffled = try fit(order.map { rows[$0] })
            // Points i and j share a cluster in one run exactly when they do in the other.
            var back = [Int](repeating: 0, count: points.n)
            for (position, row) in order.enumerated() { back[row] = shuffled.labels[position] }
            for i in 0..<points.n { for j in 0..<points.n {
                #expect((original.labels[i] == original.labels[j]) == (back[i] == back[j]))
            }}
            #expect(isApproximatelyEqual(original.inertia, shuffled.inertia, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        }
    }

    /// A yearly series of 3–15 values.
    static var series: Generator<[Double], some Sequence & SendableMetatype> { Gen.double(in: -100...100).array(of: 3...15) }

    @Test("Mann–Kendall's S changes sign with the series (S(−x) = −S(x)) and its p-value is unchanged")
    func mannKendallSign() async throws {
        await propertyCheck(count: 300, input: Self.series) { values in
            let times = values.indices.map(Double.init)
            let plain = try MannKendall.test(times: times, values: values)
            let negated = try MannKendall.test(times: times, values: values.map { -$0 })
            #expect(negated.s == -plain.s)
            #expect(isApproximatelyEqual(negated.p, plain.p, absoluteTolerance: 1e-12))
        }
    }

    @Test("Sen's slope is unchanged by adding a constant to the series; the intercept moves by that constant")
    func senSlopeShift() async throws {
        await propertyCheck(count: 300, input: Self.series, Gen.double(in: -1000...1000)) { values, shift in
            let times = values.indices.map(Double.init)
            let plain = try SenSlope.estimate(times: times, values: values)
            let shifted = try SenSlope.estimate(times: times, values: values.map { $0 + shift })
            #expect(isApproximatelyEqual(shifted.slope, plain.slope, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
            #expect(isApproximatelyEqual(shifted.intercept, plain.intercept + shift, absoluteTolerance: 1e-8 * max(1, abs(shift)), relativeTolerance: 1e-8))
        }
    }
}
