import MsokoAnalysis
import MsokoModel

/// Hand-sized fixtures: a catalog of two areas and six indicators, and
/// helpers to write observations in one line each.
enum Toy {
    static let catalogText = """
    areas:
      - id: results
        name: {ru: "Результаты", en: "Results"}
      - id: prevention
        name: {ru: "Профилактика", en: "Prevention"}
    indicators:
      - id: participation
        name: {ru: "Участие", en: "Participation"}
        area: results
        unit: percent
        direction: up
        target: 70
        weight: 2
        goal: 7
      - id: full_coverage
        name: {ru: "Охват", en: "Coverage"}
        area: results
        unit: percent
        direction: up
        target: 100
      - id: clubs
        name: {ru: "Кружки", en: "Clubs"}
        area: results
        unit: count
        direction: up
      - id: absences
        name: {ru: "Пропуски", en: "Absences"}
        area: prevention
        unit: percent
        direction: down
        target: 2
        frequency: term
      - id: offences
        name: {ru: "Правонарушения", en: "Offences"}
        area: prevention
        unit: per_100
        direction: down
        goal: 4
      - id: council
        name: {ru: "Совет профилактики", en: "Prevention council"}
        area: prevention
        unit: bool
        direction: up
        target: 1
        goal: 5
    """

    static let catalog: Catalog = try! Catalog.parse(catalogText, file: "toy.yaml")

    static func indicator(_ id: String) -> Indicator { catalog.indicator(id)! }

    static let measuresText = """
    measures:
      - id: seminar
        roadmap: "5.1, 5.9"
        text: {ru: "Семинар для заместителей директоров", en: "Seminar for deputy heads"}
      - id: course
        roadmap: "5.2"
        text: {ru: "Курсы повышения квалификации", en: "Training course"}
      - id: materials
        roadmap: "5.10"
        text: {ru: "Методические материалы", en: "Methodical materials"}
      - id: bank
        roadmap: "5.6"
        text: {ru: "Банк лучших практик", en: "Bank of best practices"}
    rules:
      - area: "*"
        kind: confirmed
        measures: [seminar, course]
      - area: "*"
        kind: possible
        measures: [materials]
      - area: "*"
        kind: early_warning
        measures: [seminar]
      - area: prevention
        kind: confirmed
        indicators: [offences]
        measures: [materials]
    best_practice: [bank]
    """

    static let measures: MeasureCatalog = try! MeasureCatalog.parse(measuresText, file: "measures.yaml", catalog: catalog)

    static func observation(_ school: String, _ period: String, _ indicator: String, _ value: Double?,
                            base: Double? = nil, line: Int = 2) -> Observation {
        Observation(schoolID: school, period: Period(period)!, indicatorID: indicator, value: value, base: base,
                           source: SourceRow(file: "toy.csv", line: line))
    }

    static func dataset(_ observations: [Observation]) -> Dataset {
        let ids = Set(observations.map(\.schoolID)).sorted()
        return Dataset(schools: ids.map { School(id: $0, name: "School \($0)", source: SourceRow(file: "schools.csv", line: 2)) },
                       observations: observations, rejects: [], inputs: [])
    }

    /// A yearly series 2019/20 … for one school and indicator.
    static func yearly(_ school: String, _ indicator: String, _ values: [Double], from start: Int = 2019,
                       base: Double? = nil) -> [Observation] {
        values.enumerated().map { offset, value in
            observation(school, Period(startYear: start + offset).description, indicator, value, base: base)
        }
    }

    static func settings(_ change: (inout AnalysisSettings) -> Void = { _ in }) -> AnalysisSettings {
        var settings = AnalysisSettings(sensitivity: SensitivitySettings(draws: 200))
        change(&settings)
        return settings
    }

    static func run(_ observations: [Observation], period: String = "2023/24",
                    settings: AnalysisSettings = Toy.settings()) throws -> TermAnalysisResult {
        try TermAnalysis.run(dataset: dataset(observations), catalog: catalog, settings: settings, measures: measures,
                             period: Period(period)!, language: .en)
    }
}
