import Testing
@testable import MsokoIngest
@testable import MsokoModel

@Suite("Canonical ingest: every row used or rejected with file, line, column and reason")
struct CanonicalIngestTests {
    static var catalog: Catalog { try! Catalog.parse("""
        areas:
          - id: contests
            name: {ru: "Конкурсы", en: "Contests"}
        indicators:
          - id: participation
            name: {ru: "Участники", en: "Participants"}
            area: contests
            unit: percent
            direction: up
            target: 70
          - id: winners
            name: {ru: "Победители", en: "Winners"}
            area: contests
            unit: count
            direction: up
          - id: programme
            name: {ru: "Программа", en: "Programme"}
            area: contests
            unit: bool
            direction: up
          - id: satisfaction
            name: {ru: "Удовлетворённость", en: "Satisfaction"}
            area: contests
            unit: percent
            direction: up
            minimum_base: 5
        """, file: "indicators.yaml") }

    /// What one observations file gave.
    struct Read {
        let observations: [Observation]
        let withheld: [WithheldValue]
        let rejects: [RejectedRow]
        let summary: InputSummary
    }

    static func index(_ schools: [String]) -> ObservationLedger {
        ObservationLedger(schools: schools.map { School(id: $0, name: $0, source: SourceRow(file: "schools.csv", line: 2)) },
                         catalog: catalog)
    }

    func observations(_ text: String, schools: [String] = ["S1", "S2"]) throws -> Read {
        var index = Self.index(schools)
        let part = try CanonicalIngest.readObservations(bytes: Array(text.utf8), file: "observations.csv", index: &index)
        return Read(observations: Array(index.observations), withheld: index.withheld, rejects: part.rejects, summary: part.summary)
    }

    @Test("each bad row is rejected with its 1-based line, column and a reason; good rows are kept")
    func rejects() throws {
        let part = try observations("""
            school_id,period,indicator,value,base
            S1,2023/24,participation,75.5,120
            S9,2023/24,participation,75,
            S1,2023/2024,participation,75,
            S1,2023/24,unknown,1,
            S1,2022/23,participation,"75,5",
            S1,2022/23-2,participation,120,
            S1,2023/24,participation,80,
            S2,2023/24,programme,2,
            S2,2023/24,winners,-1,
            S2,2023/24-1,winners,3
            S2,2022/23,participation,,
            S2,2022/23,winners,30,20
            S2,2021/22,winners,5,0

            """)
        #expect(part.observations.count == 2)
        #expect(part.summary.rowsRead == 13)
        #expect(part.summary.rowsAccepted + part.summary.rowsRejected == part.summary.rowsRead)
        #expect(part.rejects.count == 11)
        let byLine = Dictionary(uniqueKeysWithValues: part.rejects.map { ($0.line, $0) })
        #expect(byLine[3]?.column == "school_id")
        #expect(byLine[3]?.reason.contains("unknown school") == true)
        #expect(byLine[4]?.column == "period")
        #expect(byLine[5]?.column == "indicator")
        #expect(byLine[6]?.column == "value")
        #expect(byLine[6]?.reason.contains("a decimal comma in a comma-separated file") == true)
        #expect(byLine[7]?.reason.contains("0…100") == true)
        #expect(byLine[8]?.reason.contains("duplicate of line 2") == true)
        #expect(byLine[9]?.reason.contains("1 or 0") == true)
        #expect(byLine[10]?.reason.contains("negative") == true)
        #expect(byLine[11]?.reason.contains("4 fields") == true)
        #expect(byLine[11]?.column == "base")
        #expect(byLine[13]?.reason.contains("exceeds its base") == true)
        #expect(byLine[14]?.column == "base")
        #expect(part.rejects.allSatisfy { $0.file == "observations.csv" })
    }

    @Test("an empty value is a missing observation, kept and marked missing, not rejected")
    func missingValue() throws {
        let part = try observations("school_id,period,indicator,value,base\nS1,2023/24,participation,,\nS2,2023/24,participation,  ,  \n")
        #expect(part.rejects.isEmpty)
        #expect(part.observations.count == 2)
        #expect(part.observations.allSatisfy { $0.value == nil && $0.base == nil }, "spaces only count as empty")
    }

    @Test("a survey value from fewer respondents than minimum_base is withheld: kept as missing, its figure nowhere")
    func withheld() throws {
        let part = try observations("""
            school_id,period,indicator,value,base
            S1,2023/24,satisfaction,75,4
            S2,2023/24,satisfaction,80,5
            S1,2022/23,satisfaction,70,

            """)
        #expect(part.rejects.isEmpty)
        #expect(part.observations.count == 3, "every row is used: rows read = accepted + rejected")
        #expect(part.observations[0].value == nil)
        #expect(part.observations[1].value == 80, "5 respondents is enough")
        #expect(part.observations[2].value == 70, "without a base the rule cannot apply")
        #expect(part.withheld.map(\.source.line) == [2])
        #expect(part.withheld.first?.base == 4)
    }

    @Test("every later duplicate names the row holding its key, also after the first duplicate is found")
    func repeatedDuplicates() throws {
        let part = try observations("""
            school_id,period,indicator,value
            S1,2023/24,participation,70
            S1,2023/24,participation,71
            S2,2023/24,participation,72
            S2,2023/24,participation,73
            S1,2023/24,participation,74
            S2,2022/23,participation,75

            """)
        #expect(part.observations.map(\.value) == [70, 72, 75])
        #expect(part.rejects.map(\.line) == [3, 5, 6])
        #expect(part.rejects.map(\.reason) == [2, 4, 2].map {
            "duplicate of line \($0): a second value for the same school, period and indicator"
        })
    }

    @Test("a duplicate across two observation files names the first file and line")
    func duplicateAcrossFiles() throws {
        var index = Self.index(["S1"])
        let text = "school_id,period,indicator,value\nS1,2023/24,participation,71\n"
        _ = try CanonicalIngest.readObservations(bytes: Array(text.utf8), file: "a.csv", index: &index)
        let second = try CanonicalIngest.readObservations(bytes: Array(text.utf8), file: "b.csv", index: &index)
        #expect(second.rejects.first?.reason.contains("a.csv line 2") == true)
    }

    @Test("a missing required column is a file error naming line 1 and the column")
    func missingColumn() {
        #expect(throws: IngestError(file: "observations.csv", line: 1, column: "value",
                                    "the header lacks the required column `value` (found: school_id, period, indicator)")) {
            try observations("school_id,period,indicator\nS1,2023/24,participation\n")
        }
    }

    @Test("schools: invalid, duplicate and reserved ids, empty names and bad student counts are rejected; names keep any Unicode")
    func schools() throws {
        let text = """
            school_id,name,students
            S1,"Школа «Наука & Спорт» <1>",120
            S 2,Bad id,10
            S1,Duplicate,10
            S3,,10
            S4,School four,many
            S5,School five,
            district,A school named like the district,10

            """
        let part = try CanonicalIngest.readSchools(bytes: Array(text.utf8), file: "schools.csv")
        #expect(part.schools.map(\.id) == ["S1", "S5"])
        #expect(part.schools[0].name == "Школа «Наука & Спорт» <1>")
        #expect(part.schools[0].students == 120)
        #expect(part.rejects.map(\.line) == [3, 4, 5, 6, 8])
        #expect(part.rejects.map(\.column) == ["school_id", "school_id", "name", "students", "school_id"])
        #expect(part.rejects.last?.reason.contains("reserved") == true, "`district` names the district's own trend rows")
        #expect(part.summary.rowsRead == 7)
        #expect(part.summary.rowsRejected == 5)
    }
}
