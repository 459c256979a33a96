import Foundation
import MsokoModel

/// Scores of every school on every indicator, area and the overall index for
/// one period and one set of methodological choices.
public struct CompositeScores: Sendable {
    public let schoolIDs: [String]
    public let indicators: [Indicator]
    /// The areas that have at least one scored indicator, in catalog order.
    public let areaIDs: [String]
    /// `indicatorScores[school][indicator]`, 0–100, nil = missing.
    public let indicatorScores: [[Double?]]
    public let columns: [NormalizedColumn]
    /// `areaScores[school][area]`, 0–100, nil when no indicator of the area has a score.
    public let areaScores: [[Double?]]
    /// The overall index of each school, 0–100.
    public let overallIndex: [Double?]
}

/// Aggregation of indicator scores into area scores and an overall index
/// (OECD/JRC Handbook, 2008, §1.7 and step 6; COINr `Aggregate`).
///
/// - Area score of a school: the weighted mean of its indicator scores in
///   the area with the catalog weights `wᵢ`. Arithmetic: `Σwᵢsᵢ / Σwᵢ`.
///   Geometric: `exp(Σwᵢ·ln(sᵢ + 1) / Σwᵢ) − 1`; the shift by one keeps a
///   zero score from annihilating the area (the geometric mean needs
///   positive values) while still penalising it more than the arithmetic
///   mean does.
/// - Missing scores are left out and the remaining weights rescaled (the
///   `reweight` policy; with imputation there is nothing missing).
/// - Overall index: the same mean over the school's area scores with equal
///   area weights (each monitoring area is one dimension of the road map).
public enum CompositeIndex {
    public static func compute(grid: ValueGrid, method: NormalizationMethod, winsorize: Double,
                               aggregation: AggregationMethod, areas: [Area],
                               weights: [Double]? = nil) -> CompositeScores {
        aggregate(grid: grid, columns: normalize(grid: grid, method: method, winsorize: winsorize),
                  aggregation: aggregation, areas: areas, weights: weights)
    }

    /// `compute` from the values alone, by indicator (nil = missing), with
    /// the catalog weights: for a period that needs no grid (an earlier year).
    static func compute(values: [[Double?]], schoolIDs: [String], indicators: [Indicator], method: NormalizationMethod,
                        winsorize: Double, aggregation: AggregationMethod, areas: [Area]) -> CompositeScores {
        let columns = indicators.indices.map { j in
            Normalization.normalize(values[j], indicator: indicators[j], method: method, winsorize: winsorize)
        }
        return aggregate(schoolIDs: schoolIDs, indicators: indicators, columns: columns, aggregation: aggregation,
                         areas: areas, weights: nil)
    }

    /// Every indicator of the grid normalised by one method (the part of
    /// `compute` that does not depend on the weights).
    public static func normalize(grid: ValueGrid, method: NormalizationMethod, winsorize: Double) -> [NormalizedColumn] {
        grid.indicators.indices.map { j in
            Normalization.normalize(grid.values(indicator: j), indicator: grid.indicators[j], method: method, winsorize: winsorize)
        }
    }

    /// Area scores and the overall index from normalised columns and weights.
    public static func aggregate(grid: ValueGrid, columns: [NormalizedColumn], aggregation: AggregationMethod,
                                 areas: [Area], weights: [Double]? = nil) -> CompositeScores {
        aggregate(schoolIDs: grid.schoolIDs, indicators: grid.indicators, columns: columns, aggregation: aggregation,
                  areas: areas, weights: weights)
    }

    /// `aggregate(grid:…)` for the grid's schools and indicators.
    static func aggregate(schoolIDs: [String], indicators: [Indicator], columns: [NormalizedColumn],
                          aggregation: AggregationMethod, areas: [Area], weights: [Double]?) -> CompositeScores {
        let indicatorScores = schoolIDs.indices.map { i in columns.map { $0.scores[i] } }
        let weights = weights ?? indicators.map(\.weight)
        let areaIDs = areas.map(\.id).filter { area in
            indicators.indices.contains { indicators[$0].area == area && !columns[$0].notes.contains(.allMissing) }
        }
        let membership = areaIDs.map { area in indicators.indices.filter { indicators[$0].area == area } }
        // The weights are the same for every school: gathered once.
        let memberWeights = membership.map { members in members.map { weights[$0] } }
        let areaWeights = [Double](repeating: 1, count: membership.count)
        var areaScores: [[Double?]] = []
        var overall: [Double?] = []
        for row in indicatorScores {
            let schoolAreas = membership.indices.map { a -> Double? in
                mean(membership[a].map { row[$0] }, weights: memberWeights[a], aggregation: aggregation)
            }
            areaScores.append(schoolAreas)
            overall.append(mean(schoolAreas, weights: areaWeights, aggregation: aggregation))
        }
        return CompositeScores(schoolIDs: schoolIDs, indicators: indicators, areaIDs: areaIDs,
                               indicatorScores: indicatorScores, columns: columns, areaScores: areaScores,
                               overallIndex: overall)
    }

    /// The weighted arithmetic or shifted geometric mean of the present
    /// scores (see the type's documentation); nil when none is present.
    public static func mean(_ scores: [Double?], weights: [Double], aggregation: AggregationMethod) -> Double? {
        var total = 0.0, weightSum = 0.0
        for (score, weight) in zip(scores, weights) {
            guard let score else { continue }
            switch aggregation {
            case .arithmetic: total += weight * score
            case .geometric: total += weight * (score + 1).log()
            }
            weightSum += weight
        }
        guard weightSum > 0 else { return nil }
        switch aggregation {
        case .arithmetic: return total / weightSum
        case .geometric: return (total / weightSum).exp() - 1
        }
    }
}

extension Double {
    func log() -> Double { Foundation.log(self) }
    func exp() -> Double { Foundation.exp(self) }
}
