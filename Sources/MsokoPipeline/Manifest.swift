import Foundation
import MsokoModel
import MsokoStore

/// `manifest.json`: what was read (with SHA-256 and row counts), the
/// settings, the seed, the chosen k and the stage timings. The timings are
/// the only part of a run's output that changes between identical runs.
struct Manifest: Encodable {
    struct Input: Encodable {
        let path: String
        let sha256: String
        let rows_read: Int
        let rows_accepted: Int
        let rows_rejected: Int
        /// Rows passed over on purpose (headings, unknown codes, …), by reason;
        /// rows_read = rows_accepted + rows_rejected + rows_skipped.
        let rows_skipped: Int
        let skipped: [String: Int]
    }

    struct Stage: Encodable {
        let name: String
        let seconds: Double
    }

    /// Every methodological choice that shapes the outputs.
    struct Settings: Encodable {
        let normalization: String
        let missing: String
        let winsorize: Double
        let aggregation: String
        let sensitivity_draws: Int
        let sensitivity_seed: UInt64
        let sensitivity_weight_variation: Double
        let sensitivity_methods: [String]
        let roadmap_end: String
        let confidence: Double
        let trend_alpha: Double
        let measures: String
        let recommendations_per_school: Int
        let k: String
        let k_max: Int
        let restarts: Int
        let clustering_on: String
        let context_band: Double
    }

    /// The history store a run read (`store:`), and the version of each
    /// period it used; absent when the pipeline names no store.
    struct Store: Encodable {
        struct Version: Encodable {
            let period: String
            let version: Int
            let rows: Int
            let digest: String
            /// The catalog version (SHA-256) the load was checked against.
            let catalog: String
        }

        let file: String
        let periods: [Version]
        /// The catalog version of this run (SHA-256 of the pipeline's catalog file).
        let catalog: String
        /// The periods whose load was checked against another catalog version (docs/contract.md §9).
        let catalog_differs: [String]
        let note: String?

        init(file: String, loads: [StoredLoad], catalogSHA256: String, catalogPath: String) {
            self.file = file
            periods = loads.map {
                Version(period: $0.period.description, version: $0.version, rows: $0.rows, digest: $0.digest, catalog: $0.catalogSHA256)
            }
            catalog = catalogSHA256
            catalog_differs = loads.filter { $0.catalogSHA256 != catalogSHA256 }.map(\.period.description)
            note = catalog_differs.isEmpty ? nil : "the catalog \(catalogPath) differs from the catalog version stored with the "
                + "load of \(catalog_differs.joined(separator: ", ")); their values were read and checked under that version "
                + "(the store's `msoko history` names it)"
        }
    }

    let tool_version: String
    let pipeline: String
    let title: String
    let period: String
    let language: String
    let seed: UInt64
    let k: Int?
    let settings: Settings
    let inputs: [Input]
    let rows_rejected_total: Int
    /// Values given again by a later source (`tables/source_conflicts.csv`).
    let source_conflicts: Int
    /// Survey values withheld for too few respondents (counted, never shown).
    let values_withheld: Int
    let stages: [Stage]
    let outputs: [String]
    let store: Store?

    /// - measures: the measures file used, as the pipeline names it, or
    ///   `(built-in)` for msoko's own.
    init(configuration: PipelineConfiguration, pipelinePath: String, period: Period, language: Language,
         dataset: Dataset, k: Int?, stages: [StageTiming], outputs: [String], measures: String,
         store: Store? = nil) {
        tool_version = MsokoInfo.version
        pipeline = pipelinePath
        title = configuration.title[language]
        self.period = period.description
        self.language = language.rawValue
        seed = configuration.clustering.seed
        self.k = k
        let analysis = configuration.analysis
        settings = Settings(
            normalization: analysis.normalization.rawValue,
            missing: analysis.missing.rawValue,
            winsorize: analysis.winsorize,
            aggregation: analysis.aggregation.rawValue,
            sensitivity_draws: analysis.sensitivity.draws,
            sensitivity_seed: analysis.sensitivity.seed,
            sensitivity_weight_variation: analysis.sensitivity.weightVariation,
            sensitivity_methods: analysis.sensitivity.methods.map(\.rawValue),
            roadmap_end: analysis.roadmapEnd.description,
            confidence: analysis.confidence,
            trend_alpha: analysis.trendAlpha,
            measures: measures,
            recommendations_per_school: analysis.recommendationsPerSchool,
            k: configuration.clustering.k.map(String.init) ?? "auto",
            k_max: configuration.clustering.maximumK,
            restarts: configuration.clustering.restarts,
            clustering_on: configuration.clustering.space.rawValue, context_band: analysis.contextBand)
        inputs = dataset.inputs.map {
            Input(path: $0.path, sha256: $0.sha256, rows_read: $0.rowsRead,
                  rows_accepted: $0.rowsAccepted, rows_rejected: $0.rowsRejected,
                  rows_skipped: $0.rowsSkipped, skipped: $0.skipped)
        }
        rows_rejected_total = dataset.rejects.count
        values_withheld = dataset.withheld.count
        source_conflicts = dataset.conflicts.count
        self.stages = stages.map { Stage(name: $0.name, seconds: ($0.seconds * 1e6).rounded() / 1e6) }
        self.outputs = outputs.sorted()
        self.store = store
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
