import MsokoAnalysis
import MsokoCharts
import MsokoModel

extension ReportFormatting {
    /// A value in its indicator's unit: `45,3 %`, `да`, `12`, `3,4`.
    public func value(_ value: Double?, unit: IndicatorUnit) -> String {
        guard let value, value.isFinite else { return "—" }
        switch unit {
        case .percent: return percent(value)
        case .bool: return value >= 0.5 ? text(ru: "да", en: "yes") : text(ru: "нет", en: "no")
        case .count: return value == value.rounded() ? number(value, digits: 0) : number(value, digits: 1)
        case .per100, .score: return number(value, digits: 1)
        }
    }

    /// The target as the reader expects it: `≥ 70 %`, `да`, `≤ 2,0`.
    public func target(_ indicator: Indicator) -> String {
        guard let target = indicator.target else { return "—" }
        if indicator.unit == .bool { return value(target, unit: .bool) }
        let digits = target == target.rounded() ? 0 : 1
        let shown = indicator.unit == .percent ? percent(target, digits: digits) : number(target, digits: digits)
        return (indicator.direction == .up ? "≥ " : "≤ ") + shown
    }
}

/// The builder's wording helpers: bilingual text, names and short lists.
extension TermReportBuilder {
    func t(_ ru: String, _ en: String) -> String { format.text(ru: ru, en: en) }

    var language: Language { context.language }

    /// The significance level of the trend tests, as the reader writes it (0,05).
    var alphaText: String { format.number(analysis.settings.trendAlpha, digits: 2) }
    /// The interval level in percent (95).
    var confidenceText: String { format.number(analysis.settings.confidence * 100, digits: 0) }

    /// Rows of a school table in the report; the tables/*.csv files hold all
    /// of them (a region has hundreds of schools, the country 40,000).
    static let tableLimit = 50
    /// Names listed inline before "and N more".
    static let inlineLimit = 10

    /// `a, b, c` — at most `inlineLimit` items, then "и ещё N" / "and N more".
    func shortList(_ items: [String], separator: String = ", ") -> String {
        let shown = items.prefix(Self.inlineLimit).joined(separator: separator)
        let rest = items.count - Self.inlineLimit
        return rest > 0 ? shown + t(" и ещё \(rest)", " and \(rest) more") : shown
    }

    /// The other schools of a cluster, as a short list; reads at most
    /// `inlineLimit + 1` ids, not the whole cluster, for each school page.
    func groupMates(of schoolID: String, in cluster: ClusterProfile) -> String {
        let shown = cluster.schoolIDs.lazy.filter { $0 != schoolID }.prefix(Self.inlineLimit)
        let rest = cluster.size - 1 - shown.count
        return shown.joined(separator: ", ") + (rest > 0 ? t(" и ещё \(rest)", " and \(rest) more") : "")
    }

    /// A note under a table cut at `tableLimit` rows, naming the full table.
    func cutNote(total: Int, table: String) -> [ReportBlock] {
        guard total > Self.tableLimit else { return [] }
        return [.paragraph(t("Показаны первые \(Self.tableLimit) из \(total); полный список — tables/\(table).",
                             "The first \(Self.tableLimit) of \(total) are shown; the full list is tables/\(table)."))]
    }

    static let schoolsNoun = (one: "школа", few: "школы", many: "школ")
    static let schoolsNounEnglish = (one: "school", other: "schools")

    /// The school's name as set in a line of any output (`DisplayName`).
    func schoolName(_ id: String) -> String {
        context.dataset.school(id).map { DisplayName.isolated($0.name) } ?? id
    }

    /// `S05 «Name»` for tables and lists.
    func schoolLabel(_ id: String) -> String { "\(id) \(schoolName(id))" }

    func indicatorName(_ id: String) -> String { context.catalog.indicator(id)?.name[language] ?? id }

    func areaName(_ id: String?) -> String {
        guard let id else { return "—" }
        return context.catalog.area(id)?.name[language] ?? id
    }

}
