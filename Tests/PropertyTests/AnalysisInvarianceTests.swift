import Foundation
import MsokoAnalysis
import MsokoModel
import MsokoStatistics
import PropertyBased
import Testing

/// Invariances of the term analysis (issue 15 item 2), on random districts.
@Suite("Properties of the term analysis")
struct AnalysisInvarianceTests {
    /// Five outcome indicators in two areas, one of each kind of scale: a
    /// percentage with a target and one without, a count, a rate per 100 and
    /// a score. `scaled` multiplies one indicator's target by `factor`.
    static let indicators: [(id: String, fields: String, target: Double?)] = [
        ("p_up", "area: a, unit: percent, direction: up, weight: 2", 70),
        ("p_down", "area: a, unit: percent, direction: down", nil),
        ("clubs", "area: b, unit: count, direction: up", 6),
        ("offences", "area: b, unit: per_100, direction: down, weight: 3", 1.5),
        ("climate", "area: b, unit: score, direction: up", 4),
    ]
    /// The indicators whose values may be given in another unit (no 0–100 bound).
    static let rescalable = ["clubs", "offences", "climate"]

    static func catalog(order: [Int], scaling: (id: String, factor: Double)? = nil) throws -> Catalog {
        let listed = order.map { index -> String in
            let indicator = indicators[index]
            let factor = indicator.id == scaling?.id ? scaling!.factor : 1
            let target = indicator.target.map { ", target: \($0 * factor)" } ?? ""
            return "  - {id: \(indicator.id), name: {ru: \(indicator.id), en: \(indicator.id)}, \(indicator.fields)\(target)}"
        }
        return try Catalog.parse("""
            areas:
              - {id: a, name: {ru: А, en: A}}
              - {id: b, name: {ru: Б, en: B}}
            indicators:
            \(listed.joined(separator: "\n"))
            """, file: "property.yaml")
    }

    static let measures = """
        measures:
          - {id: seminar, text: {ru: "Семинар", en: "Seminar"}}
        rules:
          - {area: "*", kind: confirmed, measures: [seminar]}
        """

    /// 6–20 schools; each value drawn around its indicator's target (some missing).
    static var district: Generator<[[Double?]], some Sequence & SendableMetatype> {
        Gen.double(in: 0...1).optional(valueRate: 0.9).array(of: 5).array(of: 6...20)
    }

    /// A unit value of each indicator from a draw u in 0…1.
    static let ranges: [ClosedRange<Double>] = [20...100, 0...40, 0...12, 0...5, 1...5]

    static func observations(_ district: [[Double?]], scaling: (id: String, factor: Double)? = nil) -> [Observation] {
        district.enumerated().flatMap { school, draws in
            indicators.indices.map { j in
                let range = ranges[j]
                var value = draws[j].map { range.lowerBound + $0 * (range.upperBound - range.lowerBound) }
                if indicators[j].id == scaling?.id { value = value.map { $0 * scaling!.factor } }
                return Observation(schoolID: String(format: "S%02d", school + 1), period: Period("2023/24")!,
                                   indicatorID: indicators[j].id, value: value,
                                   source: SourceRow(file: "district.csv", line: 2 + school * 5 + j))
            }
        }
    }

    static func analyse(_ observations: [Observation], catalog: Catalog, settings: AnalysisSettings) throws -> TermAnalysisResult {
        let ids = Set(observations.map(\.schoolID)).sorted()
        let dataset = Dataset(schools: ids.map { School(id: $0, name: $0, source: SourceRow(file: "schools.csv", line: 2)) },
                              observations: observations, rejects: [], inputs: [])
        return try TermAnalysis.run(dataset: dataset, catalog: catalog, settings: settings,
                                    measures: try MeasureCatalog.parse(measures, file: "measures.yaml", catalog: catalog),
                                    period: Period("2023/24")!, language: .en)
    }

    @Test("area scores do not change when the catalog lists the indicators in another order (every normalisation and aggregation)")
    func areaScoresIgnoreCatalogOrder() async throws {
        await propertyCheck(count: 40, input: Self.district, Gen.int(in: 0...Int.max), Gen<NormalizationMethod>.case,
                            Gen<AggregationMethod>.case) { district, seed, method, aggregation in
            var generator = SeededGenerator(seed: UInt64(seed))
            let order = Array(Self.indicators.indices).shuffled(using: &generator)
            let settings = AnalysisSettings(normalization: method, aggregation: aggregation,
                                            sensitivity: SensitivitySettings(draws: 2))
            let observations = Self.observations(district)
            let listed = try Self.analyse(observations, catalog: try Self.catalog(order: Array(Self.indicators.indices)), settings: settings)
            let reordered = try Self.analyse(observations, catalog: try Self.catalog(order: order), settings: settings)
            #expect(listed.schools.map(\.schoolID) == reordered.schools.map(\.schoolID))
            for (a, b) in zip(listed.schools, reordered.schools) {
                #expect(a.areaScores.keys.sorted() == b.areaScores.keys.sorted(), "\(a.schoolID), order \(order)")
                for (area, score) in a.areaScores {
                    // Only the order of a weighted sum changes: equal up to rounding.
                    #expect(abs(score - (b.areaScores[area] ?? .nan)) <= 1e-9, "\(a.schoolID) \(area), order \(order)")
                }
            }
        }
    }

    /// Invariance guaranteed by the code: a deficit's severity is measured in
    /// robust spreads of the district (median and MAD are scale-equivariant)
    /// and in the share of the target missed (value / target), so multiplying
    /// an indicator's values *and its target* by c > 0 (a count per 1000
    /// instead of per 100 with the target ×10, a score on another scale)
    /// changes no severity and no need score. Percentages are bounded by
    /// 100, so the change of units is checked on the count, rate and score.
    @Test("the need ranking is invariant when an indicator's values and target are expressed in another unit (×c, c > 0)")
    func needRankingIgnoresUnits() async throws {
        await propertyCheck(count: 40, input: Self.district, Gen<String?>.element(of: Self.rescalable).map { $0! },
                            Gen.double(in: -3...3)) { district, indicator, exponent in
            let factor = pow(10, exponent)
            let settings = AnalysisSettings(sensitivity: SensitivitySettings(draws: 2))
            let order = Array(Self.indicators.indices)
            let reference = try Self.analyse(Self.observations(district), catalog: try Self.catalog(order: order), settings: settings)
            let scaling = (id: indicator, factor: factor)
            let scaled = try Self.analyse(Self.observations(district, scaling: scaling),
                                          catalog: try Self.catalog(order: order, scaling: scaling), settings: settings)
            let need = Dictionary(uniqueKeysWithValues: reference.ranking.map { ($0.schoolID, $0.deficitScore) })
            let rank = Dictionary(uniqueKeysWithValues: scaled.ranking.map { ($0.schoolID, $0.rank) })
            #expect(Set(need.keys) == Set(rank.keys))
            for entry in scaled.ranking {
                #expect(abs(entry.deficitScore - need[entry.schoolID]!) <= 1e-9 * max(1, need[entry.schoolID]!),
                        "\(entry.schoolID): \(indicator) ×\(factor)")
            }
            // Schools whose need differs beyond rounding keep their order.
            for a in reference.ranking { for b in reference.ranking where a.deficitScore > b.deficitScore * (1 + 1e-9) + 1e-12 {
                #expect(rank[a.schoolID]! < rank[b.schoolID]!, "\(a.schoolID) before \(b.schoolID): \(indicator) ×\(factor)")
            }}
        }
    }
}
