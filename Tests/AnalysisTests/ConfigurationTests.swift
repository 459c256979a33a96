import Testing
import MsokoAnalysis
import MsokoModel

@Suite("Pipeline keys and the measures file are validated with line-located errors")
struct ConfigurationTests {
    func settings(_ text: String) throws -> AnalysisSettings {
        try AnalysisSettings(yaml: YAMLMap.parse(text, file: "pipeline.yaml"))
    }

    @Test("the analysis keys are read, absent ones keep their defaults")
    func readsKeys() throws {
        let parsed = try settings("""
        normalization: zscore
        winsorize: 0.05
        missing: last_value
        aggregation: geometric
        roadmap_end: 2025/26
        sensitivity:
          draws: 300
          seed: 9
          methods: [minmax, rank]
        """)
        #expect(parsed.normalization == .zscore && parsed.winsorize == 0.05 && parsed.missing == .lastValue)
        #expect(parsed.aggregation == .geometric && parsed.roadmapEnd == Period("2025/26"))
        #expect(parsed.sensitivity == SensitivitySettings(draws: 300, seed: 9, weightVariation: 0.25, methods: [.minmax, .rank]))
        // No `measures` key: nil, the runner looks beside the pipeline, then uses the built-in measures.
        #expect(parsed.measures == nil && parsed.confidence == 0.95)
        #expect(AnalysisSettings.keys.isSuperset(of: ["missing", "winsorize", "sensitivity", "measures"]))
    }

    @Test("a bad value names its line")
    func badValues() {
        #expect(throws: ConfigurationError(file: "pipeline.yaml", line: 2,
                                           "unknown missing `mean`; use one of reweight, district_median, last_value")) {
            try settings("normalization: rank\nmissing: mean\n")
        }
        #expect { try settings("winsorize: 0.7\n") } throws: { ($0 as? ConfigurationError)?.line == 1 }
        #expect { try settings("sensitivity:\n  draws: 0\n") } throws: { ($0 as? ConfigurationError)?.line == 2 }
        #expect { try settings("sensitivity:\n  seeds: 1\n") } throws: { ($0 as? ConfigurationError)?.line == 2 }
    }

    @Test("the measures file rejects unknown areas, measures and kinds at their line")
    func measuresErrors() {
        let head = "measures:\n  - id: seminar\n    text: {ru: \"Семинар\", en: \"Seminar\"}\nrules:\n"
        func load(_ rules: String) throws -> MeasureCatalog {
            try MeasureCatalog.parse(head + rules, file: "measures.yaml", catalog: Toy.catalog)
        }
        #expect { try load("  - area: sport\n    kind: confirmed\n    measures: [seminar]\n") } throws: {
            ($0 as? ConfigurationError)?.line == 5
        }
        #expect { try load("  - area: \"*\"\n    kind: confirmed\n    measures: [course]\n") } throws: {
            ($0 as? ConfigurationError)?.line == 7
        }
        #expect { try load("  - area: \"*\"\n    kind: bad\n    measures: [seminar]\n") } throws: {
            ($0 as? ConfigurationError)?.line == 6
        }
        // Every area and kind must be answered.
        #expect { try load("  - area: \"*\"\n    kind: confirmed\n    measures: [seminar]\n") } throws: {
            ($0 as? ConfigurationError)?.message.contains("possible") == true
        }
    }

    @Test("the most specific rule wins: indicator, then area, then every area")
    func rulePrecedence() {
        #expect(Toy.measures.measures(area: "prevention", indicator: "offences", kind: .confirmed).map(\.id) == ["materials"])
        #expect(Toy.measures.measures(area: "prevention", indicator: "absences", kind: .confirmed).map(\.id) == ["seminar", "course"])
        #expect(Toy.measures.measures(area: "results", indicator: "clubs", kind: .possible).map(\.id) == ["materials"])
    }
}
