import MsokoLinearAlgebra
import MsokoModel

extension ClusterStage {
    /// The cluster stage on the space `settings.space` names (docs/contract.md §8):
    ///
    /// - `outcomes`: the term analysis's score matrix, groups ordered by the
    ///   overall index (1 = strongest);
    /// - `context`: the direction-signed z-scores of the context indicators
    ///   that entered the context index (a missing value at 0, the district
    ///   mean), groups ordered by mean context index (1 = most favourable)
    ///   and labelled by it;
    /// - `all`: both, the context z-scores put on the 0–100 score scale as
    ///   `zscore` normalisation does (50 + 50·z/3, clipped), favourable =
    ///   high; groups ordered by the overall index.
    ///
    /// With no context indicator in use, `context` and `all` fall back to
    /// `outcomes` and a note says so.
    public static func run(analysis: TermAnalysisResult, catalog: Catalog, settings: ClusteringSettings) throws -> ClusterAnalysis {
        let context = analysis.context
        let indexBySchool = Dictionary(analysis.schools.compactMap { school in school.overallIndex.map { (school.schoolID, $0) } },
                                       uniquingKeysWith: { first, _ in first })
        let used = context.usedIndicators
        guard settings.space != .outcomes, !used.isEmpty else {
            var result = try run(matrix: analysis.scoreMatrix, catalog: catalog.outcomes, settings: settings,
                                 overallIndex: indexBySchool,
                                 aggregation: analysis.settings.aggregation)
            if settings.space != .outcomes {
                result.notes.append(LocalizedText(
                    ru: "группировка по условиям невозможна: нет показателей контекста — школы сгруппированы по результатам",
                    en: "no context indicator to group on: schools were grouped by their results"))
            }
            return result
        }
        let columns = used.compactMap { context.values.position(indicator: $0.id) }
        let schools = context.values.schoolIDs
        var signed = Matrix(rows: schools.count, columns: columns.count)
        for (c, j) in columns.enumerated() {
            for i in schools.indices { signed[i, c] = context.signedZScore(school: i, indicator: j) ?? 0 }
        }
        if settings.space == .context {
            var result = try run(matrix: ScoreMatrix(schoolIDs: schools, indicatorIDs: used.map(\.id), scores: signed),
                                 catalog: catalog, settings: settings,
                                 overallIndex: context.indexBySchool, aggregation: analysis.settings.aggregation)
            for index in result.clusters.indices {
                result.clusters[index].label = conditionsLabel(meanContextIndex: result.clusters[index].meanScore)
            }
            disambiguate(&result.clusters)
            return result
        }
        let outcomes = analysis.scoreMatrix
        var combined = Matrix(rows: schools.count, columns: outcomes.indicatorIDs.count + columns.count)
        for i in schools.indices {
            for c in outcomes.indicatorIDs.indices { combined[i, c] = outcomes.scores[i, c] }
            for c in columns.indices {
                combined[i, outcomes.indicatorIDs.count + c] = min(100, max(0, 50 + 50 * signed[i, c] / 3))
            }
        }
        return try run(matrix: ScoreMatrix(schoolIDs: schools, indicatorIDs: outcomes.indicatorIDs + used.map(\.id),
                                           scores: combined),
                       catalog: catalog.outcomes, settings: settings, overallIndex: indexBySchool,
                                 aggregation: analysis.settings.aggregation)
    }

    /// A group of the `context` clustering named by its conditions: mean
    /// context index ≥ 0.5 favourable, ≤ −0.5 difficult, else average.
    static func conditionsLabel(meanContextIndex value: Double) -> LocalizedText {
        let ru = Evidence.number(value, language: .ru, digits: 2), en = Evidence.number(value, language: .en, digits: 2)
        if value >= 0.5 {
            return LocalizedText(ru: "благоприятные условия (индекс контекста \(ru))", en: "favourable conditions (context index \(en))")
        }
        if value <= -0.5 {
            return LocalizedText(ru: "трудные условия (индекс контекста \(ru))", en: "difficult conditions (context index \(en))")
        }
        return LocalizedText(ru: "средние условия (индекс контекста \(ru))", en: "average conditions (context index \(en))")
    }
}
