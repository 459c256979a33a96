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

/// The analysis choices of a pipeline file (top-level keys). Every
/// methodological step is an explicit, recorded choice.
public struct AnalysisSettings: Equatable, Sendable {
    /// The top-level pipeline keys read here (the pipeline rejects others).
    public static let keys: Set<String> = ["normalization"]

    public var normalization: NormalizationMethod

    public init(normalization: NormalizationMethod = .target) {
        self.normalization = normalization
    }

    /// Reads the analysis keys of the pipeline's top-level mapping.
    public init(yaml: YAMLMap) throws {
        self.init()
        if let text = try yaml.string("normalization") {
            guard let method = NormalizationMethod(rawValue: text) else {
                throw yaml.error("normalization", "unknown normalization `\(text)`; use one of \(NormalizationMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            normalization = method
        }
    }
}
