/// What the schools are grouped on (`clustering: {on: …}`, docs/contract.md §8).
public enum ClusteringSpace: String, CaseIterable, Sendable {
    /// The outcome indicators' scores (0–100): groups by results.
    case outcomes
    /// The context indicators' z-scores: groups by conditions (the classic
    /// "similar schools" grouping); numbered by mean context index.
    case context
    /// Both: outcome scores and the context indicators on the same 0–100
    /// scale (50 + 50·z/3, clipped, favourable = high).
    case all
}

/// How the pipeline clusters schools (`clustering:` in the pipeline file).
public struct ClusteringSettings: Equatable, Sendable {
    /// The number of clusters, or `nil` for `auto` (chosen in 2…`maximumK`).
    public var k: Int?
    /// The largest k tried when `k` is `auto`.
    public var maximumK: Int
    /// Independent k-means++ restarts; the lowest inertia wins.
    public var restarts: Int
    /// The seed of every random choice of the clustering stage.
    public var seed: UInt64
    /// `on:` outcomes (default), context or all.
    public var space: ClusteringSpace

    public init(k: Int? = nil, maximumK: Int = 6, restarts: Int = 20, seed: UInt64 = 42, space: ClusteringSpace = .outcomes) {
        self.k = k
        self.maximumK = maximumK
        self.restarts = restarts
        self.seed = seed
        self.space = space
    }

    /// Reads the `clustering:` mapping; absent keys keep their defaults.
    public init(yaml: YAMLMap?) throws {
        self.init()
        guard let yaml else { return }
        try yaml.rejectUnknownKeys(["k", "k_max", "restarts", "seed", "on"], context: "`clustering`")
        if let text = try yaml.string("k"), text != "auto" {
            guard let value = Int(text), value >= 2 else {
                throw yaml.error("k", "`k` must be `auto` or an integer ≥ 2, got `\(text)`")
            }
            k = value
        }
        if let value = try yaml.int("k_max") {
            guard value >= 2 else { throw yaml.error("k_max", "`k_max` must be ≥ 2") }
            maximumK = value
        }
        if let value = try yaml.int("restarts") {
            guard value >= 1 else { throw yaml.error("restarts", "`restarts` must be ≥ 1") }
            restarts = value
        }
        if let text = try yaml.string("on") {
            guard let value = ClusteringSpace(rawValue: text) else {
                throw yaml.error("on", "unknown `on: \(text)`; use \(ClusteringSpace.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            space = value
        }
        if let value = try yaml.int("seed") {
            guard value >= 0 else { throw yaml.error("seed", "`seed` must be ≥ 0") }
            seed = UInt64(value)
        }
    }
}
