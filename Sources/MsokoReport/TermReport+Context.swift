import MsokoAnalysis
import MsokoModel

extension ReportFormatting {
    /// `выше ожидаемого` / `above expected`, …
    public func contextStatus(_ status: ContextStatus) -> String {
        switch status {
        case .above: return text(ru: "выше ожидаемого", en: "above expected")
        case .expected: return text(ru: "как ожидалось", en: "as expected")
        case .below: return text(ru: "ниже ожидаемого", en: "below expected")
        }
    }
}

/// The report's part on context indicators (docs/contract.md §8): the conditions,
/// the schools that beat the odds, and the ШНОР risk list.
extension TermReportBuilder {
    var contextAnalysis: ContextAnalysis { analysis.context }

    /// What the clusters were computed on, for the cluster section.
    var clusteringSpaceText: String {
        switch context.clustering.space {
        case .outcomes:
            return t("по баллам всех показателей результатов (0–100)", "on the scores of all outcome indicators (0–100)")
        case .context:
            return t("по условиям работы: z-оценкам показателей контекста (группа 1 — самые благоприятные условия)",
                     "on the schools' conditions: the context indicators' z-scores (group 1 has the most favourable conditions)")
        case .all:
            return t("по баллам показателей результатов и показателям контекста на той же шкале 0–100",
                     "on the outcome scores and the context indicators on the same 0–100 scale")
        }
    }

    /// Key findings on context: schools that beat the odds, the ШНОР risk list.
    func contextFindings() -> [String] {
        guard !contextAnalysis.isEmpty else { return [] }
        var items: [String] = []
        let above = contextAnalysis.aboveSchoolIDs
        if !above.isEmpty {
            items.append(t("Результаты выше, чем предсказывают условия: ", "Results above what their context predicts: ")
                + shortList(above.map(schoolLabel), separator: "; ") + ".")
        }
        let risk = contextAnalysis.riskSchoolIDs
        if !risk.isEmpty {
            items.append(t("Риск ШНОР (низкие результаты в трудных условиях): ", "ШНОР risk (low results in difficult conditions): ")
                + shortList(risk.map(schoolLabel), separator: "; ") + ".")
        }
        return items
    }

    mutating func contextSection() -> [ReportBlock] {
        let analysis = contextAnalysis
        guard !analysis.isEmpty else { return [] }
        let level = format.number(analysis.band * 100, digits: 0)
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Условия работы школ: сравнение равных с равными",
                                                                "The schools' context: comparing like with like"))]
        blocks.append(.paragraph(t(
            "Показатели контекста описывают то, что школа не может изменить за период (доля детей из малообеспеченных семей, детей с ОВЗ, детей, для которых русский язык не родной, сельская местность, число обучающихся). Они не входят в баллы, индекс, дефициты и рекомендации. Индекс контекста — взвешенное среднее z-оценок этих показателей (среднее и стандартное отклонение по району за период; со знаком «минус» там, где большее значение — менее благоприятно), так что выше — благоприятнее. Ожидаемый индекс — линия МНК общего индекса по индексу контекста; полоса — \(level)-процентный интервал предсказания. Школа «выше ожидаемого», если её индекс выше полосы: она добивается большего, чем предсказывают её условия.",
            "Context indicators describe what a school cannot change in a term (shares of pupils from low-income families, with disabilities, whose first language is not Russian; rural location; the number of pupils). They are not part of the scores, the index, deficits or recommendations. The context index is the weighted mean of their z-scores (district mean and standard deviation of the period; negated where a higher value is less favourable), so higher is more favourable. The expected index is the OLS line of the overall index on the context index; the band is the \(level) % prediction interval. A school is \"above expected\" when its index is above the band: it achieves more than its conditions predict.")))
        let values = analysis.values
        let left = Dictionary(analysis.notes.map { ($0.indicatorID, $0.note) }, uniquingKeysWith: { first, _ in first })
        blocks.append(.table(ReportTable(
            header: [t("Показатель контекста", "Context indicator"), t("Благоприятнее", "Favourable"), t("Среднее", "Mean"),
                     t("Мин.–макс.", "Min–max"), t("Школ с данными", "Schools reporting"), t("В индексе", "In the index")],
            rows: analysis.indicators.enumerated().map { j, indicator in
                let present = values.values(indicator: j).compactMap { $0 }
                let range = present.isEmpty ? "—"
                    : format.value(present.min(), unit: indicator.unit) + " – " + format.value(present.max(), unit: indicator.unit)
                let used: String = switch left[indicator.id] {
                case .constant: t("нет: у всех школ одно значение", "no: the same value everywhere")
                case .allMissing: t("нет: нет данных", "no: no data")
                case nil: t("да", "yes")
                }
                return [indicator.name[language],
                        indicator.direction == .up ? t("больше", "higher") : t("меньше", "lower"),
                        contextDistrictMean(j),
                        range, "\(present.count) / \(values.schoolIDs.count)", used]
            },
            alignments: [.left, .left, .right, .right, .right, .left])))
        if let fit = analysis.fit {
            blocks.append(.paragraph(t(
                "Ожидаемый индекс = \(format.number(fit.intercept, digits: 2)) \(fit.slope < 0 ? "−" : "+") \(format.number(abs(fit.slope), digits: 2)) × индекс контекста (школ: \(fit.n), остаточное стандартное отклонение \(format.number(fit.residualStandardError, digits: 2))).",
                "Expected index = \(format.number(fit.intercept, digits: 2)) \(fit.slope < 0 ? "−" : "+") \(format.number(abs(fit.slope), digits: 2)) × context index (\(fit.n) schools, residual standard deviation \(format.number(fit.residualStandardError, digits: 2))).")))
        } else {
            blocks.append(.note(t("Линию ожидаемого индекса построить нельзя: меньше трёх школ с индексом контекста или он у всех одинаков.",
                                  "No expected-index line: fewer than three schools with a context index, or it is the same everywhere.")))
        }
        if let chart = chartMaker.contextScatter() {
            blocks.append(figure(chart, file: "context.svg", caption: t(
                "Общий индекс и индекс контекста; линия — ожидаемый индекс, полоса — \(level)-процентный интервал предсказания; подписаны школы выше ожидаемого",
                "Overall index against the context index; the line is the expected index, the band the \(level) % prediction interval; schools above expected are named")))
        }
        let above = analysis.rows.filter { $0.status == .above }.sorted { ($0.residual ?? 0) > ($1.residual ?? 0) }
        blocks.append(.heading(level: 3, text: t("Выше, чем предсказывают условия", "Beating the odds")))
        if above.isEmpty {
            blocks.append(.paragraph(t("Ни одна школа не выше полосы ожидаемого.", "No school is above the expected band.")))
        } else {
            blocks.append(.paragraph(t(
                "Опыт этих школ особенно полезен школам в похожих условиях: в рекомендациях образец выбирается среди лучших практик с близким индексом контекста.",
                "Their experience is most useful to schools in similar conditions: recommendations pick the peer among best practices with a similar context index.")))
            blocks.append(contextTable(above))
        }
        blocks.append(.heading(level: 3, text: t("Риск ШНОР: низкие результаты в трудных условиях", "ШНОР risk: low results in difficult conditions")))
        let risk = analysis.rows.filter(\.isRisk)
        if let limits = analysis.riskThresholds {
            blocks.append(.paragraph(t(
                "В списке — школы из нижней четверти района и по общему индексу (не выше \(format.number(limits.index))), и по индексу контекста (не выше \(format.number(limits.context, digits: 2))), как в проекте «500+» и методике ФИОКО (школы с низкими результатами, работающие в сложных социальных условиях).",
                "Schools in the district's bottom quarter both of the overall index (at most \(format.number(limits.index))) and of the context index (at most \(format.number(limits.context, digits: 2))), as in the \"500+\" project and the FIOKO methodology (schools with low results in difficult social conditions).")))
        }
        blocks.append(risk.isEmpty ? .paragraph(t("Таких школ нет.", "No such school.")) : contextTable(risk))
        blocks += cutNote(total: max(above.count, risk.count), table: "context.csv")
        return blocks
    }

    func contextTable(_ rows: [ContextRow]) -> ReportBlock {
        .table(ReportTable(
            header: [t("Школа", "School"), t("Индекс контекста", "Context index"), t("Общий индекс", "Overall index"),
                     t("Ожидаемый", "Expected"), t("Интервал", "Interval"), t("Оценка", "Status")],
            rows: rows.prefix(Self.tableLimit).map { row in
                [schoolLabel(row.schoolID), format.number(row.contextIndex, digits: 2), format.number(row.overallIndex),
                 format.number(row.expected), "[\(format.number(row.low)); \(format.number(row.high))]",
                 row.status.map(format.contextStatus) ?? "—"]
            },
            alignments: [.left, .right, .right, .right, .left, .left]))
    }

    /// The district mean of context indicator column `j` in its unit (for
    /// a yes/no fact, the share of schools).
    func contextDistrictMean(_ j: Int) -> String { contextDistrictMeans[j] }

    /// Every context indicator's district mean as shown on the school pages,
    /// computed once (per page it made the pages quadratic in the schools).
    static func contextDistrictMeans(_ context: ContextAnalysis, format: ReportFormatting) -> [String] {
        context.indicators.indices.map { j in
            let indicator = context.indicators[j]
            let present = context.values.values(indicator: j).compactMap { $0 }
            let mean = present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
            return indicator.unit == .bool ? format.percent(mean.map { $0 * 100 }, digits: 0) : format.value(mean, unit: indicator.unit)
        }
    }

    /// A school page's context: its context index and status, and its
    /// context values beside the district's means.
    func contextBlocks(_ schoolID: String) -> [ReportBlock] {
        guard let sentence = contextSentence(schoolID) else { return [] }
        let values = contextAnalysis.values
        guard let i = values.position(school: schoolID) else { return [.paragraph(sentence)] }
        return [.paragraph(sentence), .table(ReportTable(
            header: [t("Условия (показатели контекста)", "Conditions (context indicators)"), t("Школа", "School"),
                     t("Район, среднее", "District mean")],
            rows: values.indicators.enumerated().map { j, indicator in
                [indicator.name[language], format.value(values.cells[i][j].value, unit: indicator.unit), contextDistrictMean(j)]
            },
            alignments: [.left, .right, .right]))]
    }

    /// A school page's sentence on its context.
    func contextSentence(_ schoolID: String) -> String? {
        guard let row = contextAnalysis.row(school: schoolID), let index = row.contextIndex else { return nil }
        var text = t("Индекс контекста (условия работы; выше — благоприятнее): ", "Context index (conditions; higher = more favourable): ")
            + format.number(index, digits: 2) + "."
        if let status = row.status, let expected = row.expected {
            text += t(" Ожидаемый по условиям общий индекс: ", " Overall index expected from the context: ") + format.number(expected)
                + " [\(format.number(row.low)); \(format.number(row.high))] — " + format.contextStatus(status) + "."
        }
        if row.isRisk { text += t(" Школа в списке риска ШНОР.", " The school is on the ШНОР risk list.") }
        return text
    }
}
