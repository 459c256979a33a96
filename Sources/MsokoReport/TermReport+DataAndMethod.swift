import MsokoAnalysis
import MsokoCharts
import MsokoModel

/// The district report's closing sections: data quality, sources and method.
extension TermReportBuilder {
    func dataQualitySection() -> [ReportBlock] {
        let dataset = context.dataset
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Качество данных", "Data quality"))]
        blocks.append(.table(ReportTable(
            header: [t("Файл", "File"), t("Прочитано строк", "Rows read"), t("Принято", "Accepted"), t("Отклонено", "Rejected"),
                     t("Пропущено", "Skipped")],
            rows: dataset.inputs.map {
                [$0.path, String($0.rowsRead), String($0.rowsAccepted), String($0.rowsRejected), String($0.rowsSkipped)]
            },
            alignments: [.left, .right, .right, .right, .right])))
        let skippedReasons = Dictionary(dataset.inputs.flatMap(\.skipped), uniquingKeysWith: +)
        if !skippedReasons.isEmpty {
            blocks.append(.paragraph(t("Пропущенные строки — не ошибки: ", "Skipped rows are not errors: ")
                + skippedReasons.sorted { $0.key < $1.key }.map { "\(skippedReasonText($0.key)) — \($0.value)" }.joined(separator: "; ") + "."))
        }
        blocks += sourcesBlocks()
        if dataset.rejects.isEmpty {
            blocks.append(.paragraph(t("Все строки входных файлов приняты.", "Every input row was accepted.")))
        } else {
            blocks.append(.paragraph(t(
                "Отклонённые строки не использованы в расчётах; полный список — tables/rejects.csv.",
                "Rejected rows were not used; the full list is in tables/rejects.csv.")))
            blocks.append(.table(ReportTable(
                header: [t("Файл", "File"), t("Строка", "Line"), t("Столбец", "Column"), t("Значение", "Value"), t("Причина", "Reason")],
                rows: dataset.rejects.prefix(20).map { [$0.file, String($0.line), $0.column, $0.value, $0.reason] },
                alignments: [.left, .right, .left, .left, .left])))
        }
        if !dataset.withheld.isEmpty {
            blocks.append(.paragraph(t(
                "Не опубликовано (персональные данные): \(dataset.withheld.count) — значения опросов, полученные менее чем от установленного числа респондентов; в расчётах они считаются пропусками.",
                "Withheld (personal data): \(dataset.withheld.count) survey values from fewer respondents than the catalog's minimum; they count as missing.")))
        }
        let imputation = analysis.imputation
        let policy: String = switch imputation.policy {
        case .reweight: t("пропуск не заполняется, вес показателя переходит к остальным показателям направления",
                          "a missing value is left out and its weight goes to the area's other indicators")
        case .districtMedian: t("пропуск заполняется медианой района", "a missing value is filled with the district median")
        case .lastValue: t("пропуск заполняется последним прежним значением школы", "a missing value is filled with the school's last earlier value")
        }
        blocks.append(.paragraph(
            t("Пропуски за период: ", "Missing values in the period: ") + String(imputation.missingCount)
                + t(" (заполнено: ", " (filled: ") + String(imputation.imputedCount) + "). "
                + t("Правило: ", "Policy: ") + policy + ". "
                + t("Каждое заполненное значение отмечено в tables/normalized.csv.", "Every filled value is flagged in tables/normalized.csv.")))
        // The routine "no target: min–max" notes are one sentence (the list is
        // tables/normalization_notes.csv); the notes a reader must act on stay listed.
        let minmax = analysis.normalizationNotes.filter { $0.kind == .noTargetUsedMinmax }.count
        if minmax > 0 {
            blocks.append(.paragraph(t(
                "Без цели — нормировка мин–макс по району: \(format.count(minmax, ru: ("показатель", "показателя", "показателей"), en: ("indicator", "indicators"))); список — tables/normalization_notes.csv.",
                "No target, so district min–max was used: \(format.count(minmax, ru: ("показатель", "показателя", "показателей"), en: ("indicator", "indicators"))); the list is tables/normalization_notes.csv.")))
        }
        let otherNotes = analysis.normalizationNotes.filter { $0.kind != .noTargetUsedMinmax }
        if !otherNotes.isEmpty {
            blocks.append(.bulletList(otherNotes.map { note in
                let what: String = switch note.kind {
                case .noTargetUsedMinmax: ""
                case .zeroVariance: t("у всех школ одно значение — показатель не различает школы", "every school has the same value: it tells no school apart")
                case .allMissing: t("нет данных ни у одной школы — показатель исключён", "no school reported it: left out")
                }
                return indicatorName(note.indicatorID) + ": " + what
            }))
        }
        return blocks
    }

    /// The skipped-row reasons of the readers, in the report's language.
    func skippedReasonText(_ reason: String) -> String {
        guard context.language == .ru else { return reason }
        switch reason {
        case "heading or text row": return "заголовки и текстовые строки"
        case "code not in the catalog": return "коды, которых нет в системе показателей"
        case "above the header": return "строки над шапкой таблицы"
        case "no school named (a heading row)": return "строки без названия школы"
        case "a total row": return "итоговые строки"
        case "too few answers": return "респонденты, ответившие менее чем на половину вопросов"
        case "respondent's role not kept": return "респонденты другой категории"
        default: return reason
        }
    }

    /// A source kind in the report's language.
    func sourceKindName(_ kind: String) -> String {
        switch kind {
        case "self_assessment": return t("Отчёты о самообследовании", "Self-assessment reports")
        case "wide": return t("Паспорта и таблицы мониторинга", "Passports and monitoring tables")
        case "survey": return t("Опрос", "Survey")
        case "contests": return t("Участники конкурсов", "Contest lists")
        case "enrolments": return t("Навигатор дополнительного образования", "Additional-education navigator")
        default: return kind
        }
    }

    /// What the native sources gave: conflicts, surveys, codes and texts to check.
    func sourcesBlocks() -> [ReportBlock] {
        let dataset = context.dataset
        var blocks: [ReportBlock] = []
        if !dataset.sources.isEmpty {
            blocks.append(.bulletList(dataset.sources.map { source in
                var text = sourceKindName(source.kind) + " (" + source.files.joined(separator: ", ") + "): "
                    + t("файлов \(source.filesRead), строк \(source.rowsRead), значений \(source.values), отклонено \(source.rejects)",
                        "\(source.filesRead) file(s), \(source.rowsRead) rows, \(source.values) values, \(source.rejects) rejected")
                if !source.unknownCodes.isEmpty {
                    text += t("; коды, не связанные с показателями: ", "; codes no indicator takes: ") + source.unknownCodes.joined(separator: ", ")
                }
                if !source.outsideScale.isEmpty {
                    text += t("; ответов вне шкалы: ", "; answers outside the scale: ")
                        + String(source.outsideScale.values.reduce(0, +))
                }
                if !source.belowMinimumBase.isEmpty {
                    text += t("; школы, где ответивших меньше установленного минимума (показатель не публикуется): ",
                              "; schools with fewer respondents than the minimum (no figure published): ")
                        + source.belowMinimumBase.joined(separator: ", ")
                }
                return text
            }))
        }
        if !dataset.conflicts.isEmpty {
            let differing = dataset.conflicts.filter { $0.value != $0.otherValue }.count
            blocks.append(.paragraph(t(
                "Повторно переданные значения: \(dataset.conflicts.count) (из них с другим значением — \(differing)). Используется значение из источника, указанного раньше; оба значения и их места — в tables/source_conflicts.csv. Расхождение самооценки школы с данными управления — повод для сверки, а не ошибка.",
                "Values given again: \(dataset.conflicts.count) (\(differing) with another value). The value of the source listed first is used; both values and places are in tables/source_conflicts.csv. A school's self-assessment that differs from the department's records is a finding to check, not an error.")))
        }
        let published = dataset.surveys.filter { $0.value != nil }
        if !dataset.surveys.isEmpty {
            blocks.append(.paragraph(t(
                "Опросы: значение школы — среднее по респондентам, ответившим не менее чем на половину вопросов, в шкале 0–100; в tables/surveys.csv — число респондентов, доверительный интервал среднего (t-распределение) и α Кронбаха. Школ со значением: \(published.count) из \(dataset.surveys.count)"
                    + (published.count < dataset.surveys.count
                       ? "; у остальных ответивших меньше установленного минимума, и их значения нигде не публикуются." : "."),
                "Surveys: a school's value is the mean, on 0–100, over respondents who answered at least half of the questions; tables/surveys.csv gives the respondents, the t-interval of the mean and Cronbach's α. Schools with a value: \(published.count) of \(dataset.surveys.count)"
                    + (published.count < dataset.surveys.count
                       ? "; the others had fewer respondents than the minimum, and their values are published nowhere." : "."))))
        }
        return blocks
    }

    func methodSection() -> [ReportBlock] {
        let settings = analysis.settings
        return [
            .heading(level: 2, text: t("Методика", "Method")),
            .bulletList([
                t("Нормировка: ", "Normalisation: ") + format.normalization(settings.normalization)
                    + t("; баллы 0–100, выше — лучше, с учётом направления показателя.", "; scores 0–100, higher is better, whatever the indicator's direction."),
                t("Агрегирование: ", "Aggregation: ") + (settings.aggregation == .arithmetic
                    ? t("взвешенное среднее арифметическое (веса — из системы показателей)", "weighted arithmetic mean (weights from the catalog)")
                    : t("взвешенное среднее геометрическое", "weighted geometric mean")) + ".",
                t("Тренды: Манн — Кендалл с поправкой на совпадения, наклон Сена, МНК с \(confidenceText)-процентным интервалом; прогноз — линейный, с интервалом предсказания до ",
                  "Trends: Mann–Kendall with the tie correction, Sen's slope, OLS with a \(confidenceText) % interval; the forecast is linear, with a prediction interval, to ")
                    + settings.roadmapEnd.description + ".",
                t("Неопределённость малых школ: интервал Уилсона для доли.", "Uncertainty of small schools: the Wilson interval of a proportion."),
                t("Тяжесть дефицита: разбросы за медианой района (медианное абсолютное отклонение × 1,4826) плюс доля недобора до цели; балл потребности: s₁ + s₂/2 + s₃/4 + …",
                  "Deficit severity: robust spreads beyond the district median (median absolute deviation × 1.4826) plus the share of the target missed; need score: s₁ + s₂/2 + s₃/4 + …"),
                analysis.measuresAreBuiltIn
                    ? t("Меры рекомендаций — встроенный перечень msoko: в конвейере не указан файл мер (ключ measures), и рядом с ним нет measures.yaml.",
                        "The measures of the recommendations are msoko's built-in ones: the pipeline names no measures file (key measures) and has no measures.yaml beside it.")
                    : t("Меры рекомендаций — из файла мер отдела образования.", "The measures of the recommendations come from the department's measures file."),
                t("Все числа отчёта — в tables/*.csv; каждое значение прослеживается до строки входного файла (столбец source).",
                  "Every number of the report is in tables/*.csv; each value traces back to its input row (the source column)."),
            ]),
        ]
    }

    /// How a deficit compares with the school's group: "the whole group is
    /// weak here" and/or "the school is weak among its peers".
    func peerText(_ deficit: Deficit, unit: IndicatorUnit) -> String {
        guard let peer = deficit.peer, let median = peer.clusterMedian else { return "—" }
        var parts: [String] = []
        if peer.belowPeers {
            parts.append(t("слабее своей группы (медиана группы ", "weaker than its group (group median ")
                + format.value(median, unit: unit) + ")")
        }
        if peer.groupWeak { parts.append(t("слаба вся группа (№ \(peer.cluster))", "the whole group (no. \(peer.cluster)) is weak")) }
        return parts.isEmpty ? t("на уровне группы", "on a par with its group") : parts.joined(separator: "; ")
    }

    /// The cluster criteria explained for a reader who is not a statistician.
    var clusterCriteriaExplanation: String {
        t("Силуэт (от −1 до 1): насколько школа ближе к своей группе, чем к соседней — чем больше, тем чётче группы. Калински — Харабаш: больше — лучше; Дэвис — Болдин: меньше — лучше. Статистика разрыва сравнивает группировку со случайными данными (Tibshirani и др., 2001). Устойчивость — средний коэффициент Жаккара группы на \(ClusterStage.stabilityResamples) бутстреп-выборках (Hennig, 2007); ниже 0,6 — группа неустойчива, её состав случаен.",
          "Silhouette (−1 to 1): how much closer a school is to its own group than to the next — higher means clearer groups. Calinski–Harabasz: higher is better; Davies–Bouldin: lower is better. The gap statistic compares the grouping with random data (Tibshirani et al., 2001). Stability is a group's mean Jaccard similarity over \(ClusterStage.stabilityResamples) bootstrap resamples (Hennig, 2007); below 0.6 a group is unstable, its membership accidental.")
    }
}
