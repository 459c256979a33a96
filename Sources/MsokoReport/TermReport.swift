import MsokoAnalysis
import MsokoCharts
import MsokoModel

/// The term's analytical report (road map item 4.1), one page of targeted
/// recommendations per school (item 4.3), and the charts of both — all as
/// values; rendering and writing are separate.
public struct TermReport {
    public struct SchoolPage {
        public let schoolID: String
        public let document: ReportDocument
    }

    public let document: ReportDocument
    /// The front page of the output folder (`index.html`): the report and every school page.
    public let index: ReportDocument
    public let schoolPages: [SchoolPage]
    /// Every chart, by file name under `charts/`.
    public let charts: [(file: String, svg: String)]

    public init(context: ReportContext) {
        var builder = TermReportBuilder(context: context)
        document = builder.mainDocument()
        schoolPages = context.dataset.schools.map { school in
            SchoolPage(schoolID: school.id, document: builder.schoolDocument(school))
        }
        charts = builder.charts
        index = builder.indexDocument()
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

struct TermReportBuilder {
    let context: ReportContext
    let format: ReportFormatting
    let analysis: TermAnalysisResult
    let chartMaker: ReportCharts
    private(set) var charts: [(file: String, svg: String)] = []
    /// Per-school findings, grouped once (a region or the country has
    /// thousands of pages; filtering the whole lists per page is quadratic).
    let summaries: [String: SchoolSummary]
    let deficitsBySchool: [String: [Deficit]]
    let warningsBySchool: [String: [EarlyWarning]]
    let recommendationsBySchool: [String: [Recommendation]]
    let bestPracticesBySchool: [String: [BestPractice]]
    let clusterBySchool: [String: ClusteredSchool]
    /// The spread of each area's scores over the schools, drawn on every page.
    let areaSpreads: [String: AreaDistribution]
    /// The trend series by indicator and by school, for the trends charts.
    let trendIndex: TrendIndex

    init(context: ReportContext) {
        self.context = context
        self.format = ReportFormatting(language: context.language)
        self.analysis = context.analysis
        self.chartMaker = ReportCharts(context: context, format: format)
        let analysis = context.analysis
        summaries = Dictionary(analysis.schools.map { ($0.schoolID, $0) }, uniquingKeysWith: { first, _ in first })
        deficitsBySchool = Dictionary(grouping: analysis.deficits, by: \.schoolID)
        warningsBySchool = Dictionary(grouping: analysis.earlyWarnings, by: \.schoolID)
        recommendationsBySchool = Dictionary(grouping: analysis.recommendations, by: \.schoolID)
        bestPracticesBySchool = Dictionary(grouping: analysis.bestPractices, by: \.schoolID)
        clusterBySchool = Dictionary(context.clusters.schools.map { ($0.schoolID, $0) }, uniquingKeysWith: { first, _ in first })
        var spreads: [String: AreaDistribution] = [:]
        for area in analysis.areas {
            spreads[area.areaID] = AreaDistribution(analysis.schools.compactMap { $0.areaScores[area.areaID] })
        }
        areaSpreads = spreads
        trendIndex = TrendIndex(analysis.trends)
    }


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

    func schoolName(_ id: String) -> String {
        context.dataset.school(id)?.name ?? id
    }

    /// `S05 «Name»` for tables and lists.
    func schoolLabel(_ id: String) -> String { "\(id) \(schoolName(id))" }

    func indicatorName(_ id: String) -> String { context.catalog.indicator(id)?.name[language] ?? id }

    func areaName(_ id: String?) -> String {
        guard let id else { return "—" }
        return context.catalog.area(id)?.name[language] ?? id
    }

    /// Adds a chart file and returns the figure block that shows it.
    mutating func figure(_ chart: some SVGDrawable, file: String, caption: String, pathPrefix: String = "") -> ReportBlock {
        let svg = chart.svg()
        charts.append((file, svg))
        return .figure(svg: svg, file: pathPrefix + "charts/" + file, caption: caption)
    }

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

    /// What the native sources gave: conflicts, surveys, codes and texts to check.
    func sourcesBlocks() -> [ReportBlock] {
        let dataset = context.dataset
        var blocks: [ReportBlock] = []
        if !dataset.sources.isEmpty {
            blocks.append(.bulletList(dataset.sources.map { source in
                var text = source.kind + " (" + source.files.joined(separator: ", ") + "): "
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
                "Опросы: значение школы — среднее по респондентам, ответившим не менее чем на половину вопросов, в шкале 0–100; в tables/surveys.csv — число респондентов, доверительный интервал среднего (t-распределение) и α Кронбаха. Школ со значением: \(published.count) из \(dataset.surveys.count); для остальных ответивших меньше установленного минимума, и их значения нигде не публикуются.",
                "Surveys: a school's value is the mean, on 0–100, over respondents who answered at least half of the questions; tables/surveys.csv gives the respondents, the t-interval of the mean and Cronbach's α. Schools with a value: \(published.count) of \(dataset.surveys.count); the others had fewer respondents than the minimum, and their values are published nowhere.")))
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

    // MARK: A school's page

    mutating func schoolDocument(_ school: School) -> ReportDocument {
        var document = ReportDocument(title: school.name, language: language.rawValue)
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
        document.append(figure(chartMaker.school(summary, cluster: cluster), file: "school_\(school.id).svg",
                               caption: cluster == nil
                                   ? t("Баллы школы (синие) и района (оранжевые)", "School (blue) and district (orange) scores")
                                   : t("Баллы школы (синие), её группы (зелёные) и района (оранжевые)",
                                       "School (blue), group (green) and district (orange) scores"),
                               pathPrefix: "../"))
        if let spread = chartMaker.distribution(areaSpreads, school: summary) {
            document.append(figure(spread, file: "school_\(school.id)_distribution.svg",
                                   caption: t("Школа среди школ района: разброс баллов направлений", "The school among the district's schools: spread of area scores"),
                                   pathPrefix: "../"))
        }
        document.append(.table(ReportTable(
            header: [t("Направление", "Area"), t("Школа", "School"), t("Район", "District")],
            rows: analysis.areas.map { [$0.name[language], format.number(summary.areaScores[$0.areaID]), format.number($0.districtMean)] },
            alignments: [.left, .right, .right])))
        if let trends = chartMaker.trends(trendIndex, school: school.id) {
            document.append(.heading(level: 2, text: t("Динамика", "Trends")))
            document.append(figure(trends, file: "school_\(school.id)_trends.svg",
                                   caption: t("Динамика показателей школы против района, цель и прогноз",
                                              "The school's series against the district's, the target and the forecast"),
                                   pathPrefix: "../"))
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
                    + uniqueInOrder(group.map(\.indicatorID)).map(indicatorName).joined(separator: "; ")
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

func uniqueInOrder<T: Hashable>(_ items: [T]) -> [T] {
    var seen = Set<T>()
    return items.filter { seen.insert($0).inserted }
}
