import Foundation
import Testing
@testable import MsokoModel

@Suite("Indicator catalog")
struct CatalogTests {
    static let header = """
        areas:
          - id: contests
            name: {ru: "Конкурсы", en: "Contests"}
        indicators:

        """

    func parse(_ indicators: String) throws -> Catalog {
        try Catalog.parse(Self.header + indicators, file: "indicators.yaml")
    }

    func errorLine(_ indicators: String) -> (line: Int?, message: String)? {
        do {
            _ = try parse(indicators)
            return nil
        } catch let error as ConfigurationError {
            return (error.line, error.message)
        } catch {
            return (nil, "\(error)")
        }
    }

    @Test("role: context is read, may omit the area, and splits the catalog; an outcome still needs an area; an unknown role names its line")
    func contextRole() throws {
        let outcome = """
              - id: contest_participation
                name: {ru: "Участники", en: "Participants"}
                area: contests
                unit: percent
                direction: up

            """
        let catalog = try parse(outcome + """
              - id: low_income_share
                name: {ru: "Малоимущие", en: "Low income"}
                role: context
                unit: percent
                direction: down
            """)
        #expect(catalog.indicators.map(\.role) == [.outcome, .context])
        #expect(catalog.indicator("low_income_share")?.area == "")
        #expect(catalog.outcomes.indicators.map(\.id) == ["contest_participation"])
        #expect(catalog.contextIndicators.map(\.id) == ["low_income_share"])
        let noArea = errorLine(outcome + """
              - id: other
                name: {ru: "Другой", en: "Other"}
                unit: percent
                direction: up
            """)
        #expect(noArea?.line == 10 && noArea?.message.contains("only a `role: context` indicator") == true)
        let badRole = errorLine(outcome + """
              - id: other
                name: {ru: "Другой", en: "Other"}
                role: condition
                unit: percent
                direction: up
            """)
        #expect(badRole?.line == 12 && badRole?.message.contains("unknown role `condition`") == true)
        let onlyContext = errorLine("""
              - id: low_income_share
                name: {ru: "Малоимущие", en: "Low income"}
                role: context
                unit: percent
                direction: down
            """)
        #expect(onlyContext?.message.contains("only context indicators") == true)
    }

    @Test("a valid entry is read with its unit, direction, target, weight and defaults")
    func valid() throws {
        let catalog = try parse("""
              - id: contest_participation
                name: {ru: "Участники", en: "Participants"}
                area: contests
                unit: percent
                direction: up
                target: 70
                goal: 7
            """)
        let indicator = try #require(catalog.indicator("contest_participation"))
        #expect(indicator.unit == .percent)
        #expect(indicator.direction == .up)
        #expect(indicator.target == 70)
        #expect(indicator.weight == 1)
        #expect(indicator.roadmapGoal == 7)
        #expect(indicator.frequency == .year)
        #expect(indicator.line == 5)
    }

    @Test("an unknown area is an error on the line of `area`")
    func unknownArea() throws {
        let error = try #require(errorLine("""
              - id: a
                name: {ru: "А", en: "A"}
                area: nowhere
                unit: percent
                direction: up
            """))
        #expect(error.line == 7)
        #expect(error.message.contains("unknown area `nowhere`"))
    }

    @Test("a duplicate indicator id is an error on the second entry's line")
    func duplicate() throws {
        let error = try #require(errorLine("""
              - id: a
                name: {ru: "А", en: "A"}
                area: contests
                unit: count
                direction: up
              - id: a
                name: {ru: "Б", en: "B"}
                area: contests
                unit: count
                direction: up
            """))
        #expect(error.line == 10)
        #expect(error.message.contains("duplicate indicator id `a`"))
    }

    @Test("a percent target outside 0…100 is an error on the line of `target`")
    func targetRange() throws {
        let error = try #require(errorLine("""
              - id: a
                name: {ru: "А", en: "A"}
                area: contests
                unit: percent
                direction: up
                target: 120
            """))
        #expect(error.line == 10)
        #expect(error.message.contains("outside 0…100"))
    }

    @Test("a missing direction is an error naming the entry's line")
    func missingDirection() throws {
        let error = try #require(errorLine("""
              - id: a
                name: {ru: "А", en: "A"}
                area: contests
                unit: count
            """))
        #expect(error.line == 5)
        #expect(error.message.contains("has no `direction`"))
    }

    @Test("a misspelt key is an error, not a silent default")
    func unknownKey() throws {
        let error = try #require(errorLine("""
              - id: a
                name: {ru: "А", en: "A"}
                area: contests
                unit: count
                direction: up
                wieght: 2
            """))
        #expect(error.line == 10)
        #expect(error.message.contains("unknown key `wieght`"))
    }

    @Test("minimum_base is read, and must be positive")
    func minimumBase() throws {
        let catalog = try parse("""
              - id: a
                name: {ru: "А", en: "A"}
                area: contests
                unit: percent
                direction: up
                minimum_base: 5
            """)
        #expect(catalog.indicator("a")?.minimumBase == 5)
        #expect(errorLine("""
              - id: a
                name: {ru: "А", en: "A"}
                area: contests
                unit: percent
                direction: up
                minimum_base: 0
            """)?.message.contains("must be positive") == true)
    }

    @Test("a negative count target and a yes/no target other than 0/1 are errors")
    func otherRanges() throws {
        #expect(errorLine("""
              - id: a
                name: {ru: "А", en: "A"}
                area: contests
                unit: count
                direction: down
                target: -1
            """)?.message.contains("must not be negative") == true)
        #expect(errorLine("""
              - id: a
                name: {ru: "А", en: "A"}
                area: contests
                unit: bool
                direction: up
                target: 0.5
            """)?.message.contains("must be 1 or 0") == true)
    }

    @Test("the district catalog has the 11 road map goals, the road map's targets, and ≥ 3 indicators in every area")
    func districtCatalog() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Pipelines/indicators.yaml").standardizedFileURL.path
        let catalog = try Catalog.load(path: path)
        #expect(Set(catalog.indicators.compactMap(\.roadmapGoal)) == Set(1...11))
        for area in catalog.areas {
            #expect(catalog.indicators(inArea: area.id).count >= 3, "area \(area.id)")
        }
        #expect(catalog.areas.count >= 10)
        // Goal 2 (satisfaction) has two indicators, students' and parents'; neither has a target.
        let targets = Dictionary(catalog.indicators.compactMap { indicator in
            indicator.roadmapGoal.map { ($0, indicator.target) }
        }, uniquingKeysWith: { first, _ in first })
        #expect(targets[7] == 70)
        #expect(targets[8] == 56)
        #expect(targets[9] == 70)
        for goal in [1, 5, 6, 10, 11] { #expect(targets[goal] == 1, "goal \(goal) is a yes/no fact for every school") }
        for indicator in catalog.indicators {
            #expect(!indicator.name.ru.isEmpty && !indicator.name.en.isEmpty)
            #expect(indicator.source != nil)
        }
    }
}
