import MsokoModel

/// The term's analytical report (road map item 4.1) and one page per school
/// (item 4.3), as documents; rendering is separate.
public struct TermReport {
    public struct SchoolPage {
        public let schoolID: String
        public let document: ReportDocument
    }

    public let document: ReportDocument
    public let schoolPages: [SchoolPage]

    public init(context: ReportContext) {
        let builder = TermReportBuilder(context: context)
        document = builder.mainDocument()
        schoolPages = context.dataset.schools.map { school in
            SchoolPage(schoolID: school.id, document: builder.schoolDocument(school))
        }
    }
}

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

/// Whether a value meets its indicator's target (nil without a target).
public func meetsTarget(_ value: Double, _ indicator: Indicator) -> Bool? {
    guard let target = indicator.target else { return nil }
    return indicator.direction == .up ? value >= target : value <= target
}

struct TermReportBuilder {
    let context: ReportContext
    let format: ReportFormatting
    let index: ObservationIndex

    init(context: ReportContext) {
        self.context = context
        self.format = ReportFormatting(language: context.language)
        self.index = ObservationIndex(context.dataset.observations)
    }

    func t(_ ru: String, _ en: String) -> String { format.text(ru: ru, en: en) }

    var schoolsNoun: (one: String, few: String, many: String) { ("школа", "школы", "школ") }

    func mainDocument() -> ReportDocument {
        let dataset = context.dataset
        let catalog = context.catalog
        var document = ReportDocument(title: context.title, language: context.language.rawValue)
        var intro = t("Аналитический отчёт за период ", "Analytical report for the period ") + context.period.description + "."
        if let date = context.reportDate { intro += t(" Дата отчёта: ", " Report date: ") + date + "." }
        document.append(.paragraph(intro))
        let accepted = dataset.observations.count
        document.append(.paragraph(
            format.count(dataset.schools.count, ru: schoolsNoun, en: ("school", "schools")) + "; "
                + format.count(catalog.indicators.count, ru: ("показатель", "показателя", "показателей"), en: ("indicator", "indicators"))
                + t(" в ", " in ")
                + format.count(catalog.areas.count, ru: ("направлении", "направлениях", "направлениях"), en: ("area", "areas"))
                + "; " + format.count(accepted, ru: ("значение принято", "значения принято", "значений принято"), en: ("value accepted", "values accepted"))
                + ", " + format.count(dataset.rejects.count, ru: ("строка отклонена", "строки отклонено", "строк отклонено"), en: ("row rejected", "rows rejected"))
                + "."))

        document.append(.heading(level: 2, text: t("Показатели дорожной карты", "Road map indicators")))
        document.append(.paragraph(t(
            "Значение по району — среднее по школам за период; «выполняют» — число школ, достигших целевого значения.",
            "The district value is the mean over schools for the period; \"meet\" counts the schools at or beyond the target.")))
        var rows: [[String]] = []
        for indicator in catalog.indicators.filter({ $0.roadmapGoal != nil }).sorted(by: { ($0.roadmapGoal!, $0.id) < ($1.roadmapGoal!, $1.id) }) {
            let values = dataset.schools.compactMap { index.observation(school: $0.id, indicator: indicator.id, period: context.period)?.value }
            let mean = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            let meeting = values.filter { meetsTarget($0, indicator) == true }.count
            rows.append([
                String(indicator.roadmapGoal!), indicator.name[context.language], format.target(indicator),
                format.value(mean, unit: indicator.unit == .bool ? .percent : indicator.unit).replacingBoolMean(mean, indicator, format),
                indicator.target == nil ? "—" : "\(meeting) / \(values.count)",
            ])
        }
        document.append(.table(ReportTable(
            header: ["№", t("Показатель", "Indicator"), t("Цель", "Target"), t("По району", "District"), t("Выполняют", "Meet")],
            rows: rows, alignments: [.right, .left, .left, .right, .right])))

        document.blocks += dataQualitySection()

        document.append(.heading(level: 2, text: t("Школы", "Schools")))
        document.append(.table(ReportTable(
            header: [t("Код", "ID"), t("Школа", "School"), t("Обучающихся", "Students")],
            rows: dataset.schools.map { [$0.id, $0.name, $0.students.map(String.init) ?? "—"] },
            alignments: [.left, .left, .right])))
        return document
    }

    func dataQualitySection() -> [ReportBlock] {
        let dataset = context.dataset
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Качество данных", "Data quality"))]
        blocks.append(.table(ReportTable(
            header: [t("Файл", "File"), t("Прочитано строк", "Rows read"), t("Принято", "Accepted"), t("Отклонено", "Rejected")],
            rows: dataset.inputs.map { [$0.path, String($0.rowsRead), String($0.rowsAccepted), String($0.rowsRejected)] },
            alignments: [.left, .right, .right, .right])))
        if dataset.rejects.isEmpty {
            blocks.append(.paragraph(t("Все строки входных файлов приняты.", "Every input row was accepted.")))
        } else {
            let shown = dataset.rejects.prefix(20)
            blocks.append(.paragraph(t(
                "Отклонённые строки не использованы в расчётах; полный список — tables/rejects.csv.",
                "Rejected rows were not used; the full list is in tables/rejects.csv.")))
            blocks.append(.table(ReportTable(
                header: [t("Файл", "File"), t("Строка", "Line"), t("Столбец", "Column"), t("Значение", "Value"), t("Причина", "Reason")],
                rows: shown.map { [$0.file, String($0.line), $0.column, $0.value, $0.reason] },
                alignments: [.left, .right, .left, .left, .left])))
        }
        return blocks
    }

    func schoolDocument(_ school: School) -> ReportDocument {
        var document = ReportDocument(title: school.name, language: context.language.rawValue)
        document.append(.paragraph(t("Код школы: ", "School ID: ") + school.id + ". " + t("Период: ", "Period: ") + context.period.description + "."))
        for area in context.catalog.areas {
            let indicators = context.catalog.indicators(inArea: area.id)
            document.append(.heading(level: 2, text: area.name[context.language]))
            document.append(.table(ReportTable(
                header: [t("Показатель", "Indicator"), t("Значение", "Value"), t("Цель", "Target")],
                rows: indicators.map { indicator in
                    let value = index.observation(school: school.id, indicator: indicator.id, period: context.period)?.value
                    return [indicator.name[context.language], format.value(value, unit: indicator.unit), format.target(indicator)]
                },
                alignments: [.left, .right, .left])))
        }
        return document
    }
}

private extension String {
    /// For a yes/no indicator the district value is the share of schools with "yes".
    func replacingBoolMean(_ mean: Double?, _ indicator: Indicator, _ format: ReportFormatting) -> String {
        guard indicator.unit == .bool else { return self }
        return format.percent(mean.map { $0 * 100 }, digits: 0)
    }
}
