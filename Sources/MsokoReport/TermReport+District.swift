import MsokoAnalysis
import MsokoCharts
import MsokoModel

/// The district report: its sections from the introduction to the recommendations.
extension TermReportBuilder {
    // MARK: The main report

    mutating func mainDocument() -> ReportDocument {
        var document = ReportDocument(title: context.title, language: language.rawValue)
        document.blocks += introduction()
        document.blocks += keyFindings()
        document.blocks += roadmapSection()
        document.blocks += areaSection()
        document.blocks += contextSection()
        document.blocks += clusterSection()
        document.blocks += trendSection()
        document.blocks += needSection()
        document.blocks += bestPracticeSection()
        document.blocks += recommendationSection()
        document.blocks += dataQualitySection()
        document.blocks += methodSection()
        document.blocks += schoolPagesSection()
        return document
    }

    /// Links to every school's page.
    var schoolLinks: [ReportLink] {
        context.dataset.schools.map { ReportLink(text: schoolLabel($0.id), target: "schools/" + $0.id) }
    }

    func schoolPagesSection() -> [ReportBlock] {
        [.heading(level: 2, text: t("Страницы школ", "School pages")), .links(schoolLinks)]
    }

    /// The front page: the report, then every school page.
    func indexDocument() -> ReportDocument {
        ReportDocument(title: context.title, language: language.rawValue, blocks: [
            .paragraph(t("Период: ", "Period: ") + context.period.description + "."),
            .links([ReportLink(text: t("Аналитический отчёт", "Analytical report"), target: "report")]),
            .heading(level: 2, text: t("Страницы школ", "School pages")),
            .links(schoolLinks),
        ])
    }

    func introduction() -> [ReportBlock] {
        let dataset = context.dataset
        var intro = t("Аналитический отчёт за период ", "Analytical report for the period ") + context.period.description + "."
        if let date = context.reportDate { intro += t(" Дата отчёта: ", " Report date: ") + date + "." }
        let analysed = analysis.schools.count
        var facts = format.count(dataset.schools.count, ru: Self.schoolsNoun, en: Self.schoolsNounEnglish)
        if analysed != dataset.schools.count {
            facts += t(" (в анализе — \(analysed): остальные не сдали данных за период)",
                       " (\(analysed) analysed: the others sent no data for the period)")
        }
        facts += "; " + format.count(context.catalog.indicators.count, ru: ("показатель", "показателя", "показателей"), en: ("indicator", "indicators"))
            + t(" в ", " in ")
            + format.count(context.catalog.areas.count, ru: ("направлении", "направлениях", "направлениях"), en: ("area", "areas"))
            + "; " + format.count(dataset.observations.count, ru: ("значение принято", "значения принято", "значений принято"), en: ("value accepted", "values accepted"))
            + ", " + format.count(dataset.rejects.count, ru: ("строка отклонена", "строки отклонено", "строк отклонено"), en: ("row rejected", "rows rejected"))
            + "."
        return [.paragraph(intro), .paragraph(facts)]
    }

    func keyFindings() -> [ReportBlock] {
        var items: [String] = []
        let needy = analysis.ranking.filter { $0.deficitCount > 0 }.prefix(3)
        if !needy.isEmpty {
            items.append(t("Больше всего нуждаются в поддержке: ", "Most in need of support: ")
                + needy.map { "\(schoolLabel($0.schoolID)) (\(areaName($0.mainDeficitAreaID)))" }.joined(separator: "; ") + ".")
        }
        let clusters = context.clusters
        if clusters.clusterCount > 1 {
            items.append(t("Группы похожих школ: ", "Groups of similar schools: ")
                + clusters.clusters.map { "\($0.id) — \($0.label[language]) (\(shortList($0.schoolIDs)))" }.joined(separator: "; ") + ".")
        }
        // A catalog without goal indicators has no road map line (no «достигнуто 0 / 0»).
        if !analysis.roadmap.isEmpty {
            let achieved = analysis.roadmap.filter { $0.verdict == .achieved }.count
            let missed = analysis.roadmap.filter { [.notAchieved, .offTrack, .atRisk, .notConfirmed].contains($0.verdict) }
            var roadmap = t("Показатели дорожной карты: достигнуто ", "Road map indicators: achieved ") + "\(achieved) / \(analysis.roadmap.count)"
            if !missed.isEmpty {
                roadmap += t("; требуют внимания: ", "; need attention: ")
                    + missed.map { t("№", "#") + "\($0.goal) \(indicatorName($0.indicatorID)) — \(format.verdict($0.verdict))" }.joined(separator: "; ")
            }
            items.append(roadmap + ".")
        }
        let areasWithPractice = analysis.areas.filter { !$0.bestPracticeSchoolIDs.isEmpty }
        if !areasWithPractice.isEmpty {
            items.append(t("Лучшие практики для распространения (п. 5.6): ", "Best practices to spread (item 5.6): ")
                + areasWithPractice.map { "\($0.name[language]) — \(shortList($0.bestPracticeSchoolIDs))" }.joined(separator: "; ") + ".")
        }
        items += contextFindings()
        if !analysis.earlyWarnings.isEmpty {
            items.append(t("Ранние предупреждения (показатель ещё в норме, но значимо ухудшается): ",
                           "Early warnings (still at the reference, but worsening significantly): ")
                + shortList(analysis.earlyWarnings.map { "\($0.schoolID) — \(indicatorName($0.indicatorID))" }, separator: "; ") + ".")
        }
        return [.heading(level: 2, text: t("Главное", "Key findings")), .bulletList(items)]
    }

    mutating func roadmapSection() -> [ReportBlock] {
        guard !analysis.roadmap.isEmpty else { return [] }
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Показатели дорожной карты", "Road map indicators"))]
        blocks.append(.paragraph(t(
            "Для каждого целевого показателя паспорта дорожной карты: требование, значение по району (среднее по школам, для долей — взвешенное по числу обучающихся), значимость динамики (тест Манна — Кендалла, α = \(alphaText)), прогноз на конец дорожной карты и вывод.",
            "For each goal indicator of the road map: the requirement, the district value (mean over schools, weighted by students for rates), whether the trend is significant (Mann–Kendall, α = \(alphaText)), the forecast to the end of the road map, and the verdict.")))
        var rows: [[String]] = []
        for claim in analysis.roadmap {
            guard let indicator = context.catalog.indicator(claim.indicatorID) else { continue }
            var value = indicator.unit == .bool
                ? format.percent(claim.districtValue.map { $0 * 100 }, digits: 0) + t(" школ", " of schools")
                : format.value(claim.districtValue, unit: indicator.unit)
            if let meeting = claim.schoolsMeeting, let reporting = claim.schoolsReporting {
                value += " (\(meeting) / \(reporting))"
            }
            let forecast = claim.forecast.map {
                "\($0.period): \(format.value($0.estimate, unit: indicator.unit)) [\(format.number($0.low)); \(format.number($0.high))]"
            } ?? "—"
            rows.append([String(claim.goal), indicator.name[language], format.claim(claim.kind, indicator: indicator),
                         value, format.assessment(claim.assessment), forecast, format.verdict(claim.verdict)])
        }
        blocks.append(.table(ReportTable(
            header: ["№", t("Показатель", "Indicator"), t("Требование", "Requirement"), t("По району", "District"),
                     t("Динамика", "Trend"), t("Прогноз [\(confidenceText) %]", "Forecast [\(confidenceText) %]"), t("Вывод", "Verdict")],
            rows: rows, alignments: [.right, .left, .left, .right, .left, .left, .left])))
        for claim in analysis.roadmap where claim.kind == .target {
            guard let indicator = context.catalog.indicator(claim.indicatorID),
                  let chart = chartMaker.roadmapTrend(claim, indicator: indicator) else { continue }
            blocks.append(figure(chart, file: "roadmap_\(indicator.id).svg",
                                 caption: t("Динамика по району, цель и прогноз: ", "District series, target and forecast: ") + indicator.name[language]))
        }
        let missing = analysis.roadmap.filter { !$0.schoolsMissing.isEmpty }
        if !missing.isEmpty {
            blocks.append(.bulletList(missing.map {
                indicatorName($0.indicatorID) + t(" — не выполняют: ", " — not in place at: ") + shortList($0.schoolsMissing.map(schoolLabel), separator: "; ")
            }))
        }
        return blocks
    }

    mutating func areaSection() -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Оценки по направлениям и общий индекс", "Area scores and the overall index"))]
        blocks.append(figure(chartMaker.areaMeans(), file: "area_means.svg",
                             caption: t("Средний по району балл каждого направления", "District mean score of each area")))
        if let spread = chartMaker.distribution(areaSpreads) {
            blocks.append(figure(spread, file: "area_distribution.svg",
                                 caption: t("Разброс баллов направлений по школам: квартили, медиана, наименьший и наибольший",
                                            "Spread of area scores over schools: quartiles, median, lowest and highest")))
        }
        if let heatmap = chartMaker.heatmap() {
            blocks.append(figure(heatmap, file: "heatmap.svg",
                                 caption: t("Баллы направлений по школам, школы — по группам и по индексу",
                                            "Area scores by school, schools by group and by index")))
        }
        let draws = analysis.settings.sensitivity.draws
        blocks.append(.paragraph(t(
            "Общий индекс — среднее баллов направлений (0–100, выше — лучше). Устойчивость места проверена \(draws) случайными вариантами расчёта (метод нормировки, веса ±\(format.number(analysis.settings.sensitivity.weightVariation * 100, digits: 0)) %): указаны медианное место и 90-процентный интервал мест; место «устойчиво», если интервал узкий.",
            "The overall index is the mean of the area scores (0–100, higher is better). Its rank was checked over \(draws) random variants of the calculation (normalisation method, weights ±\(format.number(analysis.settings.sensitivity.weightVariation * 100, digits: 0)) %): the median rank and the 90 % rank interval are shown; a rank is \"robust\" when the interval is narrow.")))
        let ordered = analysis.schools.sorted { ($0.indexRank ?? Int.max, $0.schoolID) < ($1.indexRank ?? Int.max, $1.schoolID) }
        blocks.append(.table(ReportTable(
            header: [t("Место", "Rank"), t("Школа", "School"), t("Индекс", "Index"), t("Медианное место", "Median rank"),
                     t("90 % интервал", "90 % interval"), t("Устойчиво", "Robust")],
            rows: ordered.prefix(Self.tableLimit).map { summary in
                let sensitivity = summary.sensitivity
                return [summary.indexRank.map(String.init) ?? "—", schoolLabel(summary.schoolID), format.number(summary.overallIndex),
                        sensitivity.map { format.number($0.medianRank, digits: 1) } ?? "—",
                        sensitivity.map { "\(format.number($0.rankLow, digits: 0))–\(format.number($0.rankHigh, digits: 0))" } ?? "—",
                        sensitivity.map { $0.isRobust ? t("да", "yes") : t("нет", "no") } ?? "—"]
            },
            alignments: [.right, .left, .right, .right, .right, .left])))
        blocks += cutNote(total: ordered.count, table: "sensitivity.csv")
        return blocks
    }

    mutating func clusterSection() -> [ReportBlock] {
        let clusters = context.clusters
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Кластерный анализ: группы похожих школ", "Cluster analysis: groups of similar schools"))]
        blocks.append(.paragraph(t(
            "Школы сгруппированы методом k-средних (k-means++, \(context.clustering.restarts) запусков) \(clusteringSpaceText)." + (context.clustering.space == .context ? " " : " Группа 1 — самая сильная по среднему общему индексу школ. "),
            "Schools were grouped by k-means (k-means++, \(context.clustering.restarts) restarts) \(clusteringSpaceText)." + (context.clustering.space == .context ? " " : " Group 1 has the highest mean overall index. "))
            + (clusters.chosenAutomatically
                ? t("Число групп выбрано по наибольшему среднему силуэту; ниже — критерии для каждого k.",
                    "The number of groups was chosen by the highest mean silhouette; the criteria for every k are below.")
                : t("Число групп задано в файле конвейера.", "The number of groups is set in the pipeline file."))))
        for note in clusters.notes { blocks.append(.note(note[language])) }
        if clusters.clusterCount > 0 {
            blocks.append(.table(ReportTable(
                header: [t("Группа", "Group"), t("Школ", "Schools"), t("Средний индекс", "Mean index"), t("Профиль", "Profile"),
                         t("Устойчивость (Жаккар)", "Stability (Jaccard)"), t("Школы", "Members")],
                rows: clusters.clusters.map { cluster in
                    [String(cluster.id), String(cluster.size), format.number(cluster.meanScore), cluster.label[language],
                     cluster.stability.map { format.number($0, digits: 2) + ($0 < 0.6 ? t(" — неустойчива", " — unstable") : "") } ?? "—",
                     shortList(cluster.schoolIDs)]
                },
                alignments: [.right, .right, .right, .left, .left, .left])))
        }
        if let profiles = chartMaker.clusterProfiles() {
            blocks.append(figure(profiles, file: "cluster_profiles.svg", caption: t(
                "Средний балл направлений в каждой группе и в районе", "Mean area scores of each group and of the district")))
        }
        if let map = chartMaker.clusterMap() {
            blocks.append(figure(map, file: "cluster_map.svg", caption: t(
                "Школы на плоскости двух главных компонент; близкие точки — похожие профили",
                "Schools on the plane of the first two principal components; close points have similar profiles")))
        }
        if !clusters.criteria.isEmpty {
            blocks.append(.table(ReportTable(
                header: ["k", t("Силуэт", "Silhouette"), t("Калински — Харабаш", "Calinski–Harabasz"), t("Дэвис — Болдин", "Davies–Bouldin"),
                         t("Статистика разрыва ± ст. ош.", "Gap ± s.e."), t("Выбрано", "Chosen")],
                rows: clusters.criteria.map { row in
                    [String(row.clusterCount), format.number(row.silhouette, digits: 3), format.number(row.calinskiHarabasz, digits: 1),
                     format.number(row.daviesBouldin, digits: 3),
                     format.number(row.gap, digits: 3) + " ± " + format.number(row.gapStandardError, digits: 3),
                     row.clusterCount == clusters.clusterCount ? "✓" : ""]
                },
                alignments: [.right, .right, .right, .right, .right, .left])))
            if let chart = chartMaker.clusterCriteria() {
                blocks.append(figure(chart, file: "cluster_criteria.svg", caption: t(
                    "Критерии качества группировки при разном числе групп; отмечено выбранное k",
                    "Quality criteria of the grouping for each number of groups; the chosen k is marked")))
            }
            blocks.append(.paragraph(clusterCriteriaExplanation))
        }
        return blocks
    }

    mutating func trendSection() -> [ReportBlock] {
        // No series long enough to test (a district's first years): no section,
        // rather than "no significant change" where nothing could be tested.
        guard analysis.trendCounts.contains(where: { $0.improving + $0.worsening + $0.stable > 0 || $0.district != .insufficientData })
        else { return [] }
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Динамика показателей", "Trends"))]
        blocks.append(.paragraph(t(
            "Тренд каждого показателя каждой школы и района проверен тестом Манна — Кендалла (α = \(alphaText)), наклон — по Сену, за учебный год. Ниже — показатели, где хотя бы у одной школы или у района изменение значимо; полный список — tables/trends.csv.",
            "Each indicator of each school and of the district was tested with Mann–Kendall (α = \(alphaText)), with Sen's slope per school year. Below are the indicators with a significant change at some school or in the district; the full list is tables/trends.csv.")))
        let rows = analysis.trendCounts.filter { $0.improving + $0.worsening > 0 || [.improving, .worsening].contains($0.district) }
            .map { count in
                [indicatorName(count.indicatorID), format.assessment(count.district), String(count.improving),
                 String(count.worsening), String(count.stable), String(count.insufficientData)]
            }
        if rows.isEmpty {
            blocks.append(.paragraph(t("Значимых изменений не выявлено.", "No significant change was found.")))
        } else {
            blocks.append(.table(ReportTable(
                header: [t("Показатель", "Indicator"), t("Район", "District"), t("Улучшение", "Improving"),
                         t("Ухудшение", "Worsening"), t("Без изменений", "Stable"), t("Мало данных", "Too few")],
                rows: rows, alignments: [.left, .left, .right, .right, .right, .right])))
        }
        if let chart = chartMaker.trends(trendIndex) {
            blocks.append(figure(chart, file: "trends.svg", caption: t(
                "Динамика по району и школам, цель и прогноз до конца дорожной карты",
                "The district's and the schools' series, the target and the forecast to the end of the road map")))
        }
        return blocks
    }

    mutating func needSection() -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Дефициты и потребность в поддержке", "Deficits and need for support"))]
        let confidence = confidenceText
        blocks.append(.paragraph(t(
            "Дефицит — значение хуже цели (или, где цели нет, в худшей четверти района и хуже медианы). Дефицит «подтверждён», если весь \(confidence)-процентный интервал Уилсона (по числу обучающихся) лежит по худшую сторону цели; иначе — «возможен» (у малых школ доли неточны) и считается вполовину. Тяжесть дефицита измеряется в устойчивых разбросах района (медианное абсолютное отклонение): на сколько разбросов значение хуже медианы района, плюс доля недобора до цели (не больше единицы), с учётом веса показателя. Так сравнимы показатели в любых единицах, а значение далеко за пределами района весит больше, чем значение на границе худшей четверти. Балл потребности — тяжесть самого большого дефицита плюс следующие, каждый вдвое слабее предыдущего: много умеренных дефицитов не перевешивают один крайний. Место 1 — школа, которой поддержка нужнее всего.",
            "A deficit is a value worse than the target (or, without a target, in the district's worst quarter and worse than the median). It is \"confirmed\" when the whole \(confidence) % Wilson interval (over the students) lies on the wrong side; otherwise \"possible\" (small schools have imprecise rates) and counts half. A deficit's severity is measured in the district's robust spreads (median absolute deviation): how many spreads the value lies beyond the district median, plus the share of the target missed (at most one), times the indicator's weight. So indicators in any unit compare, and a value far outside the district weighs more than one at the edge of its worst quarter. The need score is the largest severity plus the others, each weighted half as much as the one before: many moderate deficits do not outweigh one extreme deficit. Rank 1 is the school that most needs support.")))
        let compared = analysis.deficits.filter { $0.peer != nil }
        if !compared.isEmpty {
            let own = compared.filter { $0.peer!.belowPeers }.count
            let shared = compared.filter { $0.peer!.groupWeak }.count
            blocks.append(.paragraph(t(
                "Сравнение с группой похожих школ (кластерный анализ): у \(own) из \(compared.count) дефицитов школа слабее своей группы — не меньше чем на \(format.amount(PeerComparison.margin, digits: 0, ru: ("разброс", "разброса", "разбросов"), en: ("spread", "spreads"))) хуже медианы остальных школ группы (адресная поддержка школы); у \(shared) слаба вся группа — медиана группы сама хуже цели или в худшей четверти района (меры для всей группы). Подробно — на страницах школ и в tables/deficits.csv.",
                "Compared with the group of similar schools (cluster analysis): in \(own) of \(compared.count) deficits the school is weak among its peers, at least \(format.amount(PeerComparison.margin, digits: 0, ru: ("разброс", "разброса", "разбросов"), en: ("spread", "spreads"))) worse than the median of the group's other schools (support for the school); in \(shared) the whole group is weak, its median itself misses the target or lies in the district's worst quarter (measures for the group). Details are on the school pages and in tables/deficits.csv.")))
        }
        if let ranking = chartMaker.deficitRanking(deficits: deficitsBySchool) {
            blocks.append(figure(ranking, file: "deficit_ranking.svg", caption: t(
                "Балл потребности школ по вкладам дефицитов; цвет — направление, бледные — возможные дефициты",
                "Need scores by the deficits' contributions; colour is the area, pale parts are possible deficits")))
        }
        blocks.append(.table(ReportTable(
            header: [t("Место", "Rank"), t("Школа", "School"), t("Дефицитов", "Deficits"), t("Подтверждено", "Confirmed"),
                     t("Главное направление", "Main area"), t("Предупреждений", "Warnings"), t("Балл потребности", "Need score")],
            rows: analysis.ranking.prefix(Self.tableLimit).map {
                [String($0.rank), schoolLabel($0.schoolID), String($0.deficitCount), String($0.confirmedCount),
                 areaName($0.mainDeficitAreaID), String($0.earlyWarningCount), format.number($0.deficitScore, digits: 1)]
            },
            alignments: [.right, .left, .right, .right, .left, .right, .right])))
        blocks += cutNote(total: analysis.ranking.count, table: "school_ranking.csv")
        if !analysis.earlyWarnings.isEmpty {
            blocks.append(.heading(level: 3, text: t("Ранние предупреждения", "Early warnings")))
            blocks.append(.table(ReportTable(
                header: [t("Школа", "School"), t("Показатель", "Indicator"), t("Значение", "Value"), t("Ориентир", "Reference"),
                         t("Наклон Сена в год", "Sen's slope per year"), "p"],
                rows: analysis.earlyWarnings.prefix(Self.tableLimit).map { warning in
                    let unit = context.catalog.indicator(warning.indicatorID)?.unit ?? .score
                    return [schoolLabel(warning.schoolID), indicatorName(warning.indicatorID), format.value(warning.value, unit: unit),
                            format.value(warning.reference, unit: unit), format.number(warning.senSlope, digits: 2),
                            format.number(warning.mannKendallP, digits: 3)]
                },
                alignments: [.left, .left, .right, .right, .right, .right])))
            blocks += cutNote(total: analysis.earlyWarnings.count, table: "early_warnings.csv")
        }
        return blocks
    }

    func bestPracticeSection() -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Лучшие практики", "Best practices"))]
        blocks.append(.paragraph(t(
            "Лучшая практика — школа с высоким баллом направления, без ухудшения и устойчиво высокая в прошлые годы. Их опыт предлагается обобщить и внести в муниципальный банк (п. 5.6 дорожной карты).",
            "A best practice is a school with a high area score, no worsening trend, and high in earlier years too. Their experience is proposed for the municipal bank (road map item 5.6).")))
        if analysis.bestPractices.isEmpty {
            blocks.append(.paragraph(t("Лучших практик по этим правилам не выявлено.", "No school meets these rules.")))
            return blocks
        }
        blocks.append(.table(ReportTable(
            header: [t("Направление", "Area"), t("Школа", "School"), t("Балл", "Score"), t("Обоснование", "Evidence")],
            rows: analysis.bestPractices.prefix(Self.tableLimit).map {
                [areaName($0.areaID), schoolLabel($0.schoolID), format.number($0.score), $0.evidence[language]]
            },
            alignments: [.left, .left, .right, .left])))
        blocks += cutNote(total: analysis.bestPractices.count, table: "best_practices.csv")
        return blocks
    }

    func recommendationSection() -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(level: 2, text: t("Адресные рекомендации", "Targeted recommendations"))]
        blocks.append(.paragraph(t(
            "Для каждой школы — меры дорожной карты по её дефицитам и предупреждениям и школа-образец: лучшая практика в этом направлении, наиболее похожая на школу в целом. Подробно — на страницах школ (schools/<код>.md) и в tables/recommendations.csv.",
            "For each school: the road map's measures for its deficits and warnings, and a peer school: a best practice in that area, the most similar to the school overall. Details are on the school pages (schools/<id>.md) and in tables/recommendations.csv.")))
        if analysis.measuresAreBuiltIn {
            blocks.append(.note(t(
                "Меры взяты из встроенного перечня msoko (мероприятия дорожной карты, пп. 5.1–5.10): файл мер в конвейере не указан. Свой перечень задаётся ключом measures (образец — Pipelines/measures.yaml).",
                "The measures come from msoko's built-in list (the road map's measures, items 5.1–5.10): the pipeline names no measures file. Name your own with the key measures (see Pipelines/measures.yaml).")))
        }
        var items: [String] = []
        for entry in analysis.ranking.prefix(Self.tableLimit) {
            guard let recommendations = recommendationsBySchool[entry.schoolID], !recommendations.isEmpty else { continue }
            let areas = uniqueInOrder(recommendations.map(\.areaID)).map { area -> String in
                let peer = recommendations.first { $0.areaID == area }?.peerSchoolID
                return areaName(area) + (peer.map { t(" (образец — ", " (peer: ") + $0 + ")" } ?? "")
            }
            items.append(schoolLabel(entry.schoolID) + ": " + areas.joined(separator: "; "))
        }
        blocks.append(items.isEmpty ? .paragraph(t("Рекомендаций нет.", "No recommendations.")) : .bulletList(items))
        return blocks
    }
}
