import MsokoLinearAlgebra
import MsokoModel
import MsokoStatistics

/// A school whose work in an area is worth spreading (лучшая практика,
/// road map task "выявление лучших практик", item 5.6).
public struct BestPractice: Hashable, Sendable {
    public let areaID: String
    public let schoolID: String
    /// The area score in the analysed period, 0–100.
    public let score: Double
    /// The school's place among the district's schools in this area (1 = highest).
    public let rankInArea: Int
    public let schoolsInArea: Int
    /// The area's upper quartile in the analysed period (the bar it cleared).
    public let threshold: Double
    /// `improving` when some indicator of the area improves, `stable` when
    /// none changes significantly, `insufficient_data` when no series is long enough.
    public let trend: Assessment
    /// The earlier school years in which its area score was checked against the district median.
    public let yearsChecked: [Period]
    public internal(set) var evidence: LocalizedText
    /// Its overall index is above what its context predicts (docs/contract.md §8).
    public internal(set) var beatsTheOdds = false
}

/// Best practices per area (OECD/JRC practice of reading a composite by its
/// dimensions): a school is one in area A when
///
/// 1. its area score is high: at or above the district's upper quartile
///    (type-7 Q₃) of the area, and above the district's lowest score (when
///    every school scores the same, no one stands out);
/// 2. it has no worsening trend: no indicator of the area is `worsening`
///    for the school;
/// 3. it is stable over periods: in every earlier school year with data its
///    area score was at or above that year's district median (a standing,
///    not a one-off). With no earlier year the condition cannot be checked
///    and the evidence says so.
public enum BestPracticeAnalysis {
    /// `trends` are laid out over `current`'s schools and `catalog`'s indicators.
    static func find(current: CompositeScores, history: [(Period, CompositeScores)], trends: TrendLayout,
                     catalog: Catalog, period: Period) -> [BestPractice] {
        // Per school and area, the assessments of its indicators' trends, as bits.
        let areaCount = current.areaIDs.count
        let areaPositions = Dictionary(current.areaIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var assessments = [UInt8](repeating: 0, count: current.schoolIDs.count * areaCount)
        @Sendable func bit(_ assessment: Assessment) -> UInt8 { 1 << UInt8(Assessment.allCases.firstIndex(of: assessment)!) }
        for (j, indicator) in catalog.indicators.enumerated() {
            guard let a = areaPositions[indicator.area] else { continue }
            for i in current.schoolIDs.indices { assessments[i * areaCount + a] |= bit(trends.school(i, indicator: j).assessment) }
        }
        let trendBits = assessments
        // Earlier years, indexed once: each school's row and each area's
        // district median (per-candidate lookups made this quadratic). The
        // years are independent, and so are the areas below: in parallel.
        let years = history.filter { $0.0 < period }
        let earlier = Parallelism.map(years.count) { y in
            let (year, scores) = years[y]
            return (year: year, scores: scores,
                    rows: Dictionary(scores.schoolIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }),
                    medians: scores.areaIDs.indices.map { areaIndex -> Double? in
                        let district = scores.areaScores.compactMap { $0[areaIndex] }
                        return district.isEmpty ? nil : Descriptive.median(district)
                    })
        }
        let byArea: [[BestPractice]] = Parallelism.map(current.areaIDs.count) { a in
            let area = current.areaIDs[a]
            var result: [BestPractice] = []
            let scored = current.schoolIDs.indices.compactMap { i in current.areaScores[i][a].map { (i, $0) } }
            guard scored.count >= 2 else { return [] }
            let scores = scored.map(\.1)
            let upperQuartile = Descriptive.quantile(scores, 0.75)
            let minimum = scores.min()!
            let order = scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : current.schoolIDs[$0.0] < current.schoolIDs[$1.0] }
            for (position, (i, score)) in order.enumerated() {
                guard score >= upperQuartile, score > minimum else { continue }
                let school = current.schoolIDs[i]
                let own = trendBits[i * areaCount + a]
                guard own & bit(.worsening) == 0 else { continue }
                var checked: [Period] = []
                var stable = true
                for year in earlier {
                    guard let areaIndex = year.scores.areaIDs.firstIndex(of: area),
                          let row = year.rows[school],
                          let past = year.scores.areaScores[row][areaIndex],
                          let median = year.medians[areaIndex] else { continue }
                    checked.append(year.year)
                    if past < median { stable = false }
                }
                guard stable else { continue }
                let trend: Assessment = own & bit(.improving) != 0 ? .improving
                    : own & bit(.stable) != 0 ? .stable : .insufficientData
                let evidence = Evidence.bestPractice(score: score, rank: position + 1, count: scored.count,
                                                     threshold: upperQuartile, trend: trend, years: checked)
                result.append(BestPractice(areaID: area, schoolID: school, score: score, rankInArea: position + 1,
                                           schoolsInArea: scored.count, threshold: upperQuartile, trend: trend,
                                           yearsChecked: checked, evidence: evidence))
            }
            return result
        }
        return byArea.flatMap { $0 }
    }
}

/// The texts that explain a finding in the reader's language.
enum Evidence {
    /// A number for prose: at most one decimal, a decimal comma in Russian.
    static func number(_ value: Double, language: Language, digits: Int = 1) -> String {
        let text = Table.number(value, digits: digits)
        return language == .ru ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func bestPractice(score: Double, rank: Int, count: Int, threshold: Double, trend: Assessment,
                             years: [Period]) -> LocalizedText {
        let trendRu: String, trendEn: String
        switch trend {
        case .improving: (trendRu, trendEn) = ("есть улучшающиеся показатели, ухудшающихся нет", "some indicators improve, none worsens")
        case .stable: (trendRu, trendEn) = ("значимых ухудшений нет", "no significant worsening")
        default: (trendRu, trendEn) = ("рядов для оценки тренда недостаточно", "series too short to judge a trend")
        }
        let yearsRu: String, yearsEn: String
        if let first = years.first, let last = years.last {
            yearsRu = "балл не ниже медианы района во всех предыдущих учебных годах (\(years.count): \(first)–\(last))"
            yearsEn = "score at or above the district median in every earlier school year (\(years.count): \(first)–\(last))"
        } else {
            yearsRu = "устойчивость не проверена: нет данных за предыдущие годы"
            yearsEn = "stability not checked: no earlier years"
        }
        return LocalizedText(
            ru: "Балл направления \(number(score, language: .ru)) — \(rank)-е место из \(count), не ниже верхнего квартиля района (\(number(threshold, language: .ru))); \(trendRu); \(yearsRu).",
            en: "Area score \(number(score, language: .en)), place \(rank) of \(count), at or above the district's upper quartile (\(number(threshold, language: .en))); \(trendEn); \(yearsEn).")
    }
}
