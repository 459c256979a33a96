import Testing
@testable import MsokoIngest
import MsokoTestSupport

@Suite("Contest and enrolment aggregation (docs/contract.md §7.2)")
struct ContestAggregationTests {
    func fixture() throws -> ContestAggregate {
        let entries = try AggregateFixtures.rows("contests.csv").map {
            ContestEntry(school: Int($0.cells[0])!, line: $0.line, student: $0.cells[1], level: $0.cells[3], result: $0.cells[4])
        }
        return ContestAggregation.aggregate(entries, students: try AggregateFixtures.students())
    }

    @Test("participation, prize shares by level and prize rate agree with pandas nunique on the raw list")
    func agreesWithReference() throws {
        // From Fixtures/aggregates/reference.py (pandas 3.1.1 groupby + nunique):
        // (school, participants, prize, regional, federal, international,
        //  participation, prizeShare, regionalShare, federalShare, internationalShare, prizeRate)
        let expected: [(Int, Int, Int, Int, Int, Int, Double?, Double?, Double?, Double?, Double?, Double?)] = [
            (0, 15, 8, 2, 4, 2, 12.5, 6.666666666666667, 1.6666666666666667, 3.3333333333333335, 1.6666666666666667, 53.333333333333336),
            (1, 10, 7, 1, 4, 1, 125.0, 87.5, 12.5, 50.0, 12.5, 70.0),
            (2, 6, 5, 2, 3, 0, nil, nil, nil, nil, nil, 83.33333333333334),
            (3, 8, 8, 2, 1, 2, 8.421052631578947, 8.421052631578947, 2.1052631578947367, 1.0526315789473684, 2.1052631578947367, 100.0),
        ]
        let result = try fixture()
        #expect(result.schools.count == expected.count)
        #expect(result.entriesWithoutStudent == 0)
        for (school, row) in zip(result.schools, expected) {
            #expect(school.school == row.0)
            #expect([school.participants, school.prizeWinners, school.regionalPrizeWinners,
                     school.federalPrizeWinners, school.internationalPrizeWinners] == [row.1, row.2, row.3, row.4, row.5])
            let rates = [school.participation, school.prizeShare, school.regionalShare,
                         school.federalShare, school.internationalShare, school.prizeRate]
            for (actual, reference) in zip(rates, [row.6, row.7, row.8, row.9, row.10, row.11]) {
                #expect(isApproximatelyEqual(actual, reference, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "school \(row.0): \(String(describing: actual)) vs \(String(describing: reference))")
            }
        }
    }

    @Test("rates above 100 are flagged by name; a school without students gets no share")
    func overHundred() throws {
        let result = try fixture()
        // School 1: 10 participants against 8 students.
        #expect(result.schools[1].overHundred == ["participation"])
        #expect(result.schools.filter { $0.school != 1 }.allSatisfy { $0.overHundred.isEmpty })
        #expect(result.schools[2].participation == nil && result.schools[2].prizeRate != nil)
    }

    @Test("unknown level and result texts still count for participation and are listed once per text")
    func unknownTexts() throws {
        let result = try fixture()
        #expect(result.unknownLevels == ["городской": 2, "районный": 1, "": 1])
        #expect(result.unknownResults == ["сертификат": 1, "": 1])
        let alone = ContestAggregation.aggregate(
            [ContestEntry(school: 0, line: 2, student: "X1", level: "городской", result: "сертификат"),
             ContestEntry(school: 0, line: 3, student: "X2", level: "Городской", result: "Призёр")],
            students: [10])
        #expect(alone.schools[0].participants == 2)
        #expect(alone.schools[0].prizeWinners == 1)   // a prize at an unknown level is a prize
        #expect(alone.schools[0].regionalPrizeWinners + alone.schools[0].federalPrizeWinners
                + alone.schools[0].internationalPrizeWinners == 0)
        #expect(alone.unknownLevels == ["городской": 2])
    }

    @Test("a student entering 3 contests counts once; the same id in another school is another student")
    func distinctStudents() {
        let entries = [
            ContestEntry(school: 0, line: 2, student: "A03", level: "региональный", result: "призёр"),
            ContestEntry(school: 0, line: 3, student: " A03 ", level: "Всероссийский", result: "участник"),
            ContestEntry(school: 0, line: 4, student: "A03", level: "международный", result: "Победитель"),
            ContestEntry(school: 1, line: 5, student: "A03", level: "школьный", result: "участник"),
            ContestEntry(school: 1, line: 6, student: "a03", level: "школьный", result: "участник"),
            ContestEntry(school: 1, line: 7, student: "  ", level: "школьный", result: "участник"),
        ]
        let result = ContestAggregation.aggregate(entries, students: [4, 4])
        #expect(result.schools.map(\.participants) == [1, 2])   // ids are trimmed, not case-folded
        #expect(result.schools[0].prizeWinners == 1)
        #expect(result.schools[0].regionalPrizeWinners == 1 && result.schools[0].federalPrizeWinners == 0
                && result.schools[0].internationalPrizeWinners == 1)
        #expect(result.schools[0].participation == 25)
        #expect(result.entriesWithoutStudent == 1)
    }

    @Test("levels and results read English and Russian names in any case, ё or е")
    func vocabulary() {
        #expect(ContestLevel(text: " ВСЕРОССИЙСКИЙ ") == .federal)
        #expect(ContestLevel(text: "All-Russian") == .federal)
        #expect(ContestLevel(text: "Municipal") == .municipal)
        #expect(ContestLevel(text: "районный") == nil)
        #expect(ContestResult(text: "Призёр") == .prizeWinner)
        #expect(ContestResult(text: "ПРИЗЕР") == .prizeWinner)
        #expect(ContestResult(text: "лауреат") == .prizeWinner && ContestResult(text: "Дипломант") == .prizeWinner)
        #expect(ContestResult(text: "prize winner") == .prizeWinner)
        #expect(ContestResult(text: "победитель") == .winner && ContestResult(text: "участник") == .participant)
        #expect(ContestResult(text: "сертификат") == nil)
    }

    @Test("coverage counts a child once across programmes and agrees with pandas nunique")
    func coverage() throws {
        let children = try AggregateFixtures.rows("enrolments.csv").map { (school: Int($0.cells[0])!, child: $0.cells[1]) }
        let result = ContestAggregation.coverage(children: children, students: try AggregateFixtures.students())
        // (school, children, coverage) from reference.py (pandas 3.1.1 groupby + nunique).
        let expected: [(Int, Int, Double?, Bool)] = [(0, 30, 25.0, false), (1, 9, 112.5, true), (2, 4, nil, false),
                                                     (3, 12, 12.631578947368421, false)]
        #expect(result.count == expected.count)
        for (row, reference) in zip(result, expected) {
            #expect(row.school == reference.0 && row.children == reference.1 && row.overHundred == reference.3)
            #expect(isApproximatelyEqual(row.coverage, reference.2, absoluteTolerance: 1e-9, relativeTolerance: 1e-9))
        }
    }
}
