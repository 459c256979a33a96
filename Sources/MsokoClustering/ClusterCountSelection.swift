import MsokoLinearAlgebra

/// Choosing the number of clusters for `k: auto`.
///
/// For every `k` in `2…K` (`K` the requested maximum, lowered to `n − 1`) it
/// fits k-means (k-means++, `restarts` runs) and computes the mean
/// silhouette (Rousseeuw 1987), the Calinski–Harabasz index (1974), the
/// Davies–Bouldin index (1979), and the gap statistic with its standard
/// error (Tibshirani, Walther & Hastie 2001, over `1…K`, `B` uniform
/// reference sets, each fitted with a quarter of the restarts).
///
/// **The rule:** the chosen `k` has the highest mean silhouette; a tie within
/// 10⁻⁹ goes to the smaller `k`. The silhouette is bounded, needs no
/// reference distribution and compares `k = 2` fairly with larger `k`, which
/// matters for a district's dozen schools; Tibshirani's gap rule is reported
/// beside it (`gapChoice`, which may be 1: "no cluster structure"), so a
/// reader can see when the two disagree.
public struct ClusterCountSelection: Sendable {
    /// The criteria for one `k`.
    public struct Criteria: Sendable, Equatable {
        public let clusterCount: Int
        public let inertia: Double
        public let silhouette: Double
        /// The sampling error of `silhouette` (0 when exact, up to 10,000 points).
        public let silhouetteStandardError: Double
        public let calinskiHarabasz: Double
        public let daviesBouldin: Double
        public let gap: Double
        public let gapStandardError: Double
    }

    /// One entry per `k` in `2…K`.
    public let criteria: [Criteria]
    /// The chosen `k` (highest mean silhouette).
    public let chosen: Int
    /// Tibshirani's gap rule over `1…K`.
    public let gapChoice: Int
    /// The k-means fit of every `k` in `2…K`, in the order of `criteria`.
    public let fits: [KMeansResult]

    /// The silhouette of each fit (nil where the fit has fewer than two
    /// distinct labels), in `fits` order, so a caller need not recompute it.
    public let silhouettes: [Silhouette?]

    /// The fit of the chosen `k`.
    public var chosenFit: KMeansResult { fits[chosen - 2] }

    /// - Throws: `KMeansError` for fewer than 3 points (no `k` in `2…n − 1`),
    ///   `K < 2`, or bad data.
    public init(
        _ points: Matrix, maximumClusterCount: Int, restarts: Int = 10, seed: UInt64 = 0,
        gapReferenceCount: Int = 20, usesConcurrency: Bool = true
    ) throws {
        guard maximumClusterCount >= 2 else {
            throw KMeansError.invalidParameter("the largest k to try must be at least 2, got \(maximumClusterCount)")
        }
        guard points.rows >= 3 else {
            throw KMeansError.invalidParameter("choosing k needs at least 3 points (k in 2…n − 1), got \(points.rows)")
        }
        let largest = min(maximumClusterCount, points.rows - 1)
        let gapStatistic = try GapStatistic(points, maximumClusterCount: largest, referenceCount: gapReferenceCount,
                                            restarts: max(1, restarts / 4), seed: seed, usesConcurrency: usesConcurrency)
        var criteria: [Criteria] = []
        var fits: [KMeansResult] = []
        var silhouettes: [Silhouette?] = []
        for k in 2...largest {
            let fit = try KMeans(clusterCount: k, restarts: restarts, seed: seed, usesConcurrency: usesConcurrency).fit(points)
            fits.append(fit)
            let distinct = Set(fit.labels).count
            let valid = distinct >= 2 && distinct <= points.rows - 1
            let silhouette = valid ? try ClusterValidity.silhouette(points, labels: fit.labels, seed: seed, usesConcurrency: usesConcurrency) : nil
            silhouettes.append(silhouette)
            criteria.append(Criteria(
                clusterCount: k, inertia: fit.inertia, silhouette: silhouette?.mean ?? 0,
                silhouetteStandardError: silhouette?.standardError ?? 0,
                calinskiHarabasz: valid ? try ClusterValidity.calinskiHarabasz(points, labels: fit.labels) : .nan,
                daviesBouldin: valid ? try ClusterValidity.daviesBouldin(points, labels: fit.labels) : .nan,
                gap: gapStatistic.gap[k - 1], gapStandardError: gapStatistic.standardError[k - 1]))
        }
        var best = criteria[0]
        for candidate in criteria.dropFirst() where candidate.silhouette > best.silhouette + 1e-9 { best = candidate }
        self.criteria = criteria
        self.chosen = best.clusterCount
        self.gapChoice = gapStatistic.tibshiraniChoice
        self.fits = fits
        self.silhouettes = silhouettes
    }
}
