import MsokoAnalysis
import MsokoCharts
import MsokoModel
import MsokoStatistics

/// The trend stage's series (`TrendAnalysisStage`), indexed once per report:
/// the district's by indicator, the schools' by indicator and by school.
/// The schools' are held as positions in the stage's own array, which the
/// index shares: a country has 1.6 million series of a few hundred bytes
/// each, and two indexes of copies cost about as much as the tables.
struct TrendIndex {
    let district: [String: TrendResult]
    /// Every series of the stage, in its order.
    private let all: [TrendResult]
    /// Positions in `all` of each indicator's school series, in order.
    private let schoolPositions: [String: [Int]]
    /// Positions in `all` of each school's series, by indicator.
    private let bySchool: [String: [String: Int]]
    /// The indicators the trends charts draw (`ReportCharts.trendIndicators`),
    /// chosen once for the district's chart and every school's.
    var drawn: [Indicator] = []

    init(_ trends: [TrendResult]) {
        var district: [String: TrendResult] = [:], schools: [String: [Int]] = [:]
        var bySchool: [String: [String: Int]] = [:]
        for (position, trend) in trends.enumerated() {
            if trend.isDistrict {
                district[trend.indicatorID] = trend
            } else {
                schools[trend.indicatorID, default: []].append(position)
                bySchool[trend.entity, default: [:]][trend.indicatorID] = position
            }
        }
        (self.district, all, schoolPositions, self.bySchool) = (district, trends, schools, bySchool)
    }

    /// The schools' series of `indicatorID`, in the stage's order.
    func schools(_ indicatorID: String) -> [TrendResult] {
        (schoolPositions[indicatorID] ?? []).map { all[$0] }
    }

    /// `school`'s series of `indicatorID`, if it has one.
    func series(school: String, indicatorID: String) -> TrendResult? {
        bySchool[school]?[indicatorID].map { all[$0] }
    }
}

/// The trends chart: small multiples, one panel per indicator, with the
/// district line, the schools (faint lines, or past `labelLimit` schools the
/// band of their middle half), the target and the forecast band to `roadmap_end`.
extension ReportCharts {
    /// Panels of one trends chart (a 3 × 4 grid).
    static let trendPanelLimit = 12
    /// The school's line on its page: reddish purple, apart from the target's vermilion.
    static let schoolTrendColor = 3

    /// The indicators drawn: the road map's goal indicators, then those whose
    /// district trend is significant (improving or worsening), in catalog
    /// order, at most `trendPanelLimit`; only those with a district series of
    /// two periods or more.
    func trendIndicators(_ index: TrendIndex) -> [Indicator] {
        let drawable = context.catalog.indicators.filter { (index.district[$0.id]?.values.count ?? 0) >= 2 }
        let goals = drawable.filter { $0.roadmapGoal != nil }
        let significant = drawable.filter {
            $0.roadmapGoal == nil && [.improving, .worsening].contains(index.district[$0.id]!.assessment)
        }
        return Array((goals + significant).prefix(Self.trendPanelLimit))
    }

    /// The district's trends (`school` nil) or one school's against the district's.
    func trends(_ index: TrendIndex, school: String? = nil) -> SmallMultiples? {
        let indicators = index.drawn
        let own = Dictionary(uniqueKeysWithValues: indicators.compactMap { indicator in
            school.flatMap { index.series(school: $0, indicatorID: indicator.id) }.map { (indicator.id, $0) }
        })
        if school != nil, !indicators.contains(where: { (own[$0.id]?.values.count ?? 0) >= 1 }) { return nil }
        guard !indicators.isEmpty else { return nil }
        let manySchools = context.analysis.schools.count > Self.labelLimit
        let panels = indicators.map { indicator in
            trendPanel(indicator, district: index.district[indicator.id]!,
                       schools: school == nil ? index.schools(indicator.id) : [],
                       own: school.flatMap { _ in own[indicator.id] }, aggregate: manySchools)
        }
        let end = context.analysis.settings.roadmapEnd.description
        var legend = [LegendEntry(label: t("район", "district"), color: 0)]
        if let school {
            legend.append(LegendEntry(label: school, color: Self.schoolTrendColor))
        } else {
            legend.append(manySchools ? LegendEntry(label: t("средняя половина школ, медиана", "middle half of schools, median"), color: 4, faded: true)
                                      : LegendEntry(label: t("школы (бледные)", "schools (faint)"), color: Palette.neutral, faded: true))
        }
        legend.append(LegendEntry(label: t("прогноз до ", "forecast to ") + end, color: school == nil ? 1 : Self.schoolTrendColor, faded: true))
        legend.append(LegendEntry(label: t("цель", "target"), color: 5, faded: true))
        let schoolsText = school != nil
            ? t("Лиловая линия — школа \(school!), синяя — район (среднее по школам, для долей — взвешенное по числу обучающихся). ",
                "The reddish purple line is school \(school!), the blue one the district (mean over schools, weighted by students for rates). ")
            : manySchools
                ? t("Синяя линия — район; голубая полоса — средняя половина школ (от первого до третьего квартиля) в каждом году, линия в ней — медиана; ряды всех школ — tables/trends.csv. ",
                    "The blue line is the district; the sky-blue band holds the middle half of schools (first to third quartile) each year, its line the median; every school's series is in tables/trends.csv. ")
                : t("Синяя линия — район, бледные серые — школы. ", "The blue line is the district, the faint grey ones the schools. ")
        return SmallMultiples(
            title: school == nil ? t("Динамика показателей: район и школы", "Trends: the district and its schools")
                                 : t("Динамика показателей школы и района", "The school's and the district's trends"),
            description: t("По одной панели на показатель: целевые показатели дорожной карты и показатели со значимым трендом района (не больше \(Self.trendPanelLimit)). ",
                           "One panel per indicator: the road map's goal indicators and those with a significant district trend (at most \(Self.trendPanelLimit)). ")
                + schoolsText
                + t("Пунктир — цель; клин — прогноз МНК до \(end) с интервалом предсказания" + (school == nil ? " (по району)." : " (по школе)."),
                    "The dashed line is the target; the wedge the OLS forecast to \(end) with its prediction interval" + (school == nil ? " (the district's)." : " (the school's).")),
            panels: panels, columns: 3, legend: legend)
    }

    /// One indicator's panel.
    func trendPanel(_ indicator: Indicator, district: TrendResult, schools: [TrendResult], own: TrendResult?, aggregate: Bool) -> Chart {
        let formatting = format
        func points(_ series: TrendResult) -> [(x: Double, y: Double)] { zip(series.periods, series.values).map { (x: $0.time, y: $1) } }
        var marks: [Mark] = []
        var ys = district.values, xs = district.periods.map(\.time)
        if aggregate {
            // Per period, the quartiles of the schools' values (R quantile type 7).
            let byTime = Dictionary(grouping: schools.flatMap(points), by: { $0.x })
            let band = byTime.keys.sorted().compactMap { time -> (x: Double, low: Double, middle: Double, high: Double)? in
                let values = byTime[time]!.map(\.y)
                guard values.count >= 3 else { return nil }
                let q = Descriptive.quantiles(values, [0.25, 0.5, 0.75])
                return (time, q[0], q[1], q[2])
            }
            if band.count >= 2 {
                marks.append(.band(points: band, color: 4))
                ys += band.flatMap { [$0.low, $0.high] }
                xs += band.map(\.x)
            }
        } else {
            for series in schools where series.values.count >= 2 {
                marks.append(.trace(points: points(series), color: Palette.neutral, opacity: 0.45, tooltip: series.entity))
                ys += series.values
                xs += series.periods.map(\.time)
            }
        }
        if let target = indicator.target, indicator.unit != .bool {
            let digits = target == target.rounded() ? 0 : 1
            let shown = indicator.unit == .percent ? formatting.percent(target, digits: digits) : formatting.number(target, digits: digits)
            marks.append(.referenceY(value: target, label: t("цель ", "target ") + shown))
            ys.append(target)
        }
        // The forecast wedge: from the last observed value to the interval at `roadmap_end`.
        let forecastSeries = own ?? district
        if let forecast = forecastSeries.forecast, let last = points(forecastSeries).last {
            marks.append(.band(points: [(last.x, last.y, last.y, last.y),
                                        (forecast.period.time, forecast.low, forecast.estimate, forecast.high)], color: own == nil ? 1 : Self.schoolTrendColor))
            ys += [forecast.low, forecast.high]
            xs.append(forecast.period.time)
        }
        marks.append(.line(points: points(district), color: 0, dashed: false))
        if let own, !own.values.isEmpty {
            marks.append(.line(points: points(own), color: Self.schoolTrendColor, dashed: false))
            ys += own.values
            xs += own.periods.map(\.time)
        }
        let low = ys.min()!, high = ys.max()!
        let pad = max((high - low) * 0.08, indicator.unit == .bool ? 0.02 : 0.5)
        // A yes/no indicator's series is the share of schools (district) or 0/1 (a school): 0–100 %.
        let share = indicator.unit == .bool
        let bottom = share ? 0 : low >= 0 ? max(0, low - pad) : low - pad
        let top = share ? 1 : high + pad
        let span = top - bottom
        let digits = span < 1 ? 2 : span < 10 ? 1 : 0
        let tick: @Sendable (Double) -> String = { share ? formatting.percent($0 * 100, digits: 0) : formatting.number($0, digits: digits) }
        var chart = Chart(
            title: indicator.name[context.language],
            width: 330, height: 240,
            xAxis: Axis(title: "", kind: .linear(domain: xs.min()!...max(xs.max()!, xs.min()! + 1)),
                        tickFormat: { $0 == $0.rounded() ? String(Int($0)) : "" }),
            yAxis: Axis(title: "", kind: .linear(domain: bottom...top), tickFormat: tick),
            marks: marks)
        chart.titleLines = 2
        return chart
    }
}
