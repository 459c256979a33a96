import MsokoAnalysis
import MsokoCharts
import MsokoModel

extension TermReportBuilder {
    // MARK: A school's page

    /// The page of `school`; its charts are appended to `charts`.
    func schoolDocument(_ school: School, charts: inout [(file: String, svg: String)]) -> ReportDocument {
        var document = ReportDocument(title: DisplayName.isolated(school.name), language: language.rawValue)
        document.append(.links([ReportLink(text: t("← Отчёт по району", "← District report"), target: "../report")]))
        var intro = t("Код школы: ", "School ID: ") + school.id + ". " + t("Период: ", "Period: ") + context.period.description + "."
        if let students = school.students {
            intro += " " + format.count(students, ru: ("обучающийся", "обучающихся", "обучающихся"), en: ("student", "students")) + "."
        }
        document.append(.paragraph(intro))
        guard let summary = summaries[school.id] else {
            document.append(.note(t("Школа не сдала данных за период и не вошла в анализ.", "The school sent no data for the period and was not analysed.")))
            return document
        }
        var position = t("Общий индекс: ", "Overall index: ") + format.number(summary.overallIndex)
        if let rank = summary.indexRank {
            position += t(" (место \(rank) из \(analysis.schools.count)", " (rank \(rank) of \(analysis.schools.count)")
            if let sensitivity = summary.sensitivity {
                position += t(", 90-процентный интервал мест ", ", 90 % rank interval ")
                    + "\(format.number(sensitivity.rankLow, digits: 0))–\(format.number(sensitivity.rankHigh, digits: 0))"
            }
            position += ")"
        }
        position += ". " + t("Место по потребности в поддержке: ", "Rank by need of support: ") + "\(summary.needRank) / \(analysis.schools.count)."
        if let membership = clusterBySchool[school.id],
           let cluster = context.clusters.clusters.first(where: { $0.id == membership.cluster }), context.clusters.clusterCount > 1 {
            position += " " + t("Группа похожих школ: ", "Group of similar schools: ") + "\(cluster.id) — \(cluster.label[language])"
                + " (" + groupMates(of: school.id, in: cluster) + ")."
        }
        document.append(.paragraph(position))
        document.blocks += contextBlocks(school.id)

        document.append(.heading(level: 2, text: t("Баллы по направлениям", "Scores by area")))
        let cluster = context.clusters.clusterCount > 1
            ? clusterBySchool[school.id].flatMap { membership in context.clusters.clusters.first { $0.id == membership.cluster } }
            : nil
        document.append(schoolFigure(chartMaker.school(summary, cluster: cluster), school: school.id, file: "school_\(school.id).svg",
                               caption: cluster == nil
                                   ? t("Баллы школы (синие) и района (оранжевые)", "School (blue) and district (orange) scores")
                                   : t("Баллы школы (синие), её группы (зелёные) и района (оранжевые)",
                                       "School (blue), group (green) and district (orange) scores"),
                               into: &charts))
        if let spread = chartMaker.distribution(areaSpreads, school: summary) {
            document.append(schoolFigure(spread, school: school.id, file: "school_\(school.id)_distribution.svg",
                                   caption: t("Школа среди школ района: разброс баллов направлений", "The school among the district's schools: spread of area scores"),
                                   into: &charts))
        }
        document.append(.table(ReportTable(
            header: [t("Направление", "Area"), t("Школа", "School"), t("Район", "District")],
            rows: analysis.areas.map { [$0.name[language], format.number(summary.areaScores[$0.areaID]), format.number($0.districtMean)] },
            alignments: [.left, .right, .right])))
        if let trends = chartMaker.trends(trendIndex, school: school.id) {
            document.append(.heading(level: 2, text: t("Динамика", "Trends")))
            document.append(schoolFigure(trends, school: school.id, file: "school_\(school.id)_trends.svg",
                                   caption: t("Динамика показателей школы против района, цель и прогноз",
                                              "The school's series against the district's, the target and the forecast"),
                                   into: &charts))
        }

        let deficits = deficitsBySchool[school.id] ?? []
        document.append(.heading(level: 2, text: t("Дефициты", "Deficits")))
        if deficits.isEmpty {
            document.append(.paragraph(t("Дефицитов не выявлено.", "No deficit found.")))
        } else {
            document.append(.paragraph(t(
                "Тяжесть — в устойчивых разбросах района: насколько значение хуже медианы района плюс доля недобора до цели, с учётом веса показателя.",
                "Severity is in the district's robust spreads: how far the value lies beyond the district median plus the share of the target missed, times the indicator's weight.")))
            document.append(.table(ReportTable(
                header: [t("Показатель", "Indicator"), t("Значение", "Value"), t("Ориентир", "Reference"), t("Статус", "Status"),
                         t("Интервал", "Interval"), t("Период", "Period"), t("Тяжесть", "Severity"),
                         t("Хуже медианы района", "Beyond the district median"), t("Недобор до цели", "Target shortfall"),
                         t("Среди похожих школ", "Among similar schools")],
                rows: deficits.map { deficit in
                    let unit = context.catalog.indicator(deficit.indicatorID)?.unit ?? .score
                    let interval = deficit.low.flatMap { low in deficit.high.map { "\(format.number(low)); \(format.number($0))" } }
                    return [indicatorName(deficit.indicatorID), format.value(deficit.value, unit: unit),
                            format.referenceKind(deficit.referenceKind) + " " + format.value(deficit.reference, unit: unit),
                            format.deficitStatus(deficit.status), interval.map { "[\($0)]" } ?? "—", deficit.period.description,
                            format.number(deficit.severity, digits: 1),
                            t("на ", "by ") + format.amount(deficit.spreadsBeyondMedian, ru: ("разброс", "разброса", "разбросов"),
                                                          en: ("spread", "spreads")),
                            deficit.referenceKind == .target
                                ? format.count(Int((100 * deficit.targetShortfall).rounded()), ru: ("балл", "балла", "баллов"),
                                               en: ("point", "points"))
                                : "—",
                            peerText(deficit, unit: unit)]
                },
                alignments: [.left, .right, .left, .left, .left, .left, .right, .right, .right, .left])))
        }
        let warnings = warningsBySchool[school.id] ?? []
        if !warnings.isEmpty {
            document.append(.heading(level: 2, text: t("Ранние предупреждения", "Early warnings")))
            document.append(.bulletList(warnings.map {
                indicatorName($0.indicatorID) + t(": значение ещё в норме, но значимо снижается (наклон Сена ", ": still at the reference, but worsening significantly (Sen's slope ")
                    + format.number($0.senSlope, digits: 2) + t(" в год)", " per year)")
            }))
        }

        let recommendations = recommendationsBySchool[school.id] ?? []
        document.append(.heading(level: 2, text: t("Рекомендации", "Recommendations")))
        if recommendations.isEmpty {
            document.append(.paragraph(t("Специальных мер не требуется.", "No specific measure is needed.")))
        } else {
            // One item per area and measure, listing the indicators it answers:
            // a short list of what to do (every indicator's row is in recommendations.csv).
            struct Key: Hashable { let area: String; let measure: String }
            let groups = Dictionary(grouping: recommendations) { Key(area: $0.areaID, measure: $0.measure.id) }
            let order = uniqueInOrder(recommendations.map { Key(area: $0.areaID, measure: $0.measure.id) })
            document.append(.bulletList(order.compactMap { key -> String? in
                guard let group = groups[key], let first = group.first else { return nil }
                var text = first.measure.text[language] + " (" + t("п. ", "item ") + first.measure.roadmapItem + "). "
                    + areaName(key.area) + ": "
                    + uniqueInOrder(group.map(\.indicatorID)).map { indicatorName($0) }.joined(separator: "; ")
                    + " — " + uniqueInOrder(group.map(\.kind)).map(format.findingKind).joined(separator: ", ") + "."
                if let peer = first.peerSchoolID {
                    text += t(" Образец: ", " Peer school: ") + schoolLabel(peer)
                        + (first.peerIsBestPractice ? "" : t(" (из лучшей четверти района)", " (from the district's top quarter)")) + "."
                }
                return text
            }))
        }
        let peers = uniqueInOrder(recommendations.compactMap(\.peerSchoolID)).filter { $0 != school.id }
        if !peers.isEmpty {
            document.append(.paragraph(t("Страницы школ-образцов:", "Pages of the peer schools:")))
            document.append(.links(peers.map { ReportLink(text: schoolLabel($0), target: $0) }))
        }
        let strengths = bestPracticesBySchool[school.id] ?? []
        if !strengths.isEmpty {
            document.append(.heading(level: 2, text: t("Сильные стороны", "Strengths")))
            document.append(.bulletList(strengths.map { areaName($0.areaID) + ": " + $0.evidence[language] }))
            if !analysis.bestPracticeMeasures.isEmpty {
                document.append(.paragraph(t("Предлагается: ", "Proposed: ")
                    + analysis.bestPracticeMeasures.map { $0.text[language] }.joined(separator: "; ") + "."))
            }
        }

        document.append(.heading(level: 2, text: t("Все показатели", "All indicators")))
        let values = analysis.values
        for area in context.catalog.areas {
            let indicators = context.catalog.indicators(inArea: area.id)
            guard !indicators.isEmpty else { continue }
            document.append(.heading(level: 3, text: area.name[language]))
            document.append(.table(ReportTable(
                header: [t("Показатель", "Indicator"), t("Значение", "Value"), t("Цель", "Target"), t("Балл", "Score")],
                rows: indicators.map { indicator in
                    let cell = values.cell(school: school.id, indicator: indicator.id)
                    var shown = format.value(cell?.value, unit: indicator.unit)
                    if let cell, cell.imputation != .none, cell.value != nil { shown += t(" (заполнено)", " (filled)") }
                    let score = values.position(school: school.id).flatMap { i in
                        values.position(indicator: indicator.id).flatMap { j in analysis.scores.indicatorScores[i][j] }
                    }
                    return [indicator.name[language], shown, format.target(indicator), format.number(score)]
                },
                alignments: [.left, .right, .left, .right])))
        }
        return document
    }
}
