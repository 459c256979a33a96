/// How indicator values become 0–100 scores (`normalization:` in the pipeline).
public enum NormalizationMethod: String, CaseIterable, Sendable {
    /// Distance to the approved target, capped at 100.
    case target
    /// Linear between the district's minimum and maximum.
    case minmax
    /// z-score mapped onto 0–100.
    case zscore
    /// Percentile rank within the district.
    case rank
}

/// What is done with a value that a school did not report (`missing:`).
public enum MissingDataPolicy: String, CaseIterable, Sendable {
    /// Leave it out: the weights of the area's other indicators are rescaled
    /// to sum to one (COINr `Aggregate` with `na.rm`), so the school is
    /// judged on what it reported.
    case reweight
    /// Fill the value with the district median of the same indicator and period.
    case districtMedian = "district_median"
    /// Carry the school's latest earlier value forward (last observation
    /// carried forward); the district median where the school has none.
    case lastValue = "last_value"
}

/// How indicator scores are combined into area scores and the overall index.
public enum AggregationMethod: String, CaseIterable, Sendable {
    /// Weighted arithmetic mean: fully compensatory.
    case arithmetic
    /// Weighted geometric mean: partially compensatory, a low score weighs more.
    case geometric
}

/// The Monte-Carlo uncertainty and sensitivity analysis of the overall index
/// (`sensitivity:` mapping).
public struct SensitivitySettings: Equatable, Sendable {
    /// The number of Monte-Carlo draws (≥ 200 for stable 90 % rank intervals).
    public var draws: Int
    /// The seed of every random choice of the analysis.
    public var seed: UInt64
    /// Each indicator weight is multiplied by a uniform factor in
    /// `1 ± weightVariation` in every draw.
    public var weightVariation: Double
    /// The normalisation methods drawn from, with equal probability.
    public var methods: [NormalizationMethod]

    public init(draws: Int = 500, seed: UInt64 = 42, weightVariation: Double = 0.25,
                methods: [NormalizationMethod] = NormalizationMethod.allCases) {
        self.draws = draws
        self.seed = seed
        self.weightVariation = weightVariation
        self.methods = methods
    }
}

/// The analysis choices of a pipeline file (top-level keys). Every
/// methodological step is an explicit, recorded choice.
public struct AnalysisSettings: Equatable, Sendable {
    /// The top-level pipeline keys read here (the pipeline rejects others).
    public static let keys: Set<String> = [
        "normalization", "winsorize", "missing", "aggregation", "sensitivity", "roadmap_end",
        "confidence", "trend_alpha", "measures", "recommendations_per_school", "context_band",
    ]

    /// `normalization:` target | minmax | zscore | rank (default target).
    public var normalization: NormalizationMethod
    /// `winsorize:` the share clipped at each tail before minmax and zscore
    /// normalisation, 0 ≤ p < 0.5 (default 0: off).
    public var winsorize: Double
    /// `missing:` reweight | district_median | last_value (default reweight).
    public var missing: MissingDataPolicy
    /// `aggregation:` arithmetic | geometric (default arithmetic).
    public var aggregation: AggregationMethod
    /// `sensitivity:` {draws, seed, weight_variation, methods}.
    public var sensitivity: SensitivitySettings
    /// `roadmap_end:` the school year at whose end the road map's targets are
    /// due (default 2024/25); target forecasts are made for it.
    public var roadmapEnd: Period
    /// `confidence:` the level of Wilson, regression and prediction intervals (default 0.95).
    public var confidence: Double
    /// `trend_alpha:` the significance level of the Mann–Kendall test (default 0.05).
    public var trendAlpha: Double
    /// `measures:` the measures file as written in the pipeline; the runner
    /// resolves it against the pipeline's folder. nil (no key): `measures.yaml`
    /// beside the pipeline when there is one, else msoko's built-in measures.
    public var measures: String?
    /// `recommendations_per_school:` how many of a school's most severe
    /// deficits and warnings get recommendations (default 5; 0 = all).
    public var recommendationsPerSchool: Int
    /// `context_band:` the level of the prediction interval around the
    /// index expected from a school's context (docs/contract.md §8; default 0.90).
    public var contextBand: Double

    public init(normalization: NormalizationMethod = .target, winsorize: Double = 0,
                missing: MissingDataPolicy = .reweight, aggregation: AggregationMethod = .arithmetic,
                sensitivity: SensitivitySettings = SensitivitySettings(),
                roadmapEnd: Period = Period(startYear: 2024), confidence: Double = 0.95,
                trendAlpha: Double = 0.05, measures: String? = nil,
                recommendationsPerSchool: Int = 5, contextBand: Double = 0.90) {
        self.normalization = normalization
        self.winsorize = winsorize
        self.missing = missing
        self.aggregation = aggregation
        self.sensitivity = sensitivity
        self.roadmapEnd = roadmapEnd
        self.confidence = confidence
        self.trendAlpha = trendAlpha
        self.measures = measures
        self.recommendationsPerSchool = recommendationsPerSchool
        self.contextBand = contextBand
    }

    /// Reads the analysis keys of the pipeline's top-level mapping; absent
    /// keys keep their defaults, and every error names its line.
    public init(yaml: YAMLMap) throws {
        self.init()
        func choice<Value: RawRepresentable & CaseIterable>(_ key: String, _ type: Value.Type) throws -> Value?
            where Value.RawValue == String {
            guard let text = try yaml.string(key) else { return nil }
            guard let value = Value(rawValue: text) else {
                throw yaml.error(key, "unknown \(key) `\(text)`; use one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        if let method = try choice("normalization", NormalizationMethod.self) { normalization = method }
        if let policy = try choice("missing", MissingDataPolicy.self) { missing = policy }
        if let method = try choice("aggregation", AggregationMethod.self) { aggregation = method }
        if let share = try yaml.double("winsorize") {
            guard share >= 0, share < 0.5 else {
                throw yaml.error("winsorize", "`winsorize` is the share clipped at each tail, 0 ≤ p < 0.5; got \(share)")
            }
            winsorize = share
        }
        if let text = try yaml.string("roadmap_end") {
            guard let period = Period(text), period.isYear else {
                throw yaml.error("roadmap_end", "`roadmap_end` must be a school year such as 2024/25, got `\(text)`")
            }
            roadmapEnd = period
        }
        if let level = try yaml.double("confidence") {
            guard level > 0.5, level < 1 else {
                throw yaml.error("confidence", "`confidence` must lie between 0.5 and 1 (e.g. 0.95), got \(level)")
            }
            confidence = level
        }
        if let alpha = try yaml.double("trend_alpha") {
            guard alpha > 0, alpha < 0.5 else {
                throw yaml.error("trend_alpha", "`trend_alpha` must lie between 0 and 0.5 (e.g. 0.05), got \(alpha)")
            }
            trendAlpha = alpha
        }
        if let path = try yaml.string("measures") {
            guard !path.isEmpty else { throw yaml.error("measures", "`measures` must name a file") }
            measures = path
        }
        if let count = try yaml.int("recommendations_per_school") {
            guard count >= 0 else {
                throw yaml.error("recommendations_per_school", "`recommendations_per_school` must be ≥ 0 (0 = all)")
            }
            recommendationsPerSchool = count
        }
        if let level = try yaml.double("context_band") {
            guard level > 0, level < 1 else {
                throw yaml.error("context_band", "`context_band` is the level of the prediction interval, 0 < p < 1 (e.g. 0.90), got \(level)")
            }
            contextBand = level
        }
        if let map = try yaml.map("sensitivity") {
            try map.rejectUnknownKeys(["draws", "seed", "weight_variation", "methods"], context: "`sensitivity`")
            if let draws = try map.int("draws") {
                guard draws >= 1 else { throw map.error("draws", "`draws` must be ≥ 1 (200 or more recommended)") }
                sensitivity.draws = draws
            }
            if let seed = try map.int("seed") {
                guard seed >= 0 else { throw map.error("seed", "`seed` must be ≥ 0") }
                sensitivity.seed = UInt64(seed)
            }
            if let variation = try map.double("weight_variation") {
                guard variation >= 0, variation < 1 else {
                    throw map.error("weight_variation", "`weight_variation` must lie in 0 ≤ v < 1 (0.25 = weights ±25 %)")
                }
                sensitivity.weightVariation = variation
            }
            if map.has("methods") {
                let names = try map.strings("methods")
                var methods: [NormalizationMethod] = []
                for name in names {
                    guard let method = NormalizationMethod(rawValue: name) else {
                        throw map.error("methods", "unknown normalization `\(name)` in `methods`; use \(NormalizationMethod.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    if !methods.contains(method) { methods.append(method) }
                }
                guard !methods.isEmpty else { throw map.error("methods", "`methods` must list at least one normalization") }
                sensitivity.methods = methods
            }
        }
    }
}
