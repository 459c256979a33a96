import MsokoModel
import MsokoStatistics

/// How a deficit compares with the school's own group of similar schools
/// (road map item 4.2's clusters used for item 4.3's targeting).
public struct PeerStanding: Hashable, Sendable {
    /// The school's cluster (1 = strongest group).
    public let cluster: Int
    /// The median of the other schools of the cluster (their reported
    /// values, in the indicator's unit); nil with fewer than 2 of them.
    public let clusterMedian: Double?
    /// How many district robust spreads the value lies beyond `clusterMedian`
    /// on the bad side (0 on the good side); nil without a cluster median.
    public let spreadsBelowCluster: Double?
    /// The cluster's median would itself be a deficit (worse than the
    /// target, or without one beyond the district's worse quartile): the
    /// whole group is weak here.
    public let groupWeak: Bool
    /// At least `PeerComparison.margin` robust spreads worse than the
    /// cluster's median: the school is weak among its peers.
    public let belowPeers: Bool
}

/// Compares each deficit with the school's cluster.
///
/// The cluster median is taken over the *other* schools of the cluster
/// (leave-one-out), so that a school does not pull its own yardstick; the
/// margin is measured in the district's robust spread of the indicator
/// (`DistrictDistribution`), because a cluster of a few schools has no
/// stable spread of its own. A school is weak among its peers when its value
/// lies at least `margin` = 1 robust spread beyond that median.
public enum PeerComparison {
    /// Robust spreads beyond the cluster median from which a school is weak among its peers.
    public static let margin = 1.0

    static func annotate(_ deficits: [Deficit], values grid: ValueGrid, clusters: ClusterAnalysis) -> [Deficit] {
        var clusterOf: [String: Int] = [:]
        for school in clusters.schools { clusterOf[school.schoolID] = school.cluster }
        // Per (cluster, indicator): the members' reported values, sorted once.
        var sortedValues: [Int: [Int: [Double]]] = [:]
        var distributions: [Int: DistrictDistribution] = [:]
        return deficits.map { deficit in
            guard let cluster = clusterOf[deficit.schoolID], let j = grid.position(indicator: deficit.indicatorID)
            else { return deficit }
            let indicator = grid.indicators[j]
            if distributions[j] == nil {
                let observed = grid.cells.compactMap { $0[j].imputation == .none ? $0[j].value : nil }
                distributions[j] = DistrictDistribution(observed, indicator: indicator)
            }
            guard let district = distributions[j] else { return deficit }
            if sortedValues[cluster]?[j] == nil {
                let members = grid.schoolIDs.indices.filter { clusterOf[grid.schoolIDs[$0]] == cluster }
                let values = members.compactMap { grid.cells[$0][j].imputation == .none ? grid.cells[$0][j].value : nil }
                sortedValues[cluster, default: [:]][j] = values.sorted()
            }
            let members = sortedValues[cluster]![j]!
            let own = ownPosition(members, value: deficit.value)
            var annotated = deficit
            guard members.count - (own == nil ? 0 : 1) >= 2 else {
                annotated.peer = PeerStanding(cluster: cluster, clusterMedian: nil, spreadsBelowCluster: nil,
                                              groupWeak: false, belowPeers: false)
                return annotated
            }
            // The median of the others, read in place (a copy per deficit
            // made this quadratic in a national run's clusters).
            let median = Descriptive.medianOfSorted(members, excluding: own)
            let below = district.spreads(from: median, to: deficit.value)
            annotated.peer = PeerStanding(cluster: cluster, clusterMedian: median, spreadsBelowCluster: below,
                                          groupWeak: district.isDeficit(median), belowPeers: below >= margin)
            return annotated
        }
    }

    /// The first position of `value` (the school's own) in ascending
    /// `sorted`, found by bisection; nil when it is not there.
    static func ownPosition(_ sorted: [Double], value: Double) -> Int? {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value ? low : nil
    }
}

extension TermAnalysisResult {
    /// The result with every deficit compared with its school's cluster
    /// (`Deficit.peer`) and `deficits.csv` rewritten with the cluster columns.
    public func comparingWithClusters(_ clusters: ClusterAnalysis, catalog: Catalog) -> TermAnalysisResult {
        var result = self
        result.deficits = PeerComparison.annotate(deficits, values: values, clusters: clusters)
        let table = AnalysisTables(period: period, language: language, catalog: catalog, settings: settings)
            .deficits(result.deficits)
        if let index = result.tables.firstIndex(where: { $0.name == "deficits" }) {
            result.tables[index].table = table
        }
        return result
    }
}
