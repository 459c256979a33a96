/// The rows of a panel by school and indicator, each series in period
/// order, and the rule that picks the value standing for a period.
///
/// Built in linear time: a counting sort of the rows by (school,
/// indicator), then each series, a handful of periods long, sorted by
/// period with an insertion sort (stable, so rows of equal periods keep
/// their input order).
public struct ObservationIndex: Sendable {
    public let panel: ObservationPanel
    /// Series `k` = school × indicator width + indicator occupies
    /// `rows[starts[k]..<starts[k + 1]]`.
    private let starts: [Int]
    private let rows: [Int32]

    public init(_ panel: ObservationPanel) {
        self.panel = panel
        let width = panel.indicatorIDs.count
        var starts = [Int](repeating: 0, count: panel.schoolIDs.count * width + 1)
        for row in panel.indices {
            starts[Int(panel.schoolColumn[row]) * width + Int(panel.indicatorColumn[row]) + 1] += 1
        }
        for key in starts.indices.dropFirst() { starts[key] += starts[key - 1] }
        var next = starts
        var rows = [Int32](repeating: 0, count: panel.count)
        for row in panel.indices {
            let key = Int(panel.schoolColumn[row]) * width + Int(panel.indicatorColumn[row])
            rows[next[key]] = Int32(row)
            next[key] += 1
        }
        // Period order as ranks of the codes.
        var ranks = [Int](repeating: 0, count: panel.periods.count)
        for (rank, code) in panel.periods.indices.sorted(by: { panel.periods[$0] < panel.periods[$1] }).enumerated() {
            ranks[code] = rank
        }
        for key in 0..<(starts.count - 1) where starts[key + 1] - starts[key] > 1 {
            for position in (starts[key] + 1)..<starts[key + 1] {
                let row = rows[position]
                let rank = ranks[Int(panel.periodColumn[Int(row)])]
                var place = position
                while place > starts[key], ranks[Int(panel.periodColumn[Int(rows[place - 1])])] > rank {
                    rows[place] = rows[place - 1]
                    place -= 1
                }
                rows[place] = row
            }
        }
        self.starts = starts
        self.rows = rows
    }

    /// The rows of one school and indicator (codes of `panel`), in period order.
    public func rows(school: Int32, indicator: Int32) -> ArraySlice<Int32> {
        let key = Int(school) * panel.indicatorIDs.count + Int(indicator)
        return rows[starts[key]..<starts[key + 1]]
    }

    /// All observations of one school and indicator, in period order.
    public func series(school: String, indicator: String) -> [Observation] {
        guard let school = panel.schoolCode(school), let indicator = panel.indicatorCode(indicator) else { return [] }
        return rows(school: school, indicator: indicator).map { panel[Int($0)] }
    }

    /// The row that stands for `period`: for a term, that term's row; for a
    /// school year, the year's own row if it has a value, else the latest
    /// term of that year with a value (the freshest figure of the year).
    /// Rows with an empty value count as missing.
    public func row(school: Int32, indicator: Int32, period: Period) -> Int? {
        let series = rows(school: school, indicator: indicator)
        var latestTerm: Int?
        for row in series.lazy.map(Int.init) where panel.hasValue(row) {
            let rowPeriod = panel.period(at: row)
            if rowPeriod == period { return row }
            if period.term == nil && rowPeriod.term != nil && rowPeriod.schoolYear == period { latestTerm = row }
        }
        return latestTerm
    }

    /// `row(school:indicator:period:)` by ids, as an observation.
    public func observation(school: String, indicator: String, period: Period) -> Observation? {
        guard let school = panel.schoolCode(school), let indicator = panel.indicatorCode(indicator),
              let row = row(school: school, indicator: indicator, period: period) else { return nil }
        return panel[row]
    }
}
