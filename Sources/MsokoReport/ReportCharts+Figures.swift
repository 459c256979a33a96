import MsokoAnalysis
import MsokoCharts
import MsokoModel
import MsokoStatistics

/// The spread of one area's scores over the district's schools (0–100),
/// computed once per report and drawn on every school page.
struct AreaDistribution: Sendable {
    let minimum: Double, lowerQuartile: Double, median: Double, upperQuartile: Double, maximum: Double

    /// Quartiles by R's default (`quantile(type = 7)`); nil without scores.
    init?(_ scores: [Double]) {
        guard !scores.isEmpty else { return nil }
        let q = Descriptive.quantiles(scores, [0, 0.25, 0.5, 0.75, 1])
        (minimum, lowerQuartile, median, upperQuartile, maximum) = (q[0], q[1], q[2], q[3], q[4])
    }
}

/// The charts of issue 12: need, heat map, cluster profiles and criteria,
/// distributions. Every chart has a `<desc>` that says how to read it.
extension ReportCharts {
    /// Rows a chart draws one label for: past it the chart shows the first
    /// rows and its description names the CSV with all of them.
    static let labelLimit = 60
    /// Schools at each end of a top/bottom chart past `labelLimit` schools.
    static let extremeCount = 15

    func schoolText(_ id: String) -> String {
        guard let name = context.dataset.school(id)?.name, !name.isEmpty else { return id }
        return id + " " + DisplayName.isolated(name)
    }

    /// The ranking of need: one horizontal bar per school (rank 1 on top),
    /// stacked by the contribution of each deficit to the need score (the
    /// largest severity in full, each next one half as much), coloured by
    /// area; a possible (unconfirmed) deficit is pale with an outline.
    func deficitRanking(deficits: [String: [Deficit]], limit: Int = 30) -> Chart? {
        let ranking = context.analysis.ranking.filter { $0.deficitScore > 0 }
        let shown = Array(ranking.prefix(limit))
        guard !shown.isEmpty else { return nil }
        let formatting = format
        let language = context.language
        // Contribution of each deficit: severity × 2^(−position) in decreasing severity.
        var pieces: [(school: Int, deficit: Deficit, contribution: Double)] = []
        for (row, entry) in shown.enumerated() {
            let own = (deficits[entry.schoolID] ?? []).sorted {
                $0.severity != $1.severity ? $0.severity > $1.severity : $0.indicatorID < $1.indicatorID
            }
            var weight = 1.0
            for deficit in own {
                pieces.append((row, deficit, deficit.severity * weight))
                weight /= 2
            }
        }
        // The areas with the largest total contribution get their own colour;
        // the rest share grey ("other areas").
        let areaOrder = context.catalog.areas.map(\.id)
        var totals: [String: Double] = [:]
        for piece in pieces { totals[piece.deficit.areaID, default: 0] += piece.contribution }
        let coloured = totals.keys.sorted {
            totals[$0]! != totals[$1]! ? totals[$0]! > totals[$1]! : (areaOrder.firstIndex(of: $0) ?? 0) < (areaOrder.firstIndex(of: $1) ?? 0)
        }.prefix(7)
        let colourOf = Dictionary(uniqueKeysWithValues: coloured.enumerated().map { ($1, $0) })
        let otherColour = Palette.neutral
        func areaName(_ id: String) -> String { context.catalog.area(id)?.name[language] ?? id }
        func indicatorName(_ id: String) -> String { context.catalog.indicator(id)?.name[language] ?? id }
        var marks: [Mark] = []
        var cursor = Array(repeating: 0.0, count: shown.count)
        // Stack in the order of the legend, so the same area sits at the same place.
        let stackOrder = coloured + totals.keys.filter { colourOf[$0] == nil }.sorted {
            (areaOrder.firstIndex(of: $0) ?? 0) < (areaOrder.firstIndex(of: $1) ?? 0)
        }
        let rank = Dictionary(uniqueKeysWithValues: stackOrder.enumerated().map { ($1, $0) })
        for piece in pieces.sorted(by: { ($0.school, rank[$0.deficit.areaID]!) < ($1.school, rank[$1.deficit.areaID]!) }) {
            let start = cursor[piece.school], end = start + piece.contribution
            cursor[piece.school] = end
            let status = piece.deficit.status == .confirmed ? t("подтверждён", "confirmed") : t("возможен", "possible")
            marks.append(.segment(category: piece.school, start: start, end: end,
                                  color: colourOf[piece.deficit.areaID] ?? otherColour, faded: piece.deficit.status == .possible,
                                  tooltip: "\(piece.deficit.schoolID): \(areaName(piece.deficit.areaID)) — \(indicatorName(piece.deficit.indicatorID)); "
                                      + t("вклад ", "contribution ") + formatting.number(piece.contribution, digits: 2) + ", " + status))
        }
        var legend = coloured.map { LegendEntry(label: areaName($0), color: colourOf[$0]!) }
        if stackOrder.count > coloured.count { legend.append(LegendEntry(label: t("другие направления", "other areas"), color: otherColour)) }
        legend.append(LegendEntry(label: t("бледные — возможные дефициты", "pale: possible deficits"), color: otherColour, faded: true))
        let maximum = cursor.max() ?? 1
        var chart = Chart(
            title: t("Потребность в поддержке: балл по вкладам дефицитов", "Need for support: the score by its deficits"),
            width: 1000, height: 70 + 24 * Double(shown.count),
            xAxis: Axis(title: t("балл потребности", "need score"), kind: .linear(domain: 0...max(maximum, 0.1)),
                        tickFormat: { formatting.number($0, digits: 1) }),
            yAxis: Axis(title: "", kind: .band(categories: shown.map { schoolText($0.schoolID) })),
            marks: marks, legend: legend,
            description: t(
                "Полоса — балл потребности школы (место 1 — сверху), сложенный из вкладов её дефицитов: самый тяжёлый в полную силу, каждый следующий вдвое слабее. Цвет — направление; бледные части с контуром — возможные (не подтверждённые) дефициты. Показаны \(shown.count) из \(ranking.count) школ с дефицитами; полный список — tables/school_ranking.csv и tables/deficits.csv.",
                "Each bar is a school's need score (rank 1 at the top), made of its deficits' contributions: the most severe in full, each next one half as much. Colour is the area; pale, outlined parts are possible (unconfirmed) deficits. \(shown.count) of \(ranking.count) schools with deficits are shown; the full lists are tables/school_ranking.csv and tables/deficits.csv."))
        chart.legendWidth = 330
        return chart
    }

    /// Schools in cluster order, and by overall index (highest first) within a cluster.
    var schoolsByCluster: [SchoolSummary] {
        let clusterOf = Dictionary(context.clusters.schools.map { ($0.schoolID, $0.cluster) }, uniquingKeysWith: { first, _ in first })
        return context.analysis.schools.sorted { lhs, rhs in
            let left = clusterOf[lhs.schoolID] ?? Int.max, right = clusterOf[rhs.schoolID] ?? Int.max
            if left != right { return left < right }
            let a = lhs.overallIndex ?? -.infinity, b = rhs.overallIndex ?? -.infinity
            return a != b ? a > b : lhs.schoolID < rhs.schoolID
        }
    }

    /// Heat map: areas (rows) × schools (columns), schools ordered by
    /// cluster and by overall index within it; dashed lines part the groups.
    /// Past `labelLimit` schools it shows the `extremeCount` schools with the
    /// highest overall index and the `extremeCount` with the lowest (a dashed
    /// line between them), and names the CSV with all of them.
    func heatmap() -> Chart? {
        let areas = context.analysis.areas
        let ordered = schoolsByCluster
        guard !areas.isEmpty, ordered.count >= 2 else { return nil }
        let extremes = ordered.count > Self.labelLimit
        let shown: [SchoolSummary]
        if extremes {
            let byIndex = ordered.sorted {
                let a = $0.overallIndex ?? -.infinity, b = $1.overallIndex ?? -.infinity
                return a != b ? a > b : $0.schoolID < $1.schoolID
            }
            shown = Array(byIndex.prefix(Self.extremeCount)) + Array(byIndex.suffix(Self.extremeCount))
        } else {
            shown = ordered
        }
        let formatting = format
        // Wide enough for the longest school id under its column (S0342 beside S0605 must not run together).
        let columnWidth = max(34, Double(shown.map(\.schoolID.count).max() ?? 0) * 7 + 8)
        let clusterOf = Dictionary(context.clusters.schools.map { ($0.schoolID, $0.cluster) }, uniquingKeysWith: { first, _ in first })
        var marks: [Mark] = []
        for (column, school) in shown.enumerated() {
            for (row, area) in areas.enumerated() {
                guard let score = school.areaScores[area.areaID] else { continue }
                marks.append(.cell(column: column, row: row, shade: score / 100, text: formatting.number(score, digits: 0)))
            }
            if extremes {
                if column == Self.extremeCount { marks.append(.referenceX(value: Double(column) - 0.5, label: "")) }
            } else if column > 0, clusterOf[school.schoolID] != clusterOf[shown[column - 1].schoolID] {
                marks.append(.referenceX(value: Double(column) - 0.5, label: ""))
            }
        }
        if extremes {
            return Chart(
                title: t("Баллы направлений: \(Self.extremeCount) лучших и \(Self.extremeCount) худших школ по индексу",
                         "Area scores: the \(Self.extremeCount) highest and \(Self.extremeCount) lowest schools by index"),
                width: max(640, 330 + columnWidth * Double(shown.count)), height: 76 + 26 * Double(areas.count),
                xAxis: Axis(title: t("слева от пунктира — школы с наибольшим общим индексом, справа — с наименьшим",
                                     "left of the dashed line the highest overall index, right of it the lowest"),
                            kind: .band(categories: shown.map(\.schoolID))),
                yAxis: Axis(title: "", kind: .band(categories: areas.map { $0.name[context.language] })),
                marks: marks,
                description: t("Клетка — балл направления у школы (0–100); темнее — выше. Из \(ordered.count) школ показаны \(Self.extremeCount) с наибольшим и \(Self.extremeCount) с наименьшим общим индексом; баллы всех школ — tables/area_scores.csv.",
                               "A cell is a school's area score (0–100); darker is higher. Of \(ordered.count) schools, the \(Self.extremeCount) with the highest and the \(Self.extremeCount) with the lowest overall index are shown; every school's scores are in tables/area_scores.csv."))
        }
        return Chart(
            title: t("Баллы направлений по школам", "Area scores by school"),
            width: max(640, 330 + columnWidth * Double(shown.count)), height: 76 + 26 * Double(areas.count),
            xAxis: Axis(title: t("школы по группам; в группе — по индексу", "schools by group, by index within a group"),
                        kind: .band(categories: shown.map(\.schoolID))),
            yAxis: Axis(title: "", kind: .band(categories: areas.map { $0.name[context.language] })),
            marks: marks,
            description: t("Клетка — балл направления у школы (0–100); темнее — выше. Пунктир разделяет группы похожих школ.", "A cell is a school's area score (0–100); darker is higher. Dashed lines part the groups of similar schools."))
    }

    /// Each group's mean area scores (coloured points) against the district's mean (black).
    func clusterProfiles() -> Chart? {
        let clusters = context.clusters
        guard clusters.clusterCount > 1 else { return nil }
        let language = context.language
        let formatting = format
        let areas = clusters.areaIDs
        let districtMean = Dictionary(context.analysis.areas.map { ($0.areaID, $0.districtMean) }, uniquingKeysWith: { first, _ in first })
        let count = Double(clusters.clusterCount)
        var marks: [Mark] = []
        for (row, area) in areas.enumerated() {
            if let mean = districtMean[area] ?? nil {
                marks.append(.segment(category: row, start: mean - 0.4, end: mean + 0.4, color: 7, faded: false,
                                      tooltip: t("Район: ", "District: ") + formatting.number(mean)))
            }
            for (index, cluster) in clusters.clusters.enumerated() {
                guard row < cluster.areaMeans.count, let value = cluster.areaMeans[row] else { continue }
                let offset = (Double(index) - (count - 1) / 2) * 0.6 / count
                marks.append(.point(x: value, y: Double(row) + offset, color: cluster.id - 1, label: nil,
                                    tooltip: t("Группа ", "Group ") + "\(cluster.id): " + formatting.number(value)))
            }
        }
        var legend = clusters.clusters.map { LegendEntry(label: t("Группа ", "Group ") + String($0.id), color: $0.id - 1) }
        legend.append(LegendEntry(label: t("район (черта)", "district (bar)"), color: 7))
        return Chart(
            title: t("Профили групп: средний балл направлений", "Group profiles: mean area scores"),
            width: 760, height: 70 + 30 * Double(areas.count),
            xAxis: Axis(title: t("балл", "score"), kind: .linear(domain: 0...100), tickFormat: { formatting.number($0, digits: 0) }),
            yAxis: Axis(title: "", kind: .band(categories: areas.map { context.catalog.area($0)?.name[language] ?? $0 })),
            marks: marks, legend: legend,
            description: t("Точка — средний балл направления в группе похожих школ, чёрная черта — среднее по району; точка правее черты — группа сильнее района в этом направлении.",
                           "A point is a group's mean area score, the black bar the district mean; a point right of the bar means the group is stronger than the district in that area."))
    }

    /// The criteria of the number of groups over k, each rescaled to 0–1
    /// over the k tried so that higher is better for all four (Davies–Bouldin
    /// is turned over); the chosen k is marked.
    func clusterCriteria() -> Chart? {
        let criteria = context.clusters.criteria
        guard criteria.count >= 2 else { return nil }
        let formatting = format
        func rescaled(_ values: [Double], lowerIsBetter: Bool = false) -> [Double] {
            let low = values.min()!, high = values.max()!
            return values.map { value in
                let share = high > low ? (value - low) / (high - low) : 0.5
                return lowerIsBetter ? 1 - share : share
            }
        }
        let ks = criteria.map { Double($0.clusterCount) }
        let series: [(String, [Double])] = [
            (t("силуэт", "silhouette"), rescaled(criteria.map(\.silhouette))),
            (t("Калински — Харабаш", "Calinski–Harabasz"), rescaled(criteria.map(\.calinskiHarabasz))),
            (t("Дэвис — Болдин (перевёрнут)", "Davies–Bouldin (turned over)"), rescaled(criteria.map(\.daviesBouldin), lowerIsBetter: true)),
            (t("статистика разрыва", "gap statistic"), rescaled(criteria.map(\.gap))),
        ]
        var marks: [Mark] = series.enumerated().map { index, line in
            .line(points: zip(ks, line.1).map { (x: $0, y: $1) }, color: index, dashed: index == 3)
        }
        let chosen = context.clusters.clusterCount
        marks.append(.referenceX(value: Double(chosen), label: t("выбрано k = \(chosen)", "chosen k = \(chosen)")))
        let values = criteria.map { row in
            "k = \(row.clusterCount): " + t("силуэт ", "silhouette ") + formatting.number(row.silhouette, digits: 3)
                + ", CH " + formatting.number(row.calinskiHarabasz, digits: 1) + ", DB " + formatting.number(row.daviesBouldin, digits: 3)
                + t(", разрыв ", ", gap ") + formatting.number(row.gap, digits: 3)
        }.joined(separator: "; ")
        var chart = Chart(
            title: t("Критерии выбора числа групп", "Criteria for the number of groups"),
            width: 720, height: 340,
            xAxis: Axis(title: t("число групп k", "number of groups k"), kind: .linear(domain: ks.first!...ks.last!),
                        tickFormat: { $0 == $0.rounded() ? String(Int($0)) : "" }),
            yAxis: Axis(title: t("выше — лучше (0–1 по k)", "higher is better (0–1 over k)"), kind: .linear(domain: 0...1),
                        tickFormat: { formatting.number($0, digits: 1) }),
            marks: marks,
            legend: series.enumerated().map { LegendEntry(label: $0.element.0, color: $0.offset) },
            description: t("Каждый критерий пересчитан в шкалу 0–1 по испробованным k так, что выше — лучше (Дэвис — Болдин перевёрнут). Значения: ",
                           "Each criterion is rescaled to 0–1 over the k tried so that higher is better (Davies–Bouldin turned over). Values: ") + values + ".")
        chart.legendWidth = 240
        return chart
    }

    /// The spread of every area's scores over the schools (box: quartiles,
    /// line: minimum to maximum, black dot: median), with `school` marked.
    func distribution(_ spreads: [String: AreaDistribution], school: SchoolSummary? = nil) -> Chart? {
        let areas = context.analysis.areas
        guard !spreads.isEmpty else { return nil }
        let formatting = format
        var marks: [Mark] = []
        for (row, area) in areas.enumerated() {
            guard let spread = spreads[area.areaID] else { continue }
            marks.append(.line(points: [(x: spread.minimum, y: Double(row)), (x: spread.maximum, y: Double(row))], color: 7, dashed: false))
            marks.append(.segment(category: row, start: spread.lowerQuartile, end: spread.upperQuartile, color: 4, faded: true,
                                  tooltip: t("половина школ: ", "middle half: ") + formatting.number(spread.lowerQuartile) + "–" + formatting.number(spread.upperQuartile)))
            marks.append(.dot(x: spread.median, y: Double(row), color: 7, radius: 3.5,
                              tooltip: t("медиана ", "median ") + formatting.number(spread.median)))
            if let school, let score = school.areaScores[area.areaID] {
                marks.append(.point(x: score, y: Double(row), color: 5, label: nil,
                                    tooltip: "\(school.schoolID): " + formatting.number(score)))
            }
        }
        var legend = [LegendEntry(label: t("половина школ района", "middle half of schools"), color: 4, faded: true),
                      LegendEntry(label: t("медиана; линия — мин.–макс.", "median; line: min–max"), color: 7)]
        if let school { legend.insert(LegendEntry(label: school.schoolID, color: 5), at: 0) }
        var chart = Chart(
            title: school == nil ? t("Разброс баллов направлений по школам", "Spread of area scores over schools")
                                 : t("Место школы среди школ района", "The school among the district's schools"),
            width: 760, height: 70 + 28 * Double(areas.count),
            xAxis: Axis(title: t("балл", "score"), kind: .linear(domain: 0...100), tickFormat: { formatting.number($0, digits: 0) }),
            yAxis: Axis(title: "", kind: .band(categories: areas.map { $0.name[context.language] })),
            marks: marks, legend: legend,
            description: t("Для каждого направления: линия — от наименьшего до наибольшего балла школ района, прямоугольник — средняя половина школ (от первого до третьего квартиля), чёрная точка — медиана",
                           "For each area: the line runs from the lowest to the highest school score, the box holds the middle half of schools (first to third quartile), the black dot is the median")
                + (school.map { t("; оранжево-красная точка — школа ", "; the vermilion point is school ") + $0.schoolID } ?? "") + ".")
        chart.legendWidth = 240
        return chart
    }
}
