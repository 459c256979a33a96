import MsokoAnalysis
import MsokoCharts
import MsokoModel

/// The report's charts, built from the analysis as values (`Chart`), drawn
/// to SVG by `MsokoCharts`.
struct ReportCharts {
    let context: ReportContext
    let format: ReportFormatting

    func t(_ ru: String, _ en: String) -> String { format.text(ru: ru, en: en) }

    /// District mean score per area, 0–100.
    func areaMeans() -> Chart {
        let areas = context.analysis.areas
        let language = context.language
        let formatting = format
        return Chart(
            title: t("Средний балл по направлениям (0–100)", "Mean score by area (0–100)"),
            width: 720, height: 60 + 26 * Double(areas.count),
            xAxis: Axis(title: t("балл", "score"), kind: .linear(domain: 0...100), tickFormat: { formatting.number($0, digits: 0) }),
            yAxis: Axis(title: "", kind: .band(categories: areas.map { $0.name[language] })),
            marks: areas.enumerated().compactMap { index, area in
                area.districtMean.map {
                    .horizontalBar(category: index, value: $0, color: 0, offset: 0, thickness: 1,
                                   tooltip: "\(area.name[language]): \(formatting.number($0))")
                }
            })
    }

    /// One school's area scores beside its group's and the district's means.
    func school(_ summary: SchoolSummary, cluster: ClusterProfile? = nil) -> Chart {
        let areas = context.analysis.areas
        let language = context.language
        let formatting = format
        let groupColumn = Dictionary(context.clusters.areaIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let thickness = cluster == nil ? 0.5 : 1.0 / 3
        var marks: [Mark] = []
        for (index, area) in areas.enumerated() {
            var offset = 0.0
            if let value = summary.areaScores[area.areaID] {
                marks.append(.horizontalBar(category: index, value: value, color: 0, offset: offset, thickness: thickness,
                                            tooltip: "\(area.name[language]): \(formatting.number(value))"))
            }
            offset += thickness
            if let cluster {
                if let column = groupColumn[area.areaID], column < cluster.areaMeans.count, let mean = cluster.areaMeans[column] {
                    marks.append(.horizontalBar(category: index, value: mean, color: 2, offset: offset, thickness: thickness,
                                                tooltip: t("Группа ", "Group ") + "\(cluster.id): \(formatting.number(mean))"))
                }
                offset += thickness
            }
            if let mean = area.districtMean {
                marks.append(.horizontalBar(category: index, value: mean, color: 1, offset: offset, thickness: thickness,
                                            tooltip: t("Район", "District") + ": \(formatting.number(mean))"))
            }
        }
        var legend = [LegendEntry(label: summary.schoolID, color: 0)]
        if let cluster { legend.append(LegendEntry(label: t("группа ", "group ") + String(cluster.id), color: 2)) }
        legend.append(LegendEntry(label: t("район", "district"), color: 1))
        return Chart(
            title: t("Баллы школы, её группы и района по направлениям", "School, group and district scores by area"),
            width: 720, height: 60 + (cluster == nil ? 30 : 38) * Double(areas.count),
            xAxis: Axis(title: t("балл", "score"), kind: .linear(domain: 0...100), tickFormat: { formatting.number($0, digits: 0) }),
            yAxis: Axis(title: "", kind: .band(categories: areas.map { $0.name[language] })),
            marks: marks,
            legend: legend,
            description: t("Для каждого направления: балл школы (синий)", "For each area: the school's score (blue)")
                + (cluster.map { t(", средний балл её группы похожих школ № \($0.id) (зелёный)", ", the mean of its group of similar schools no. \($0.id) (green)") } ?? "")
                + t(" и средний балл района (оранжевый), 0–100.", " and the district mean (orange), 0–100."))
    }

    /// The district series of a goal indicator with a target, the target line
    /// and the forecast to the end of the road map.
    func roadmapTrend(_ claim: RoadmapClaim, indicator: Indicator) -> Chart? {
        guard let series = context.analysis.trends.first(where: { $0.isDistrict && $0.indicatorID == indicator.id }),
              series.values.count >= 2 else { return nil }
        let formatting = format
        let points = zip(series.periods, series.values).map { (x: $0.time, y: $1) }
        var marks: [Mark] = [.line(points: points, color: 0, dashed: false)]
        var low = series.values.min()!, high = series.values.max()!
        if let target = indicator.target {
            let digits = target == target.rounded() ? 0 : 1
            let shown = indicator.unit == .percent ? formatting.percent(target, digits: digits) : formatting.number(target, digits: digits)
            marks.append(.referenceY(value: target, label: t("цель ", "target ") + shown))
            low = min(low, target)
            high = max(high, target)
        }
        var lastX = points.last!.x
        if let forecast = claim.forecast, let last = points.last {
            marks.append(.line(points: [last, (x: forecast.period.time, y: forecast.estimate)], color: 1, dashed: true))
            marks.append(.line(points: [(x: forecast.period.time, y: forecast.low), (x: forecast.period.time, y: forecast.high)], color: 1, dashed: false))
            low = min(low, forecast.low)
            high = max(high, forecast.high)
            lastX = forecast.period.time
        }
        let pad = max((high - low) * 0.1, 1)
        return Chart(
            title: indicator.name[context.language],
            width: 640, height: 320,
            xAxis: Axis(title: t("учебный год (начало)", "school year (start)"), kind: .linear(domain: points.first!.x...lastX),
                        tickFormat: { year in
                            let start = Int(year.rounded(.down))
                            return year == year.rounded() ? Period(startYear: start).description : ""
                        }),
            yAxis: Axis(title: t("по району", "district"), kind: .linear(domain: max(0, low - pad)...(high + pad)),
                        tickFormat: { formatting.number($0, digits: 0) }),
            marks: marks,
            legend: claim.forecast == nil ? [] : [
                LegendEntry(label: t("факт", "observed"), color: 0),
                LegendEntry(label: t("прогноз", "forecast"), color: 1),
            ])
    }

    /// The cluster map: schools on the first two principal components,
    /// coloured by cluster.
    func clusterMap() -> Chart? {
        let clusters = context.clusters
        let placed = clusters.schools.compactMap { school -> (ClusteredSchool, Double, Double)? in
            guard let x = school.pc1, let y = school.pc2 else { return nil }
            return (school, x, y)
        }
        guard placed.count >= 3 else { return nil }
        let xs = placed.map(\.1), ys = placed.map(\.2)
        let ratios = clusters.explainedVarianceRatio
        func axisTitle(_ index: Int) -> String {
            let share = index < ratios.count ? " (" + format.percent(ratios[index] * 100, digits: 0) + t(" дисперсии)", " of variance)") : ""
            return "PC\(index + 1)" + share
        }
        let formatting = format
        // Past `labelLimit` schools, hexagons instead of labelled points.
        let dense = placed.count > Self.labelLimit
        let marks: [Mark] = dense
            ? [.hexbin(points: placed.map { (x: $0.1, y: $0.2, group: $0.0.cluster - 1) }, radius: 9, noun: t("школ", "schools"))]
            : placed.map { school, x, y in
                .point(x: x, y: y, color: school.cluster - 1, label: school.schoolID,
                       tooltip: "\(school.schoolID): " + t("группа ", "group ") + "\(school.cluster)")
            }
        return Chart(
            title: t("Карта школ: главные компоненты, цвет — группа", "Map of schools: principal components, colour = group"),
            width: 680, height: 440,
            xAxis: Axis(title: axisTitle(0), kind: .linear(domain: xs.min()!...xs.max()!), tickFormat: { formatting.number($0, digits: 0) }),
            yAxis: Axis(title: axisTitle(1), kind: .linear(domain: ys.min()!...ys.max()!), tickFormat: { formatting.number($0, digits: 0) }),
            marks: marks,
            legend: clusters.clusters.map { LegendEntry(label: t("Группа ", "Group ") + String($0.id), color: $0.id - 1) },
            description: dense
                ? t("Шестиугольник — школы с близкими профилями (\(placed.count) школ на плоскости двух главных компонент); цвет — группа большинства его школ, насыщеннее — больше школ (число — во всплывающей подсказке). Группа и компоненты каждой школы — tables/clusters.csv.",
                    "A hexagon holds schools with close profiles (\(placed.count) schools on the plane of the first two principal components); its colour is the group of most of its schools, deeper means more schools (the count is in the tooltip). Each school's group and components are in tables/clusters.csv.")
                : t("Точка — школа на плоскости двух главных компонент, цвет — её группа; близкие точки — похожие профили.",
                    "A point is a school on the plane of the first two principal components, its colour its group; close points have similar profiles."))
    }

    /// The "beating the odds" scatter (docs/contract.md §8): each school's overall
    /// index against its context index, the OLS line with its prediction
    /// band at `context_band`, schools coloured by status (above: green,
    /// expected: sky blue, below: vermilion — Okabe–Ito), the `above` schools named.
    func contextScatter() -> Chart? {
        let analysis = context.analysis.context
        let placed = analysis.rows.compactMap { row -> (ContextRow, Double, Double)? in
            guard let x = row.contextIndex, let y = row.overallIndex else { return nil }
            return (row, x, y)
        }
        guard placed.count >= 3 else { return nil }
        let formatting = format
        let xs = placed.map(\.1)
        var ys = placed.map(\.2)
        var marks: [Mark] = []
        let level = formatting.number(analysis.band * 100, digits: 0)
        if let fit = analysis.fit, let low = xs.min(), let high = xs.max() {
            let steps = 24
            let band = (0...steps).map { step -> (x: Double, low: Double, middle: Double, high: Double) in
                let x = low + (high - low) * Double(step) / Double(steps)
                let prediction = fit.predictionInterval(at: x, level: analysis.band)
                return (x, prediction.low, prediction.estimate, prediction.high)
            }
            ys += band.flatMap { [$0.low, $0.high] }
            marks.append(.band(points: band, color: 0))
        }
        func color(_ status: ContextStatus?) -> Int {
            switch status {
            case .above: return 2
            case .expected: return 4
            case .below: return 5
            case nil: return 7
            }
        }
        // Past `labelLimit` schools, hexagons coloured by the most frequent status instead of points.
        let dense = placed.count > Self.labelLimit
        if dense {
            marks.append(.hexbin(points: placed.map { (x: $0.1, y: $0.2, group: color($0.0.status)) }, radius: 9, noun: t("школ", "schools")))
        } else {
            for (row, x, y) in placed {
                let status = row.status.map { formatting.contextStatus($0) } ?? "—"
                marks.append(.point(x: x, y: y, color: color(row.status), label: row.status == .above ? row.schoolID : nil,
                                    tooltip: "\(row.schoolID): " + t("индекс ", "index ") + formatting.number(y)
                                        + t(", индекс контекста ", ", context index ") + formatting.number(x, digits: 2) + " — " + status))
            }
        }
        let above = placed.filter { $0.0.status == .above }.count, below = placed.filter { $0.0.status == .below }.count
        let pad = max(((ys.max() ?? 0) - (ys.min() ?? 0)) * 0.05, 1)
        return Chart(
            title: t("Общий индекс и условия работы школы", "Overall index and the school's context"),
            width: 680, height: 440,
            xAxis: Axis(title: t("индекс контекста (выше — благоприятнее)", "context index (higher = more favourable)"),
                        kind: .linear(domain: xs.min()!...xs.max()!), tickFormat: { formatting.number($0, digits: 1) }),
            yAxis: Axis(title: t("общий индекс", "overall index"),
                        kind: .linear(domain: (ys.min()! - pad)...(ys.max()! + pad)), tickFormat: { formatting.number($0, digits: 0) }),
            marks: marks,
            legend: [
                LegendEntry(label: t("выше ожидаемого", "above expected"), color: 2),
                LegendEntry(label: t("как ожидалось", "as expected"), color: 4),
                LegendEntry(label: t("ниже ожидаемого", "below expected"), color: 5),
                LegendEntry(label: t("линия и \(level) % интервал", "line and \(level) % band"), color: 0),
            ],
            description: t(
                "Точка — школа: по горизонтали индекс контекста (взвешенное среднее z-оценок показателей условий, выше — благоприятнее), по вертикали общий индекс (0–100). Линия — ожидаемый индекс (МНК), полоса — \(level)-процентный интервал предсказания. Выше полосы: \(above), ниже: \(below) из \(placed.count).",
                "Each point is a school: across, the context index (weighted mean of the context indicators' z-scores, higher = more favourable); up, the overall index (0–100). The line is the expected index (OLS), the band the \(level) % prediction interval. Above the band: \(above), below: \(below) of \(placed.count).")
                + (dense ? t(" Школ много, поэтому вместо точек — шестиугольники: цвет — самый частый статус их школ, насыщеннее — больше школ; каждая школа — tables/context.csv.",
                             " With this many schools, hexagons replace the points: the colour is their schools' most frequent status, deeper means more schools; each school is in tables/context.csv.") : ""))
    }
}
