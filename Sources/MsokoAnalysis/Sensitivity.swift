import MsokoModel
import MsokoStatistics

/// How sure a school's place in the overall ranking is.
public struct RankUncertainty: Hashable, Sendable {
    public let schoolID: String
    /// The rank under the pipeline's own choices (1 = highest index).
    public let nominalRank: Int
    /// The median rank over the Monte-Carlo draws.
    public let medianRank: Double
    /// The 5th and 95th percentiles of the rank: the 90 % rank interval.
    public let rankLow: Double
    public let rankHigh: Double
    /// Whether the position is robust: the 90 % interval spans at most
    /// `max(1, 0.2·(n − 1))` places, a fifth of the ranking.
    public let isRobust: Bool
}

/// Uncertainty and sensitivity analysis of the overall index by Monte Carlo
/// (Saisana, Saltelli & Tarantola 2005, "Uncertainty and sensitivity analysis
/// techniques as tools for the quality assessment of composite indicators",
/// J. R. Stat. Soc. A 168(2); OECD/JRC Handbook 2008, step 7; COINr
/// `get_sensanalysis`).
///
/// Each draw picks a normalisation method uniformly from the configured ones
/// and multiplies every indicator weight by an independent uniform factor in
/// `1 ± weightVariation`; the index is recomputed and the schools ranked
/// (1 = highest, ties share their average rank). Draw d uses
/// `SeededGenerator.stream(seed:index: d)`, so the result depends only on the
/// seed. The median and the type-7 5th/95th percentiles of each school's
/// ranks are reported.
public enum Sensitivity {
    public static func analyze(grid: ValueGrid, settings: AnalysisSettings, areas: [Area],
                               nominal: CompositeScores) -> [RankUncertainty] {
        let included = nominal.overallIndex.indices.filter { nominal.overallIndex[$0] != nil }
        guard !included.isEmpty else { return [] }
        let n = included.count
        let nominalRanks = ordinalRanks(included.map { nominal.overallIndex[$0]! }, ids: included.map { grid.schoolIDs[$0] })
        var ranksBySchool = [[Double]](repeating: [], count: n)
        let options = settings.sensitivity
        let baseWeights = grid.indicators.map(\.weight)
        // Normalisation depends on the method only: once per method, not per draw.
        var normalized: [NormalizationMethod: [NormalizedColumn]] = [:]
        for method in options.methods where normalized[method] == nil {
            normalized[method] = CompositeIndex.normalize(grid: grid, method: method, winsorize: settings.winsorize)
        }
        for draw in 0..<options.draws {
            var generator = SeededGenerator.stream(seed: options.seed, index: UInt64(draw))
            let method = options.methods[generator.nextInt(below: options.methods.count)]
            let weights = baseWeights.map { $0 * (1 + options.weightVariation * (2 * generator.nextDouble() - 1)) }
            let scores = CompositeIndex.aggregate(grid: grid, columns: normalized[method]!, aggregation: settings.aggregation,
                                                  areas: areas, weights: weights)
            // A school without an index in this draw (not possible when it has
            // one nominally, as the same cells are scored) ranks last.
            let index = included.map { scores.overallIndex[$0] ?? -.infinity }
            let ranks = Descriptive.ranks(index.map { -$0 })
            for position in 0..<n { ranksBySchool[position].append(ranks[position]) }
        }
        let robustWidth = max(1, 0.2 * Double(n - 1))
        return included.indices.map { position in
            let ranks = ranksBySchool[position]
            let low = Descriptive.quantile(ranks, 0.05), high = Descriptive.quantile(ranks, 0.95)
            return RankUncertainty(schoolID: grid.schoolIDs[included[position]], nominalRank: nominalRanks[position],
                                   medianRank: Descriptive.median(ranks), rankLow: low, rankHigh: high,
                                   isRobust: high - low <= robustWidth)
        }
    }

    /// Ranks 1…n by descending value, ties broken by the identifier, so the
    /// league table is deterministic.
    static func ordinalRanks(_ values: [Double], ids: [String]) -> [Int] {
        let order = values.indices.sorted { lhs, rhs in
            values[lhs] != values[rhs] ? values[lhs] > values[rhs] : ids[lhs] < ids[rhs]
        }
        var ranks = [Int](repeating: 0, count: values.count)
        for (position, index) in order.enumerated() { ranks[index] = position + 1 }
        return ranks
    }
}
