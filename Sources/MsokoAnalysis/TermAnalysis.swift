import MsokoLinearAlgebra
import MsokoModel
import MsokoStatistics

/// The analysis of one period, from indicator values to decisions (issue 5):
/// missing data → normalisation → area scores and overall index →
/// sensitivity → trends and road map claims → deficits, early warnings and
/// the ranking of need → best practices → recommendations.
///
/// The schools analysed are those that reported at least one value in the
/// period (its school year and terms); a school with no data for the period
/// is not scored. Indicators no school reported are left out and noted.
///
/// The score matrix (for clustering and for "the most similar school") has
/// the analysed schools as rows and, as columns, the indicators that have
/// scores and are not constant (a constant column tells the schools nothing
/// and would break standardisation); a value still missing under `reweight`
/// is filled with the column's median score and counted in
/// `ImputationSummary.scoreMatrixFilledCells`.
///
/// Context indicators (`role: context`, docs/contract.md §8) are kept apart: every
/// stage above sees only the outcome indicators (`Catalog.outcomes`); the
/// context ones are read as reported (never imputed) into `ContextAnalysis`,
/// whose index feeds the best practices' evidence and the choice of peers.
public enum TermAnalysis {
    public static func run(dataset: Dataset, catalog fullCatalog: Catalog, settings: AnalysisSettings,
                           measures: MeasureCatalog, period: Period, language: Language) throws -> TermAnalysisResult {
        let lookup = PeriodLookup(dataset.observations)
        let allSchoolIDs = dataset.schools.map(\.id).sorted()
        let schoolIDs = allSchoolIDs.filter { lookup.hasAnyValue(school: $0, period: period) }
        let catalog = fullCatalog.outcomes
        let indicators = catalog.indicators

        // Values, scores and the overall index of the analysed period.
        let grid = MissingData.grid(index: lookup, schoolIDs: schoolIDs, indicators: indicators,
                                    period: period, policy: settings.missing)
        let scores = CompositeIndex.compute(grid: grid, method: settings.normalization, winsorize: settings.winsorize,
                                            aggregation: settings.aggregation, areas: catalog.areas)
        let notes = indicators.indices.flatMap { j in
            scores.columns[j].notes.map { NormalizationNote(indicatorID: indicators[j].id, kind: $0) }
        }
        let (matrix, filled) = scoreMatrix(scores)
        let sensitivity = Sensitivity.analyze(grid: grid, settings: settings, areas: catalog.areas, nominal: scores)

        // Earlier school years, for the stability of best practices.
        let years = Set(dataset.periods.map(\.startYear)).filter { $0 < period.startYear }.sorted()
        let history: [(Period, CompositeScores)] = years.map { year in
            let yearPeriod = Period(startYear: year)
            let ids = allSchoolIDs.filter { lookup.hasAnyValue(school: $0, period: yearPeriod) }
            let values = MissingData.values(index: lookup, schoolIDs: ids, indicators: indicators,
                                            period: yearPeriod, policy: settings.missing)
            return (yearPeriod, CompositeIndex.compute(values: values, schoolIDs: ids, indicators: indicators,
                                                       method: settings.normalization, winsorize: settings.winsorize,
                                                       aggregation: settings.aggregation, areas: catalog.areas))
        }

        let trends = TrendAnalysisStage.run(index: lookup, schoolIDs: schoolIDs, indicators: indicators,
                                            period: period, settings: settings)
        let layout = TrendLayout(trends, schoolCount: schoolIDs.count, indicatorCount: indicators.count)
        let roadmap = RoadmapAnalysis.evaluate(catalog: catalog, grid: grid, trends: layout)
        let surveyIntervals = Dictionary(
            dataset.surveys.compactMap { figure -> (SurveyKey, ClosedRange<Double>)? in
                guard let low = figure.low, let high = figure.high else { return nil }
                return (SurveyKey(schoolID: figure.schoolID, indicatorID: figure.indicatorID, period: figure.period), low...high)
            }, uniquingKeysWith: { first, _ in first })
        let deficits = DeficitAnalysis.deficits(grid: grid, catalog: catalog, confidence: settings.confidence,
                                                surveyIntervals: surveyIntervals)
        let warnings = DeficitAnalysis.earlyWarnings(grid: grid, trends: layout)
        var indexBySchool: [String: Double] = [:]
        for (i, school) in schoolIDs.enumerated() { indexBySchool[school] = scores.overallIndex[i] }
        let ranking = DeficitAnalysis.ranking(schoolIDs: schoolIDs, deficits: deficits, warnings: warnings,
                                              overallIndex: indexBySchool, areaOrder: catalog.areas.map(\.id))
        let contextValues = MissingData.grid(index: lookup, schoolIDs: schoolIDs, indicators: fullCatalog.contextIndicators,
                                             period: period, policy: .reweight)
        let context = ContextAnalysis.compute(values: contextValues, overallIndex: scores.overallIndex,
                                              band: settings.contextBand)
        let bestPractices = context.annotate(BestPracticeAnalysis.find(current: scores, history: history, trends: layout,
                                                                       catalog: catalog, period: period))
        var topQuartile: [String: [String]] = [:]
        for (a, area) in scores.areaIDs.enumerated() {
            let present = scores.areaScores.compactMap { $0[a] }
            let bar = Descriptive.quantile(present, 0.75)
            topQuartile[area] = schoolIDs.indices.filter { (scores.areaScores[$0][a] ?? -1) >= bar }.map { schoolIDs[$0] }
        }
        let recommendations = RecommendationAnalysis.recommend(
            schoolIDs: schoolIDs, deficits: deficits, warnings: warnings, bestPractices: bestPractices,
            topQuartile: topQuartile, matrix: matrix, measures: measures, limit: settings.recommendationsPerSchool,
            contextIndex: context.indexBySchool)

        // Typed summaries for the report.
        let byIndicator = imputationsByIndicator(grid)
        let imputation = ImputationSummary(policy: settings.missing, counts: grid.imputationCounts,
                                           byIndicator: byIndicator, scoreMatrixFilledCells: filled)
        let sensitivityBySchool = Dictionary(uniqueKeysWithValues: sensitivity.map { ($0.schoolID, $0) })
        let rankingBySchool = Dictionary(uniqueKeysWithValues: ranking.map { ($0.schoolID, $0) })
        let names = Dictionary(dataset.schools.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let schools = schoolIDs.enumerated().map { i, school in
            var areaScores: [String: Double] = [:]
            for (a, area) in scores.areaIDs.enumerated() { areaScores[area] = scores.areaScores[i][a] }
            return SchoolSummary(schoolID: school, name: names[school] ?? school, overallIndex: scores.overallIndex[i],
                                 indexRank: sensitivityBySchool[school]?.nominalRank,
                                 sensitivity: sensitivityBySchool[school], areaScores: areaScores,
                                 needRank: rankingBySchool[school]!.rank, deficitScore: rankingBySchool[school]!.deficitScore)
        }
        let areas = catalog.areas.map { area in
            let column = scores.areaIDs.firstIndex(of: area.id)
            let values = column.map { a in scores.areaScores.compactMap { $0[a] } } ?? []
            return AreaSummary(areaID: area.id, name: area.name,
                               districtMean: values.isEmpty ? nil : Descriptive.mean(values),
                               bestPracticeSchoolIDs: bestPractices.filter { $0.areaID == area.id }.map(\.schoolID))
        }
        let trendCounts = indicators.indices.map { j in
            var counts: [Assessment: Int] = [:]
            for i in schoolIDs.indices { counts[layout.school(i, indicator: j).assessment, default: 0] += 1 }
            return IndicatorTrendCount(
                indicatorID: indicators[j].id, improving: counts[.improving] ?? 0, worsening: counts[.worsening] ?? 0,
                stable: counts[.stable] ?? 0, insufficientData: counts[.insufficientData] ?? 0,
                district: layout.district(indicator: j).assessment)
        }
        let bestPracticeMeasures = measures.bestPracticeMeasureIDs.compactMap(measures.measure)

        let tables = AnalysisTables(period: period, language: language, catalog: catalog, settings: settings)
        let tableList: [(name: String, table: Table)] = [
            ("normalized", tables.normalized(grid: grid, scores: scores, context: context)),
            ("area_scores", tables.areaScores(grid: grid, scores: scores)),
            ("overall_index", tables.overallIndex(scores: scores, sensitivity: sensitivity)),
            ("sensitivity", tables.sensitivity(sensitivity)),
            ("normalization_notes", tables.notes(notes)),
            ("missing_data", tables.missingData(byIndicator)),
            ("trends", tables.trends(trends)),
            ("roadmap", tables.roadmap(roadmap)),
            ("deficits", tables.deficits(deficits)),
            ("early_warnings", tables.earlyWarnings(warnings)),
            ("school_ranking", tables.ranking(ranking, names: { dataset.school($0)?.name })),
            ("best_practices", tables.bestPractices(bestPractices, measures: bestPracticeMeasures)),
            ("recommendations", tables.recommendations(recommendations)),
        ] + (context.isEmpty ? [] : [("context", context.table)])
        return TermAnalysisResult(
            period: period, language: language, settings: settings, scoreMatrix: matrix, tables: tableList,
            values: grid, scores: scores, schools: schools, areas: areas, normalizationNotes: notes,
            imputation: imputation, sensitivity: sensitivity, trends: trends, trendCounts: trendCounts,
            roadmap: roadmap, deficits: deficits, earlyWarnings: warnings, ranking: ranking,
            bestPractices: bestPractices, recommendations: recommendations, bestPracticeMeasures: bestPracticeMeasures,
            context: context, measuresAreBuiltIn: measures.isBuiltIn)
    }

    /// Per indicator of the grid, its cells counted by how they got their
    /// value (only the kinds that occur; no entry without schools).
    static func imputationsByIndicator(_ grid: ValueGrid) -> [String: [Imputation: Int]] {
        let kinds = Imputation.allCases
        var counts = [Int](repeating: 0, count: grid.indicators.count * kinds.count)
        for row in grid.cells {
            for (j, cell) in row.enumerated() { counts[j * kinds.count + kinds.firstIndex(of: cell.imputation)!] += 1 }
        }
        var byIndicator: [String: [Imputation: Int]] = [:]
        for (j, indicator) in grid.indicators.enumerated() where !grid.cells.isEmpty {
            for (k, kind) in kinds.enumerated() where counts[j * kinds.count + k] > 0 {
                byIndicator[indicator.id, default: [:]][kind, default: 0] += counts[j * kinds.count + k]
            }
        }
        return byIndicator
    }

    /// The complete score matrix (see the type) and the number of cells filled in it.
    static func scoreMatrix(_ scores: CompositeScores) -> (ScoreMatrix, Int) {
        var columns: [Int] = []
        for j in scores.indicators.indices {
            let present = scores.indicatorScores.compactMap { $0[j] }
            guard let first = present.first, present.contains(where: { $0 != first }) else { continue }
            columns.append(j)
        }
        var filled = 0
        var matrix = Matrix(rows: scores.schoolIDs.count, columns: columns.count)
        for (c, j) in columns.enumerated() {
            let present = scores.indicatorScores.compactMap { $0[j] }
            let median = Descriptive.median(present)
            for i in scores.schoolIDs.indices {
                if let score = scores.indicatorScores[i][j] {
                    matrix[i, c] = score
                } else {
                    matrix[i, c] = median
                    filled += 1
                }
            }
        }
        return (ScoreMatrix(schoolIDs: scores.schoolIDs, indicatorIDs: columns.map { scores.indicators[$0].id },
                            scores: matrix), filled)
    }
}
