import MsokoLinearAlgebra
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
        let options = settings.sensitivity
        let baseWeights = grid.indicators.map(\.weight)
        // Normalisation depends on the method only: once per method, not per draw.
        var kernelsByMethod: [NormalizationMethod: OverallIndexKernel] = [:]
        for method in options.methods where kernelsByMethod[method] == nil {
            let columns = CompositeIndex.normalize(grid: grid, method: method, winsorize: settings.winsorize)
            kernelsByMethod[method] = OverallIndexKernel(grid: grid, columns: columns, areas: areas, rows: included,
                                                 aggregation: settings.aggregation)
        }
        let kernels = kernelsByMethod
        // The draws are independent (draw d has its own generator stream), so
        // they run in parallel; ranks are half-integers ≤ n, exact in Float.
        let drawRanks: [[Float]] = Parallelism.map(options.draws) { draw in
            var generator = SeededGenerator.stream(seed: options.seed, index: UInt64(draw))
            let method = options.methods[generator.nextInt(below: options.methods.count)]
            let weights = baseWeights.map { $0 * (1 + options.weightVariation * (2 * generator.nextDouble() - 1)) }
            // A school without an index in this draw (not possible when it has
            // one nominally, as the same cells are scored) ranks last.
            let index = kernels[method]!.overallIndex(weights: weights)
            return Descriptive.ranks(index.map { -($0 ?? -.infinity) }).map(Float.init)
        }
        let robustWidth = max(1, 0.2 * Double(n - 1))
        // Each school's median and interval come from a few order statistics
        // of its ranks; the schools are independent, summarised in parallel blocks.
        let blockSize = 1024
        let blocks: [[RankUncertainty]] = Parallelism.map((n + blockSize - 1) / blockSize) { block in
            (block * blockSize..<min(n, (block + 1) * blockSize)).map { position in
                var ranks = drawRanks.map { Double($0[position]) }
                let summary = Descriptive.medianAndQuantiles(selecting: &ranks, [0.05, 0.95])
                let low = summary.quantiles[0], high = summary.quantiles[1]
                return RankUncertainty(schoolID: grid.schoolIDs[included[position]], nominalRank: nominalRanks[position],
                                       medianRank: summary.median, rankLow: low,
                                       rankHigh: high, isRobust: high - low <= robustWidth)
            }
        }
        return blocks.flatMap { $0 }
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

/// The overall index of `CompositeIndex.aggregate` for many weight vectors
/// over fixed normalised columns: the scores of the included schools in one
/// flat row-major array (NaN = missing), the areas' member indicators
/// concatenated in one index list (no array of arrays to retain per school
/// and area), and no allocation per school. Sums run in the same order as
/// `aggregate`'s, so the index is the same to the last bit.
struct OverallIndexKernel: Sendable {
    let rowCount: Int
    let indicatorCount: Int
    let scores: [Double]
    /// The member indicators of every area, area after area: those of area
    /// `a` are `members[areaEnds[a - 1]..<areaEnds[a]]` (from 0 for the first).
    let members: [Int]
    let areaEnds: [Int]
    let aggregation: AggregationMethod

    init(grid: ValueGrid, columns: [NormalizedColumn], areas: [Area], rows: [Int], aggregation: AggregationMethod) {
        rowCount = rows.count
        indicatorCount = columns.count
        var flat = [Double](repeating: .nan, count: rows.count * columns.count)
        for (position, row) in rows.enumerated() {
            for (j, column) in columns.enumerated() {
                if let score = column.scores[row] { flat[position * columns.count + j] = score }
            }
        }
        scores = flat
        let areaIDs = areas.map(\.id).filter { area in
            grid.indicators.indices.contains { grid.indicators[$0].area == area && !columns[$0].notes.contains(.allMissing) }
        }
        let membership = areaIDs.map { area in grid.indicators.indices.filter { grid.indicators[$0].area == area } }
        members = membership.flatMap { $0 }
        var end = 0
        areaEnds = membership.map { area in
            end += area.count
            return end
        }
        self.aggregation = aggregation
    }

    /// The overall index of each included school under `weights`; nil when
    /// no area of the school has a score.
    func overallIndex(weights: [Double]) -> [Double?] {
        var result = [Double?](repeating: nil, count: rowCount)
        let geometric = aggregation == .geometric
        scores.withUnsafeBufferPointer { scores in
            members.withUnsafeBufferPointer { members in
                weights.withUnsafeBufferPointer { weights in
                    for row in 0..<rowCount {
                        let base = row * indicatorCount
                        var overallTotal = 0.0, areaCount = 0.0
                        var start = 0
                        for end in areaEnds {
                            defer { start = end }
                            var total = 0.0, weightSum = 0.0
                            for j in members[start..<end] {
                                let score = scores[base + j]
                                guard !score.isNaN else { continue }
                                total += geometric ? weights[j] * (score + 1).log() : weights[j] * score
                                weightSum += weights[j]
                            }
                            guard weightSum > 0 else { continue }
                            let area = geometric ? (total / weightSum).exp() - 1 : total / weightSum
                            overallTotal += geometric ? 1 * (area + 1).log() : 1 * area
                            areaCount += 1
                        }
                        guard areaCount > 0 else { continue }
                        result[row] = geometric ? (overallTotal / areaCount).exp() - 1 : overallTotal / areaCount
                    }
                }
            }
        }
        return result
    }
}
