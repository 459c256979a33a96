/// Fast lookup of observations by school and indicator, and the rule that
/// picks the value standing for a period.
public struct ObservationIndex: Sendable {
    private struct Key: Hashable {
        let schoolID: String
        let indicatorID: String
    }

    /// Per (school, indicator), observations sorted by period.
    private let series: [Key: [Observation]]

    public init(_ observations: [Observation]) {
        var series: [Key: [Observation]] = [:]
        for observation in observations {
            series[Key(schoolID: observation.schoolID, indicatorID: observation.indicatorID), default: []].append(observation)
        }
        self.series = series.mapValues { $0.sorted { $0.period < $1.period } }
    }

    /// All observations of one school and indicator, in period order.
    public func series(school: String, indicator: String) -> [Observation] {
        series[Key(schoolID: school, indicatorID: indicator)] ?? []
    }

    /// The observation that stands for `period`: for a term, that term's
    /// row; for a school year, the year's own row if it has a value, else the
    /// latest term of that year with a value (the freshest figure of the year).
    /// Rows with an empty value count as missing.
    public func observation(school: String, indicator: String, period: Period) -> Observation? {
        let rows = series(school: school, indicator: indicator)
        if period.term != nil {
            return rows.first { $0.period == period && $0.value != nil }
        }
        if let yearRow = rows.first(where: { $0.period == period && $0.value != nil }) { return yearRow }
        return rows.last { $0.period.schoolYear == period && $0.period.term != nil && $0.value != nil }
    }
}
