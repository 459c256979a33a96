import Foundation
import MsokoModel
import MsokoStatistics

/// The sample's values: the planted deficits and slopes, each indicator's
/// typical value, spread and noise, the denominators, and the context.
extension SampleDistrict {
    /// Each school's general level of results: the mean over outcome
    /// indicators of the direction-signed z-score of its latest values,
    /// standardised over the schools (it tracks the overall index closely).
    /// `latest` holds school `s`'s value of outcome indicator `k` at
    /// `s × outcomes + k`, NaN where missing.
    func resultLevels(_ latest: [Double]) -> [Double] {
        let outcomes = catalog.outcomeIndicators
        var sums = [Double](repeating: 0, count: schoolCount), counts = [Double](repeating: 0, count: schoolCount)
        for (position, indicator) in outcomes.enumerated() {
            let column = (0..<schoolCount).map { latest[$0 * outcomes.count + position] }
            let values = column.filter { !$0.isNaN }
            guard values.count > 1 else { continue }
            let deviation = Descriptive.standardDeviation(values, sample: false)
            guard deviation > 0 else { continue }
            let mean = Descriptive.mean(values)
            for (index, value) in column.enumerated() where !value.isNaN {
                sums[index] += (indicator.direction == .up ? 1 : -1) * (value - mean) / deviation
                counts[index] += 1
            }
        }
        let levels = zip(sums, counts).map { $1 > 0 ? $0 / $1 : 0 }
        let deviation = Descriptive.standardDeviation(levels, sample: false)
        return levels.map { deviation > 0 ? $0 / deviation : 0 }
    }

    /// The context indicators' yearly values. A school's conditions follow
    /// its level of results (`resultLevels`, in standard deviations), so the
    /// context index predicts most of the overall index; the planted school
    /// that beats the odds gets the district's most difficult conditions, the
    /// planted risk school difficult ones.
    func contextObservations(into rows: inout ObservationRows, ids: [String], students: [Int], results: [Double]) throws {
        var generator = SeededGenerator(seed: seed &+ 0x5C0E)
        let levels = (0..<schoolCount).map { index -> Double in
            if index == beatingTheOddsSchool { return -3 }
            if index == riskSchool { return min(results[index], -2) }
            return results[index]
        }
        let periods = (firstYear...lastYear).map { Period(startYear: $0).description }
        for indicator in catalog.contextIndicators {
            for index in 0..<schoolCount {
                let level = levels[index]
                let base = indicator.unit == .percent ? String(students[index]) : ""
                for period in periods {
                    let noise = generator.nextNormal()
                    let value: Double
                    switch indicator.id {
                    case "low_income_share": value = min(max(22 - 7 * level + 1.5 * noise, 1), 90)
                    case "disabilities_share": value = min(max(6 - 1.5 * level + 0.4 * noise, 0), 40)
                    case "non_russian_first_language_share": value = min(max(8 - 3 * level + 0.8 * noise, 0), 80)
                    case "rural_location": value = group(of: index) == .rural ? 1 : 0
                    case "students_total": value = Double(students[index])
                    default: value = 0
                    }
                    let cell = indicator.unit == .count || indicator.unit == .bool ? Table.number(value.rounded(), digits: 0)
                        : Table.number(value, digits: 1)
                    try rows.append(ids[index], period, indicator.id, cell, base)
                }
            }
        }
    }

    /// The areas of the two planted deficit schools, and the indicators the
    /// planted slopes and the missing programme use: a restricted catalog
    /// keeps them all.
    static let deficitAreas = (prevention: ["prevention", "contests"], additionalEducation: ["additional_education", "staff"])
    static let plantedIndicators = ["contest_participation", "asocial_registered", "parent_satisfaction",
                                    "additional_education_coverage", "upbringing_programme"]

    /// Extra strength (in spreads) for the planted deficits.
    func plantedDeficit(_ indicator: Indicator, _ index: Int) -> Double {
        let deficit = deficitSchools
        if index == deficit.prevention, Self.deficitAreas.prevention.contains(indicator.area) { return -3.2 }
        if index == deficit.additionalEducation {
            if Self.deficitAreas.additionalEducation.contains(indicator.area) { return -3.2 }
            if indicator.id == "upbringing_programme" { return -3 }
        }
        return 0
    }

    /// Planted change per school year, in the indicator's unit.
    func plantedSlope(_ indicator: Indicator, _ index: Int) -> Double {
        switch indicator.id {
        case "contest_participation": return index == deficitSchools.prevention ? 0 : 4
        case "asocial_registered": return -0.5
        case "parent_satisfaction": return 2
        case "additional_education_coverage" where index == earlyWarningSchool: return -4
        default: return 0
        }
    }

    /// The denominator behind a rate: teachers for staff indicators (about
    /// one per nine students), survey respondents for satisfaction (about
    /// 60 % of the students), students otherwise; none for other units.
    static func base(for indicator: Indicator, students: Int) -> Int? {
        guard indicator.unit == .percent || indicator.unit == .per100 else { return nil }
        switch indicator.id {
        case "teachers_upbringing_training", "class_teachers_trained": return max(5, students / 9)
        case "parent_satisfaction", "student_satisfaction": return max(5, students * 6 / 10)
        default: return students
        }
    }

    struct Parameters {
        var typical: Double
        var spread: Double
        var noise: Double
        var minimum: Double
        var maximum: Double
    }

    /// Typical values (district average at the start), spread between strong
    /// and weak schools, and noise, by indicator.
    static func parameters(for indicator: Indicator) -> Parameters {
        switch indicator.id {
        case "contest_participation": return Parameters(typical: 66, spread: 9, noise: 2.5, minimum: 0, maximum: 100)
        case "additional_education_coverage": return Parameters(typical: 70, spread: 10, noise: 1.5, minimum: 0, maximum: 100)
        case "teachers_upbringing_training": return Parameters(typical: 80, spread: 6, noise: 2, minimum: 0, maximum: 100)
        case "parent_satisfaction", "student_satisfaction": return Parameters(typical: 78, spread: 6, noise: 2, minimum: 0, maximum: 100)
        case "asocial_registered": return Parameters(typical: 3.5, spread: 1, noise: 0.3, minimum: 0, maximum: 100)
        case "offences": return Parameters(typical: 1.2, spread: 0.4, noise: 0.15, minimum: 0, maximum: 100)
        case "unexcused_absences": return Parameters(typical: 4, spread: 1.5, noise: 0.5, minimum: 0, maximum: 100)
        case "intolerance_incidents": return Parameters(typical: 1, spread: 0.6, noise: 0.4, minimum: 0, maximum: 1000)
        case "tolerance_index": return Parameters(typical: 72, spread: 6, noise: 2, minimum: 0, maximum: 100)
        case "research_projects", "tech_contest_awards", "regional_awards": return Parameters(typical: 6, spread: 2.5, noise: 0.6, minimum: 0, maximum: 100)
        case "federal_awards": return Parameters(typical: 1, spread: 0.6, noise: 0.2, minimum: 0, maximum: 100)
        case "partner_agreements", "school_clubs", "volunteer_actions", "tolerance_events", "class_teacher_contests", "experience_shared":
            return Parameters(typical: 6, spread: 2.5, noise: 0.8, minimum: 0, maximum: 1000)
        default:
            switch indicator.unit {
            case .percent: return Parameters(typical: 60, spread: 10, noise: 2.5, minimum: 0, maximum: 100)
            case .per100: return Parameters(typical: 5, spread: 2, noise: 0.5, minimum: 0, maximum: 100)
            case .count: return Parameters(typical: 6, spread: 2.5, noise: 0.8, minimum: 0, maximum: 1000)
            case .score: return Parameters(typical: 70, spread: 8, noise: 2, minimum: 0, maximum: 100)
            case .bool: return Parameters(typical: 1, spread: 0, noise: 0, minimum: 0, maximum: 1)
            }
        }
    }
}

/// The rows of `observations.csv` as UTF-8 bytes: the canonical header, then
/// `school_id,period,indicator,value,base` lines. With `flush`, the bytes go
/// to it in chunks of about a megabyte, so a national sample (16 million
/// rows, 660 MB) never sits in memory; without, they are kept in `bytes`.
/// The cells are ids and numbers, which CSV never quotes, so the bytes are
/// those of `Table.verbatimCSV`.
struct ObservationRows {
    static let columns = ["school_id", "period", "indicator", "value", "base"]
    private static let chunk = 1 << 20
    private(set) var bytes: [UInt8] = []
    private let flush: (([UInt8]) throws -> Void)?

    init(flush: (([UInt8]) throws -> Void)?) {
        self.flush = flush
        bytes.reserveCapacity(flush == nil ? 0 : Self.chunk + 256)
        bytes.append(contentsOf: Self.columns.joined(separator: ",").utf8)
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func append(_ school: String, _ period: String, _ indicator: String, _ value: String, _ base: String) throws {
        assert([school, period, indicator, value, base].allSatisfy { Table.quote($0) == $0 }, "a cell CSV would quote")
        bytes.append(contentsOf: school.utf8)
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: period.utf8)
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: indicator.utf8)
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: value.utf8)
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: base.utf8)
        bytes.append(UInt8(ascii: "\n"))
        if let flush, bytes.count >= Self.chunk {
            try flush(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// Hands the last bytes to `flush` (kept in `bytes` without one).
    mutating func finish() throws {
        guard let flush, !bytes.isEmpty else { return }
        try flush(bytes)
        bytes.removeAll()
    }
}
