import Testing
@testable import MsokoModel

@Suite("Observation panel: columns in, the same observations out; series by school and indicator")
struct ObservationPanelTests {
    static let observations: [Observation] = [
        Observation(schoolID: "S2", period: Period("2023/24")!, indicatorID: "b", value: 3, base: 40,
                    source: SourceRow(file: "o.csv", line: 2)),
        Observation(schoolID: "S1", period: Period("2023/24-2")!, indicatorID: "a", value: nil,
                    source: SourceRow(file: "form.xlsx!Лист1", line: 7, column: "Показатель")),
        Observation(schoolID: "S1", period: Period("2022/23")!, indicatorID: "a", value: -0.0, base: nil,
                    source: SourceRow(file: "o.csv", line: 4, original: "old.csv:9")),
        Observation(schoolID: "S1", period: Period("2023/24-1")!, indicatorID: "a", value: 1e300,
                    source: SourceRow(file: "o.csv", line: 5)),
        Observation(schoolID: "S1", period: Period("2023/24")!, indicatorID: "a", value: .nan,
                    source: SourceRow(file: "o.csv", line: 1_000_000_000_000)),
    ]

    @Test("every observation comes back exactly: ids, period, value or none, base or none, file, line, column, original")
    func roundTrip() {
        let panel = ObservationPanel(Self.observations)
        #expect(panel.count == Self.observations.count)
        for (row, observation) in Self.observations.enumerated() {
            let back = panel[row]
            #expect(back.schoolID == observation.schoolID && back.indicatorID == observation.indicatorID)
            #expect(back.period == observation.period && back.base == observation.base && back.source == observation.source)
            #expect(back.value?.bitPattern == observation.value?.bitPattern, "a value, even NaN or -0, is kept bit for bit; none stays none")
        }
        #expect(panel.presentPeriods() == ["2022/23", "2023/24-1", "2023/24-2", "2023/24"].map { Period($0)! })
        #expect(panel.presentPeriods(withValue: true) == ["2022/23", "2023/24-1", "2023/24"].map { Period($0)! })
    }

    @Test("codes seeded from the schools table and the catalog are their positions, even for ids no row uses")
    func seededCodes() {
        var panel = ObservationPanel(schoolIDs: ["S1", "S2", "S3"], indicatorIDs: ["a", "b"])
        #expect(panel.schoolCode("S3") == 2 && panel.indicatorCode("b") == 1)
        for observation in Self.observations { panel.append(observation) }
        #expect(panel.schoolIDs == ["S1", "S2", "S3"], "no id is added twice")
        #expect(panel.map(\.schoolID) == Self.observations.map(\.schoolID))
        #expect(panel.map(\.source) == Self.observations.map(\.source))
    }

    @Test("a series lists its rows in period order; the year stands for itself, else its latest term with a value")
    func seriesAndStandingRow() throws {
        let panel = ObservationPanel(Self.observations)
        let index = ObservationIndex(panel)
        let school = try #require(panel.schoolCode("S1")), indicator = try #require(panel.indicatorCode("a"))
        #expect(index.rows(school: school, indicator: indicator).map { panel[Int($0)].source.line } == [4, 5, 7, 1_000_000_000_000])
        #expect(index.row(school: school, indicator: indicator, period: Period("2023/24")!) == 4, "the year's own row")
        #expect(index.observation(school: "S1", indicator: "a", period: Period("2023/24-2")!) == nil, "an empty term is missing")
        #expect(index.observation(school: "S1", indicator: "a", period: Period("2023/24-1")!)?.value == 1e300)
        #expect(index.series(school: "S3", indicator: "a").isEmpty && index.series(school: "S2", indicator: "b").count == 1)

        // Without the year's row, the latest term with a value stands for the year.
        let terms = ObservationPanel(Self.observations.dropLast())
        #expect(ObservationIndex(terms).observation(school: "S1", indicator: "a", period: Period("2023/24")!)?.source.line == 5)
    }
}
