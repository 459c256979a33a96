import MsokoModel
import MsokoStatistics

/// How a cell of the analysed period got its value.
public enum Imputation: String, CaseIterable, Sendable {
    /// Reported by the school.
    case none
    /// Missing; filled with the district median of the same indicator and period.
    case districtMedian = "district_median"
    /// Missing; filled with the school's latest earlier value.
    case lastValue = "last_value"
    /// Missing and left missing: its weight goes to the area's other indicators.
    case reweighted
}

/// One school's value of one indicator for the analysed period, with the
/// evidence behind it (the period and input row it came from).
public struct IndicatorValue: Hashable, Sendable {
    /// The value in the indicator's unit, after the missing-data policy;
    /// `nil` when it stays missing (`reweighted`).
    public var value: Double?
    /// The denominator behind a rate, when the input gave one.
    public var base: Double?
    /// The period the value was read from: the analysed period, the latest
    /// term of the analysed year, or an earlier period (`last_value`).
    public var period: Period?
    /// The input row it was read from; `nil` for a district median.
    public var source: SourceRow?
    public var imputation: Imputation

    public init(value: Double?, base: Double? = nil, period: Period?, source: SourceRow?, imputation: Imputation = .none) {
        self.value = value
        self.base = base
        self.period = period
        self.source = source
        self.imputation = imputation
    }

    public var isImputed: Bool { imputation == .districtMedian || imputation == .lastValue }
}

/// The lookups the analysis stages share, over the model's
/// `ObservationIndex`: rows of the panel found by codes.
struct PeriodLookup {
    let index: ObservationIndex
    /// The index's panel, stored (a computed copy per row retained every
    /// one of its arrays).
    let panel: ObservationPanel
    /// Per school code × period code: whether the school reported a value then.
    private let reported: [Bool]

    init(_ observations: ObservationPanel) {
        index = ObservationIndex(observations)
        panel = observations
        var reported = [Bool](repeating: false, count: observations.schoolIDs.count * observations.periods.count)
        let width = observations.periods.count
        for row in observations.indices where observations.hasValue(row) {
            reported[Int(observations.schoolColumn[row]) * width + Int(observations.periodColumn[row])] = true
        }
        self.reported = reported
    }

    /// The rows with a value of `indicator` at `school`, in period order.
    func series(school: Int32, indicator: Int32) -> [Int] {
        index.rows(school: school, indicator: indicator).lazy.map(Int.init).filter { panel.hasValue($0) }
    }

    /// The row that stands for `indicator` in the analysed `period`:
    ///
    /// - a school year analysed: the year value if present, else the latest
    ///   term of that year with a value (the freshest figure of the year;
    ///   only termly indicators have terms) — `ObservationIndex.row`;
    /// - a term analysed: a termly indicator's value for that term, a yearly
    ///   indicator's value for the term's school year.
    ///
    /// Empty cells count as missing.
    func current(school: Int32, indicator: Int32, frequency: Frequency, period: Period) -> Int? {
        let standing = period.term != nil && frequency == .year ? period.schoolYear : period
        return index.row(school: school, indicator: indicator, period: standing)
    }

    /// The school's latest row with a value of `indicator` from before the
    /// analysed period (before its school year when a year is analysed).
    func lastEarlier(school: Int32, indicator: Int32, period: Period) -> Int? {
        series(school: school, indicator: indicator).last { row in
            let rowPeriod = panel.period(at: row)
            return period.isYear ? rowPeriod.startYear < period.startYear : rowPeriod < period
        }
    }

    /// The cell a row gives, with its evidence.
    func value(row: Int, imputation: Imputation = .none) -> IndicatorValue {
        IndicatorValue(value: panel.value(at: row), base: panel.base(at: row), period: panel.period(at: row),
                       source: panel.source(at: row), imputation: imputation)
    }

    /// Whether the school reported any value in the analysed period's window
    /// (the year and its terms, or the term and its year).
    func hasAnyValue(school: String, period: Period) -> Bool {
        guard let school = panel.schoolCode(school) else { return false }
        func reported(_ period: Period) -> Bool {
            guard let code = panel.periodCode(period) else { return false }
            return self.reported[Int(school) * panel.periods.count + Int(code)]
        }
        if reported(period.schoolYear) { return true }
        if period.isYear { return (1...4).contains { reported(Period(startYear: period.startYear, term: $0)) } }
        return reported(period)
    }
}

/// The schools × indicators values of one period after the missing-data
/// policy: rows follow `schoolIDs`, columns follow `indicators`.
public struct ValueGrid: Sendable {
    public let period: Period
    public let schoolIDs: [String]
    public let indicators: [Indicator]
    /// `cells[school][indicator]`.
    public let cells: [[IndicatorValue]]

    private let schoolPositions: [String: Int]
    private let indicatorPositions: [String: Int]

    public init(period: Period, schoolIDs: [String], indicators: [Indicator], cells: [[IndicatorValue]]) {
        self.period = period
        self.schoolIDs = schoolIDs
        self.indicators = indicators
        self.cells = cells
        self.schoolPositions = Dictionary(schoolIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        self.indicatorPositions = Dictionary(indicators.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The row of a school (also its row in the `CompositeScores` computed from this grid).
    public func position(school: String) -> Int? { schoolPositions[school] }

    /// The column of an indicator (also its column in the `CompositeScores` computed from this grid).
    public func position(indicator: String) -> Int? { indicatorPositions[indicator] }

    /// Column `j`'s values (nil = missing).
    public func values(indicator j: Int) -> [Double?] { cells.map { $0[j].value } }

    /// The cell of one school and indicator, if both are in the grid.
    public func cell(school: String, indicator: String) -> IndicatorValue? {
        guard let i = schoolPositions[school], let j = indicatorPositions[indicator] else { return nil }
        return cells[i][j]
    }

    /// Counts of cells by how they got their value.
    public var imputationCounts: [Imputation: Int] {
        var counts: [Imputation: Int] = [:]
        for row in cells { for cell in row { counts[cell.imputation, default: 0] += 1 } }
        return counts
    }
}
