import Foundation
import MsokoModel
import MsokoStatistics

/// A synthetic district with planted structure, for demos, tests and
/// benchmarks (`msoko sample`). Everything is drawn from one
/// `SeededGenerator`, so the same flags give the same bytes on every machine.
///
/// The structure (written into the dataset's README as well):
/// - three groups of schools with different profiles — A "leaders" strong in
///   additional education, contests and technical creativity (large
///   schools); B "steady" strong in prevention, social institutions and class
///   teachers' work (medium); C "rural" strong in summer recreation and
///   volunteering, weaker in contests and technical creativity (small);
/// - two schools with clear deficits: the last school of group B in
///   prevention and contests, the last school of group C in additional
///   education and staff (and without an upbringing programme);
/// - trends: contest participation rises ≈ 4 points a year in every school but
///   the first deficit school; registered asocial behaviour falls ≈ 0.5 per
///   100 a year; parents' satisfaction rises ≈ 2 points a year; in the second
///   school of group A additional-education coverage falls ≈ 4 points a year
///   while staying above the 56 % target (an early warning);
/// - about 1 % of values missing (empty cells), and one school without its
///   latest summer-employment value;
/// - context indicators (`role: context`): low-income, disabilities and
///   non-Russian-first-language shares that follow each school's general
///   level (its persistent offset), rural location for group C, and the
///   number of students; one school beats the odds (a high index in the most
///   difficult conditions) and the second deficit school works in difficult
///   conditions too, so it is on the ШНОР risk list. Context values are drawn
///   from a second generator after every outcome value, so adding them left
///   the outcome values as they were.
///
/// At national scale (`--schools 40000 --years 8 --indicators 40
/// --canonical`, about 16 million rows) `observations.csv` is streamed to
/// disk as it is drawn (`ObservationRows`), never held as a table of strings.
public struct SampleDistrict {
    public let schoolCount: Int
    public let seed: UInt64
    /// Number of school years, ending with `lastYear`.
    public let years: Int
    /// The number of indicators the catalog was restricted to (`--indicators`);
    /// nil for the whole built-in catalog.
    public let indicatorLimit: Int?
    /// Every value, the latest year's included, goes into `observations.csv`:
    /// no native files and no `sources:` in the pipeline.
    public let canonical: Bool
    /// The catalog as the district's `indicators.yaml` holds it, its text, and
    /// the measures' text (`measures.yaml`), restricted along with it.
    public let catalog: Catalog
    public let catalogText: String
    public let measuresText: String
    /// The last school year (its start year); the first is `years` − 1 before it.
    public let lastYear = 2023
    public var firstYear: Int { lastYear - years + 1 }

    /// The ranges `init` accepts; the command line checks its options against them.
    public static let schoolRange = 6...100_000
    public static let yearRange = 3...20
    public static let defaultYears = 5

    /// - Parameters:
    ///   - schoolCount: the number of schools (`schoolRange`).
    ///   - seed: the seed of the generator; the same flags and seed give the same bytes.
    ///   - years: school years, the last one 2023/24 (default 5: 2019/20–2023/24).
    ///   - indicators: restrict the built-in catalog to this many indicators
    ///     (`indicatorRange`): the planted and context indicators, then the
    ///     others in catalog order; nil keeps all.
    ///   - canonical: write every value into `observations.csv`, no native files.
    public init(schoolCount: Int = 12, seed: UInt64 = 2024, years: Int = SampleDistrict.defaultYears,
                indicators: Int? = nil, canonical: Bool = false) throws {
        guard Self.schoolRange.contains(schoolCount) else {
            throw ConfigurationError(file: "sample", line: nil, "a sample district needs \(Self.schoolRange.lowerBound) to \(Self.schoolRange.upperBound) schools")
        }
        guard Self.yearRange.contains(years) else {
            throw ConfigurationError(file: "sample", line: nil, "a sample district covers \(Self.yearRange.lowerBound) to \(Self.yearRange.upperBound) school years")
        }
        self.schoolCount = schoolCount
        self.seed = seed
        self.years = years
        self.canonical = canonical
        let builtIn = try Catalog.parse(BuiltinFiles.catalogText, file: "indicators.yaml")
        let restricted = try Self.restrictedFiles(builtIn, to: indicators)
        (catalog, catalogText, measuresText) = (restricted.catalog, restricted.catalogText, restricted.measuresText)
        indicatorLimit = indicators
    }

    public enum Group: Int, CaseIterable, Sendable {
        case leaders, steady, rural

        var letter: String { ["A", "B", "C"][rawValue] }

        /// −1 weak, 0 average, +1 strong, by area.
        func strength(_ area: String) -> Double {
            switch (self, area) {
            case (.leaders, "additional_education"), (.leaders, "contests"), (.leaders, "technical_creativity"): return 1
            case (.leaders, "summer"): return -0.5
            case (.steady, "prevention"), (.steady, "social_institutions"), (.steady, "class_teachers"): return 1
            case (.steady, "technical_creativity"): return -0.3
            case (.rural, "summer"), (.rural, "volunteering"): return 1
            case (.rural, "contests"), (.rural, "technical_creativity"): return -1
            case (.rural, "additional_education"): return -0.5
            default: return 0
            }
        }
    }

    /// The group of school `index` (0-based): thirds of the list.
    public func group(of index: Int) -> Group {
        Group(rawValue: min(2, index * 3 / schoolCount))!
    }

    /// Indices of the two planted deficit schools.
    public var deficitSchools: (prevention: Int, additionalEducation: Int) {
        ((2 * schoolCount) / 3 - 1, schoolCount - 1)
    }

    /// The school whose additional-education coverage falls while above target.
    public var earlyWarningSchool: Int { 1 }

    /// The school that beats the odds: the highest overall index of the
    /// sample (the first school of group B) in the most difficult conditions.
    public var beatingTheOddsSchool: Int { schoolCount / 3 }

    /// The school planted on the ШНОР risk list: the second deficit school,
    /// rural and in difficult conditions.
    public var riskSchool: Int { deficitSchools.additionalEducation }

    public func schoolID(_ index: Int) -> String {
        let width = String(schoolCount).count < 2 ? 2 : String(schoolCount).count
        let number = String(index + 1)
        return "S" + String(repeating: "0", count: max(0, width - number.count)) + number
    }

    static let nameWords = [
        "Берёзка", "Родник", "Радуга", "Исток", "Парус", "Созвездие", "Ориентир", "Гармония",
        "Надежда", "Лидер", "Перспектива", "Вектор", "Импульс", "Открытие", "Меридиан", "Росток",
    ]

    /// The text files: `schools.csv`, `observations.csv`, `README.md`.
    public func files() -> [(name: String, contents: String)] {
        let drawn = drawSchools()
        var rows = ObservationRows(flush: nil)
        _ = try! drawObservations(drawn, into: &rows)  // in memory: nothing to throw
        return textFiles(drawn, observations: String(decoding: rows.bytes, as: UTF8.self))
    }

    /// The native files of the latest school year (`SampleDistrict+Native.swift`),
    /// by path relative to the district's folder; none when `canonical`.
    public func nativeFiles() throws -> [(name: String, data: Data)] {
        guard !canonical else { return [] }
        let drawn = drawSchools()
        var rows = ObservationRows(flush: nil)
        return try drawObservations(drawn, into: &rows)?.files() ?? []
    }

    /// `schools.csv`, `observations.csv` (given) and `README.md`.
    func textFiles(_ drawn: DrawnSchools, observations: String) -> [(name: String, contents: String)] {
        [
            ("schools.csv", drawn.table.verbatimCSV),
            ("observations.csv", observations),
            ("README.md", readme(students: drawn.students) + (canonical ? canonicalReadme() : nativeReadme())),
        ]
    }

    /// The schools, their sizes, and the generator after drawing them (the
    /// observations continue from it).
    struct DrawnSchools {
        var table: Table
        var students: [Int]
        var generator: SeededGenerator
    }

    func drawSchools() -> DrawnSchools {
        var generator = SeededGenerator(seed: seed)
        var schools = Table(columns: ["school_id", "name", "kind", "locality", "students", "planted_group"])
        var students: [Int] = []
        for index in 0..<schoolCount {
            let group = group(of: index)
            let range: ClosedRange<Double> = switch group {
            case .leaders: 500...900
            case .steady: 200...500
            case .rural: 15...150
            }
            var size = Int((range.lowerBound + generator.nextDouble() * (range.upperBound - range.lowerBound)).rounded())
            if index == deficitSchools.additionalEducation { size = 120 }
            students.append(size)
            let kind = group == .rural ? (size < 60 ? "НОШ" : "ООШ") : "СОШ"
            let word = SampleDistrict.nameWords[index % SampleDistrict.nameWords.count]
            var name = "Синтетическая \(kind) №\(index + 1) «\(word)»"
            if index == 2 { name = "Синтетическая СОШ №3 «Наука & Спорт» <им. \"Первых\">" }
            let locality = group == .rural ? "село \(index + 1) (вымышленное)" : "город (вымышленный)"
            schools.append([schoolID(index), name, kind, locality, String(size), group.letter])
        }
        return DrawnSchools(table: schools, students: students, generator: generator)
    }

    /// A period of one indicator's series: its text, its time in years since
    /// the first year, and whether the native files carry its value.
    private struct SeriesPeriod {
        let period: Period
        let text: String
        let elapsedYears: Double
        let isNative: Bool
    }

    /// Draws every value, indicator by indicator, school by school, period by
    /// period (the order fixes the bytes), and writes the rows of
    /// `observations.csv`; a value the native files carry goes into the
    /// returned native values instead (nil when `canonical`). The context
    /// values follow (`contextObservations`).
    func drawObservations(_ drawn: DrawnSchools, into rows: inout ObservationRows) throws -> NativeValues? {
        var generator = drawn.generator
        let students = drawn.students
        var native = canonical ? nil
            : NativeValues(district: self, schools: drawn.table.rows.map { (id: $0[0], name: $0[1]) }, students: students)
        let ids = (0..<schoolCount).map(schoolID)
        // School effects: a persistent per-school offset, in units of spread.
        let schoolEffects = (0..<schoolCount).map { _ in generator.nextNormal() * 0.35 }

        // Each school's latest value of every outcome indicator (NaN: missing), for the context.
        let outcomes = catalog.outcomeIndicators
        var latest = [Double](repeating: .nan, count: schoolCount * outcomes.count)
        for (position, indicator) in outcomes.enumerated() {
            let parameters = SampleDistrict.parameters(for: indicator)
            let series: [SeriesPeriod] = (firstYear...lastYear).flatMap { year -> [(Period, Double)] in
                if indicator.frequency == .term {
                    return (1...4).map { term in (Period(startYear: year, term: term), Double(year - firstYear) + Double(term - 1) / 4) }
                }
                return [(Period(startYear: year), Double(year - firstYear))]
            }.map { period, elapsed in
                SeriesPeriod(period: period, text: period.description, elapsedYears: elapsed,
                             isNative: native?.carries(indicator, period) ?? false)
            }
            for index in 0..<schoolCount {
                let group = group(of: index)
                var strength = group.strength(indicator.area) + schoolEffects[index]
                strength += plantedDeficit(indicator, index)
                let size = Double(students[index])
                let slope = plantedSlope(indicator, index)
                let base = SampleDistrict.base(for: indicator, students: students[index])
                let baseText = base.map(String.init) ?? ""
                for period in series {
                    let missingDraw = generator.nextDouble()
                    let noiseDraw = generator.nextNormal()
                    let uniformDraw = generator.nextDouble()
                    var cell = ""
                    switch indicator.unit {
                    case .bool:
                        var probability = 0.75 + 0.2 * strength
                        if strength <= -2 { probability = 0 }
                        cell = uniformDraw < min(max(probability, 0.02), 0.98) ? "1" : "0"
                        if indicator.target != nil, strength > -2 { cell = uniformDraw < 0.93 ? "1" : "0" }
                    default:
                        let sign: Double = indicator.direction == .up ? 1 : -1
                        // Small schools are noisier: sampling noise of a rate over `size` pupils.
                        let noiseScale = parameters.noise * (1 + 6 / size.squareRoot())
                        var value = parameters.typical + sign * strength * parameters.spread
                            + slope * period.elapsedYears + noiseDraw * noiseScale
                        value = min(max(value, parameters.minimum), parameters.maximum)
                        if indicator.unit == .count { value = value.rounded() }
                        cell = Table.number(value, digits: 1)
                    }
                    if missingDraw < 0.01 { cell = "" }
                    if indicator.id == "summer_employment", index == 4, period.period.startYear == lastYear { cell = "" }
                    if period.period.startYear == lastYear, let value = Double(cell) { latest[index * outcomes.count + position] = value }
                    if period.isNative {
                        native?.values[index][indicator.id] = (Double(cell), base)
                        continue
                    }
                    try rows.append(ids[index], period.text, indicator.id, cell, baseText)
                }
            }
        }
        try contextObservations(into: &rows, ids: ids, students: students, results: resultLevels(latest))
        try rows.finish()
        return native
    }
}
