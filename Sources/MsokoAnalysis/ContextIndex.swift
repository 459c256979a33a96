import MsokoModel
import MsokoStatistics

/// Where a school's overall index stands against what its context predicts.
public enum ContextStatus: String, CaseIterable, Sendable {
    /// Above the prediction interval: the school beats the odds.
    case above
    /// Within the prediction interval.
    case expected
    /// Below the prediction interval.
    case below
}

/// Why a context indicator did not enter the context index.
public enum ContextNote: String, Sendable {
    /// Every school has the same value: its z-score is undefined.
    case constant
    /// No analysed school reported it in the period.
    case allMissing = "all_missing"
}

/// One school's row of `context.csv`.
public struct ContextRow: Sendable, Equatable {
    public let schoolID: String
    /// The weighted mean of the direction-signed z-scores of its context
    /// indicators (higher = more favourable); nil when it has none.
    public let contextIndex: Double?
    /// The overall index, 0–100.
    public let overallIndex: Double?
    /// The index the OLS line predicts at its context index.
    public let expected: Double?
    /// `overallIndex − expected`.
    public let residual: Double?
    /// The prediction interval at `context_band`.
    public let low: Double?
    public let high: Double?
    /// nil for a school without a context index (or when no line could be fitted).
    public let status: ContextStatus?
    /// On the ШНОР risk list: bottom quarter of the index and of the context index.
    public let isRisk: Bool
}

/// The context indicators of the analysed period, the context index, the
/// index it predicts, and the schools that beat the odds (docs/contract.md §8).
///
/// - **z-scores**: for each context indicator, `(x − mean) / sd` over the
///   analysed schools that reported it, with the population standard
///   deviation (numpy `std(ddof=0)`, as `--standardize`). Values are never
///   imputed; a missing value has no z-score.
/// - **Context index** of a school: `Σ wᵢ·sᵢ·zᵢ / Σ wᵢ` over its context
///   indicators with a value, `wᵢ` the catalog weight and `sᵢ` = +1 for
///   `direction: up` (higher is more favourable), −1 for `down`. A constant
///   indicator (zero standard deviation) or one nobody reported is left out
///   and noted; a school with no value has no index.
/// - **Expected index**: the OLS line of the overall index on the context
///   index over the schools that have both (`LinearRegression.fit`, at least
///   3 schools and a non-constant context index), with the prediction
///   interval for a new observation, `ŷ ± t·s·√(1 + 1/n + (x − x̄)²/Sxx)`, at
///   `context_band` (R `predict(lm, interval = "prediction", level = 0.90)`,
///   statsmodels `get_prediction().summary_frame(alpha = 0.10)` `obs_ci_*`).
/// - **Status**: `above` when the overall index exceeds `high`, `below` when
///   it is under `low`, else `expected` (the "beating the odds" screen of
///   school-effectiveness studies).
/// - **ШНОР risk list** (schools with low results in difficult social
///   conditions, the "500+" project's target group): overall index at or
///   below the district's lower quartile AND context index at or below the
///   lower quartile of the context index (type-7 quartiles, R's default),
///   over the schools that have both.
public struct ContextAnalysis: Sendable {
    public let period: Period
    /// The catalog's context indicators, in catalog order.
    public let indicators: [Indicator]
    /// Their values in the period (never imputed), analysed schools × `indicators`.
    public let values: ValueGrid
    /// `zScores[school][indicator]`, not direction-signed; nil when missing or left out.
    public let zScores: [[Double?]]
    /// Indicators left out of the index, and why.
    public let notes: [(indicatorID: String, note: ContextNote)]
    /// One row per analysed school, in `values.schoolIDs` order.
    public let rows: [ContextRow]
    /// The OLS line; nil with fewer than 3 schools or a constant context index.
    public let fit: LinearFit?
    /// The level of the prediction interval.
    public let band: Double
    /// Lower quartiles of the overall index and of the context index (the ШНОР screen).
    public let riskThresholds: (index: Double, context: Double)?

    /// Whether the catalog declares any context indicator.
    public var isEmpty: Bool { indicators.isEmpty }
    /// The indicators that entered the index.
    public var usedIndicators: [Indicator] {
        let out = Set(notes.map(\.indicatorID))
        return indicators.filter { !out.contains($0.id) }
    }
    public var riskSchoolIDs: [String] { rows.filter(\.isRisk).map(\.schoolID) }
    public var aboveSchoolIDs: [String] { rows.filter { $0.status == .above }.map(\.schoolID) }
    /// School id → context index.
    public var indexBySchool: [String: Double] {
        Dictionary(rows.compactMap { row in row.contextIndex.map { (row.schoolID, $0) } }, uniquingKeysWith: { first, _ in first })
    }
    public func row(school: String) -> ContextRow? { values.position(school: school).map { rows[$0] } }

    /// The z-score of school row `i` on indicator column `j`, negated for a
    /// `down` indicator (higher = more favourable); nil when missing or left out.
    public func signedZScore(school i: Int, indicator j: Int) -> Double? {
        Self.signed(zScores[i][j], direction: indicators[j].direction)
    }

    static func signed(_ z: Double?, direction: Direction) -> Double? { z.map { direction == .up ? $0 : -$0 } }

    /// Computes the context analysis of `values` (the context indicators'
    /// grid, reported values only) against each school's overall index.
    public static func compute(values: ValueGrid, overallIndex: [Double?], band: Double) -> ContextAnalysis {
        let schools = values.schoolIDs.count
        var zScores = [[Double?]](repeating: [Double?](repeating: nil, count: values.indicators.count), count: schools)
        var notes: [(String, ContextNote)] = []
        var used: [Int] = []
        for (j, indicator) in values.indicators.enumerated() {
            let column = values.values(indicator: j)
            let present = column.compactMap { $0 }
            guard !present.isEmpty else { notes.append((indicator.id, .allMissing)); continue }
            let mean = Descriptive.mean(present)
            let deviation = Descriptive.standardDeviation(present, sample: false)
            guard deviation > 0, deviation.isFinite else { notes.append((indicator.id, .constant)); continue }
            used.append(j)
            for i in 0..<schools { zScores[i][j] = column[i].map { ($0 - mean) / deviation } }
        }
        let contextIndex: [Double?] = (0..<schools).map { i in
            var total = 0.0, weights = 0.0
            for j in used {
                guard let z = signed(zScores[i][j], direction: values.indicators[j].direction) else { continue }
                total += values.indicators[j].weight * z
                weights += values.indicators[j].weight
            }
            return weights > 0 ? total / weights : nil
        }

        let paired = (0..<schools).filter { contextIndex[$0] != nil && overallIndex[$0] != nil }
        let fit = try? LinearRegression.fit(x: paired.map { contextIndex[$0]! }, y: paired.map { overallIndex[$0]! })
        var thresholds: (index: Double, context: Double)?
        if !paired.isEmpty {
            thresholds = (Descriptive.quantile(paired.map { overallIndex[$0]! }, 0.25),
                          Descriptive.quantile(paired.map { contextIndex[$0]! }, 0.25))
        }
        let rows = (0..<schools).map { i -> ContextRow in
            let index = overallIndex[i]
            guard let x = contextIndex[i] else {
                return ContextRow(schoolID: values.schoolIDs[i], contextIndex: nil, overallIndex: index, expected: nil,
                                  residual: nil, low: nil, high: nil, status: nil, isRisk: false)
            }
            let prediction = fit.map { $0.predictionInterval(at: x, level: band) }
            var status: ContextStatus?
            if let prediction, let index {
                status = index > prediction.high ? .above : index < prediction.low ? .below : .expected
            }
            let risk = thresholds.map { limit in index.map { $0 <= limit.index && x <= limit.context } ?? false } ?? false
            return ContextRow(schoolID: values.schoolIDs[i], contextIndex: x, overallIndex: index,
                              expected: prediction?.estimate,
                              residual: prediction.flatMap { p in index.map { $0 - p.estimate } },
                              low: prediction?.low, high: prediction?.high, status: status, isRisk: risk)
        }
        return ContextAnalysis(period: values.period, indicators: values.indicators, values: values, zScores: zScores,
                               notes: notes, rows: rows, fit: fit, band: band,
                               riskThresholds: paired.isEmpty ? nil : thresholds)
    }

    /// `context.csv`: `school_id,period,context_index,overall_index,expected,residual,low,high,status`
    /// (docs/contract.md §8) + `shnor_risk` (on the ШНОР risk list) and `band` (the interval's level).
    public var table: Table {
        var table = Table(columns: ["school_id", "period", "context_index", "overall_index", "expected", "residual",
                                    "low", "high", "status", "shnor_risk", "band"])
        for row in rows {
            table.append([row.schoolID, period.description, Table.number(row.contextIndex), Table.number(row.overallIndex),
                          Table.number(row.expected), Table.number(row.residual), Table.number(row.low),
                          Table.number(row.high), row.status?.rawValue ?? "", Table.bool(row.isRisk), Table.number(band)])
        }
        return table
    }

    /// Best practices whose school beats the odds gain that evidence:
    /// "above what its context predicts", with the index and the interval.
    func annotate(_ practices: [BestPractice]) -> [BestPractice] {
        practices.map { practice in
            guard let row = row(school: practice.schoolID), row.status == .above,
                  let index = row.overallIndex, let expected = row.expected, let high = row.high else { return practice }
            let level = Table.number(band * 100, digits: 0)
            func n(_ value: Double, _ language: Language) -> String { Evidence.number(value, language: language) }
            let extra = LocalizedText(
                ru: " Выше, чем предсказывают условия школы: общий индекс \(n(index, .ru)) при ожидаемом \(n(expected, .ru)) (верхняя граница \(level)-процентного интервала \(n(high, .ru))).",
                en: " Above what its context predicts: overall index \(n(index, .en)) against an expected \(n(expected, .en)) (upper bound of the \(level) % interval \(n(high, .en))).")
            var annotated = practice
            annotated.evidence = LocalizedText(ru: practice.evidence.ru + extra.ru, en: practice.evidence.en + extra.en)
            annotated.beatsTheOdds = true
            return annotated
        }
    }
}
