/// A reporting period: a school year (`2022/23`) or a term of it (`2022/23-2`).
///
/// Periods sort by school year, then term; a year-level period sorts after
/// the terms of its year (the year's value summarises them). Term numbers run
/// 1…4 and are quarters (четверть): the time axis puts term N at (N − 1)/4 of
/// the year. Half-year terms (полугодие) would need a different spacing and
/// are not modelled yet; such a district reports year values.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `startYear × 8 + term`, with 5 for the whole year: one word that
    /// orders as periods do (a national run holds millions of periods in
    /// its trend series and values).
    private let code: Int

    /// The calendar year in which the school year starts (2022 for `2022/23`).
    public var startYear: Int { code >> 3 }
    /// The term within the school year, 1…4, or `nil` for the whole year.
    public var term: Int? {
        let term = code & 7
        return term == 5 ? nil : term
    }

    /// `term`, when given, must be 1…4.
    public init(startYear: Int, term: Int? = nil) {
        precondition(term.map { (1...4).contains($0) } ?? true, "a term is numbered 1…4, not \(term!)")
        code = startYear << 3 | (term ?? 5)
    }

    /// Parses `YYYY/YY` or `YYYY/YY-N`. The second year must follow the first
    /// (`2022/23`, `1999/00`); N must be 1…4. Returns `nil` otherwise.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard bytes.count == 7 || bytes.count == 9,
              let first = digits(0..<4), bytes[4] == UInt8(ascii: "/"),
              let second = digits(5..<7), second == (first + 1) % 100,
              first >= 1900
        else { return nil }
        if bytes.count == 9 {
            guard bytes[7] == UInt8(ascii: "-"), let term = digits(8..<9), (1...4).contains(term) else { return nil }
            self.init(startYear: first, term: term)
        } else {
            self.init(startYear: first)
        }
    }

    /// The school year this period belongs to.
    public var schoolYear: Period { Period(startYear: startYear) }

    /// Whether this is a whole school year rather than a term.
    public var isYear: Bool { term == nil }

    /// Position on a time axis measured in school years, used for trend slopes
    /// (so slopes are "per school year"): a year is `startYear`; term N of it
    /// is `startYear + (N − 1) / 4`.
    public var time: Double {
        Double(startYear) + Double((term ?? 1) - 1) / 4
    }

    public var description: String {
        let following = (startYear + 1) % 100
        let years = "\(startYear)/" + (following < 10 ? "0\(following)" : "\(following)")
        if let term { return years + "-\(term)" }
        return years
    }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.code < rhs.code }
}
