import Foundation
import MsokoModel
import MsokoStatistics

/// A synthetic district with planted structure, for demos and tests
/// (`msoko sample`). Everything is drawn from one `SeededGenerator`, so the
/// same number of schools and seed give the same bytes on every machine.
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
public struct SampleDistrict {
    public let schoolCount: Int
    public let seed: UInt64
    public let catalog: Catalog
    /// School years covered (first start year through last start year).
    public let firstYear = 2019
    public let lastYear = 2023

    public init(schoolCount: Int = 12, seed: UInt64 = 2024) throws {
        guard schoolCount >= 6 else { throw ConfigurationError(file: "sample", line: nil, "a sample district needs at least 6 schools") }
        self.schoolCount = schoolCount
        self.seed = seed
        self.catalog = try Catalog.parse(BuiltinFiles.catalogText, file: "indicators.yaml")
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
        generate().texts
    }

    /// The native files of the latest school year (`SampleDistrict+Native.swift`),
    /// by path relative to the district's folder.
    public func nativeFiles() throws -> [(name: String, data: Data)] {
        try generate().native.files()
    }

    func generate() -> (texts: [(name: String, contents: String)], native: NativeValues) {
        var generator = SeededGenerator(seed: seed)
        let deficit = deficitSchools

        // Schools.
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
            if index == deficit.additionalEducation { size = 120 }
            students.append(size)
            let kind = group == .rural ? (size < 60 ? "НОШ" : "ООШ") : "СОШ"
            let word = SampleDistrict.nameWords[index % SampleDistrict.nameWords.count]
            var name = "Синтетическая \(kind) №\(index + 1) «\(word)»"
            if index == 2 { name = "Синтетическая СОШ №3 «Наука & Спорт» <им. \"Первых\">" }
            let locality = group == .rural ? "село \(index + 1) (вымышленное)" : "город (вымышленный)"
            schools.append([schoolID(index), name, kind, locality, String(size), group.letter])
        }

        var native = NativeValues(district: self, schools: schools.rows.map { (id: $0[0], name: $0[1]) }, students: students)

        // School effects: a persistent per-school offset, in units of spread.
        let schoolEffects = (0..<schoolCount).map { _ in generator.nextNormal() * 0.35 }

        var observations = Table(columns: ["school_id", "period", "indicator", "value", "base"])
        // Each school's latest value of every outcome indicator, for the context (below).
        var latest = [[String: Double]](repeating: [:], count: schoolCount)
        for indicator in catalog.indicators where !indicator.isContext {
            let parameters = SampleDistrict.parameters(for: indicator)
            for index in 0..<schoolCount {
                let group = group(of: index)
                var strength = group.strength(indicator.area) + schoolEffects[index]
                strength += plantedDeficit(indicator, index)
                let size = Double(students[index])
                let periods: [(Period, Double)] = (firstYear...lastYear).flatMap { year -> [(Period, Double)] in
                    if indicator.frequency == .term {
                        return (1...4).map { term in (Period(startYear: year, term: term), Double(year - firstYear) + Double(term - 1) / 4) }
                    }
                    return [(Period(startYear: year), Double(year - firstYear))]
                }
                for (period, elapsedYears) in periods {
                    let missingDraw = generator.nextDouble()
                    let noiseDraw = generator.nextNormal()
                    let uniformDraw = generator.nextDouble()
                    let slope = plantedSlope(indicator, index)
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
                            + slope * elapsedYears + noiseDraw * noiseScale
                        value = min(max(value, parameters.minimum), parameters.maximum)
                        if indicator.unit == .count { value = value.rounded() }
                        cell = Table.number(value, digits: 1)
                    }
                    if missingDraw < 0.01 { cell = "" }
                    if indicator.id == "summer_employment", index == 4, period.startYear == lastYear { cell = "" }
                    if period.startYear == lastYear, let value = Double(cell) { latest[index][indicator.id] = value }
                    let base = SampleDistrict.base(for: indicator, students: students[index]).map(String.init) ?? ""
                    if native.carries(indicator, period) {
                        native.values[index][indicator.id] = (Double(cell), SampleDistrict.base(for: indicator, students: students[index]))
                        continue
                    }
                    observations.append([schoolID(index), period.description, indicator.id, cell, base])
                }
            }
        }
        contextObservations(into: &observations, students: students, results: resultLevels(latest))
        let texts = [
            ("schools.csv", schools.verbatimCSV),
            ("observations.csv", observations.verbatimCSV),
            ("README.md", readme(students: students) + nativeReadme()),
        ]
        return (texts, native)
    }

    /// Each school's general level of results: the mean over outcome
    /// indicators of the direction-signed z-score of its latest values,
    /// standardised over the schools (it tracks the overall index closely).
    func resultLevels(_ latest: [[String: Double]]) -> [Double] {
        var sums = [Double](repeating: 0, count: schoolCount), counts = [Double](repeating: 0, count: schoolCount)
        for indicator in catalog.outcomeIndicators {
            let values = latest.compactMap { $0[indicator.id] }
            guard values.count > 1 else { continue }
            let deviation = Descriptive.standardDeviation(values, sample: false)
            guard deviation > 0 else { continue }
            let mean = Descriptive.mean(values)
            for index in 0..<schoolCount {
                guard let value = latest[index][indicator.id] else { continue }
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
    func contextObservations(into observations: inout Table, students: [Int], results: [Double]) {
        var generator = SeededGenerator(seed: seed &+ 0x5C0E)
        let levels = (0..<schoolCount).map { index -> Double in
            if index == beatingTheOddsSchool { return -3 }
            if index == riskSchool { return min(results[index], -2) }
            return results[index]
        }
        for indicator in catalog.contextIndicators {
            for index in 0..<schoolCount {
                let level = levels[index]
                for year in firstYear...lastYear {
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
                    let base = indicator.unit == .percent ? String(students[index]) : ""
                    observations.append([schoolID(index), Period(startYear: year).description, indicator.id, cell, base])
                }
            }
        }
    }

    /// Extra strength (in spreads) for the planted deficits.
    func plantedDeficit(_ indicator: Indicator, _ index: Int) -> Double {
        let deficit = deficitSchools
        if index == deficit.prevention, indicator.area == "prevention" || indicator.area == "contests" { return -3.2 }
        if index == deficit.additionalEducation {
            if indicator.area == "additional_education" || indicator.area == "staff" { return -3.2 }
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

    func readme(students: [Int]) -> String {
        let groups = Group.allCases.map { group in
            (0..<schoolCount).filter { self.group(of: $0) == group }.map(schoolID).joined(separator: ", ")
        }
        let deficit = deficitSchools
        return """
            # Synthetic sample district (СИНТЕТИЧЕСКИЕ ДАННЫЕ)

            **These data are synthetic.** They were generated by `msoko sample --schools \(schoolCount) --seed \(seed)` \
            and describe no real school; names and localities are invented.

            Regenerate: `msoko sample --out DIR --schools \(schoolCount) --seed \(seed)` writes these files byte for byte \
            (a test checks it), plus a runnable `pipeline.yaml` with the built-in catalog and measures.

            - \(schoolCount) schools of \(students.min() ?? 0)–\(students.max() ?? 0) students; school years \(Period(startYear: firstYear)) \
            to \(Period(startYear: lastYear)); term indicators have values for terms 1–4, the others one value a year.
            - `observations.csv` is in the canonical long format; `base` is the denominator behind a rate: the \
            students, the teachers (staff indicators) or the survey respondents (satisfaction).

            ## Planted structure (what the analysis should find)

            | what | where |
            |---|---|
            | group A "leaders": strong in additional education, contests, technical creativity; large schools | \(groups[0]) |
            | group B "steady": strong in prevention, social institutions, class teachers' work; medium schools | \(groups[1]) |
            | group C "rural": strong in summer recreation and volunteering, weak in contests and technical creativity; small schools | \(groups[2]) |
            | deficit school 1: prevention and contests far below the district | \(schoolID(deficit.prevention)) |
            | deficit school 2: additional education and staff far below target; no upbringing programme | \(schoolID(deficit.additionalEducation)) |
            | `contest_participation` rises ≈ 4 points a year | every school but \(schoolID(deficit.prevention)) |
            | `asocial_registered` falls ≈ 0.5 per 100 a year (improving) | every school |
            | `parent_satisfaction` rises ≈ 2 points a year | every school |
            | `additional_education_coverage` falls ≈ 4 points a year while above the 56 % target (early warning) | \(schoolID(earlyWarningSchool)) |
            | missing values: about 1 % of cells empty; no latest `summer_employment` | \(schoolID(4)) |
            | context indicators (`role: context`): low-income, disabilities and non-Russian-first-language shares follow each school's general level; group C is rural | every school |
            | beats the odds: the highest overall index, in the district's most difficult family conditions (most low-income, disabled and non-Russian-first-language pupils), so `above` in `tables/context.csv` | \(schoolID(beatingTheOddsSchool)) |
            | ШНОР risk: bottom quarter of the overall index and of the context index | \(schoolID(riskSchool)) |

            School \(schoolID(2)) has quotes, `&` and `<` in its name, to exercise escaping.

            """
    }
}

/// Files compiled into the binary.
enum BuiltinFiles {
    static var catalogText: String { String(decoding: PackageResources.indicators_yaml, as: UTF8.self) }
    static var measuresText: String { String(decoding: PackageResources.measures_yaml, as: UTF8.self) }
}

extension SampleDistrict {
    /// A pipeline file for the generated district, with the catalog beside it.
    public func pipelineText() -> String {
        """
        # Synthetic sample district generated by `msoko sample` (SYNTHETIC DATA).
        title:
          ru: "Синтетический район — мониторинг системы воспитания"
          en: "Synthetic district: monitoring of the upbringing system"
        language: ru
        catalog: indicators.yaml
        measures: measures.yaml
        schools: schools.csv
        observations:
          - observations.csv
        output: out
        normalization: target
        clustering:
          k: auto
          k_max: 6
          restarts: 20
          seed: 42

        """ + sourcesText(folder: "")
    }

    /// Writes the data files, the native files of the latest year, the
    /// built-in catalog and a pipeline file into
    /// `directory`, all at once (staged beside it, then renamed into place);
    /// returns the paths written. A folder that exists must be empty or an
    /// earlier sample (it holds `.msoko-sample`).
    @discardableResult
    public func write(to directory: URL) throws -> [String] {
        let output = OutputFolder(destination: directory, marker: SampleDistrict.marker)
        let all = files() + [
            ("indicators.yaml", BuiltinFiles.catalogText), ("measures.yaml", BuiltinFiles.measuresText),
            ("pipeline.yaml", pipelineText()),
            (SampleDistrict.marker, "Written by `msoko sample --schools \(schoolCount) --seed \(seed)`; msoko may replace this folder.\n"),
        ]
        for (name, contents) in all { output.add(name, contents) }
        for (name, data) in try nativeFiles() { output.add(name, data: data) }
        try output.commit()
        return output.paths.map { output.destination.appendingPathComponent($0).path }
    }

    /// The file that marks a folder as a sample msoko may replace.
    public static let marker = ".msoko-sample"
}
