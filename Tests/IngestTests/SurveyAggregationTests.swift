import Foundation
import Testing
@testable import MsokoIngest
import MsokoTestSupport

/// The raw fixtures of the aggregation tests (`Fixtures/aggregates/`, written
/// by `generate.py`; reference values by `reference.py`), read through
/// `TableDocument` as the sources read them.
enum AggregateFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/aggregates")

    /// The rows after the header, with their lines, as strings.
    static func rows(_ name: String) throws -> [(line: Int, cells: [String])] {
        let path = directory.appendingPathComponent(name).path
        let document = try TableDocument(delimited: Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        var cursor = document.makeCursor()
        var cells: [CSVField] = []
        var rows: [(Int, [String])] = []
        while let line = try cursor.next(into: &cells) {
            if line > 1 { rows.append((line, cells.map { document.string($0) ?? "" })) }
        }
        return rows
    }

    /// `students` per school index from `schools.csv` (empty = unknown).
    static func students() throws -> [Int?] {
        try rows("schools.csv").map { Int($0.cells[1]) }
    }
}

@Suite("Survey aggregation (docs/contract.md §7.2)")
struct SurveyAggregationTests {
    static let scale: [(text: String, score: Double)] = [
        ("полностью согласен", 5), ("скорее согласен", 4), ("затрудняюсь ответить", 3),
        ("скорее не согласен", 2), ("полностью не согласен", 1),
    ]

    func fixture(minimumBase: Double? = 5) throws -> SurveyAggregate {
        let respondents = try AggregateFixtures.rows("survey.csv").map {
            SurveyRespondent(school: Int($0.cells[0])!, line: $0.line, answers: Array($0.cells.dropFirst()))
        }
        return SurveyAggregation.aggregate(respondents, scale: try SurveyScale(Self.scale),
                                           confidence: 0.95, minimumBase: minimumBase)
    }

    @Test("school value, t-interval and Cronbach's α agree with pandas/scipy on the raw export")
    func agreesWithReference() throws {
        // (school, respondents, value, low, high, alpha) from
        // Fixtures/aggregates/reference.py: pandas 3.1.1, numpy 2.4.6, scipy 1.17.1;
        // interval mean ± scipy.stats.t.ppf(0.975, n - 1) · std(ddof=1) / √n,
        // α = k/(k−1)·(1 − Σ var(ddof=1) / var(totals, ddof=1)) in numpy.
        let expected: [(Int, Int, Double?, Double?, Double?, Double?)] = [
            (0, 14, 67.5, 56.85885734197062, 78.14114265802938, 0.9546703296703296),
            (1, 11, 46.47727272727273, 31.315831074524787, 61.638714380020666, 0.9563253012048192),
            (2, 3, nil, nil, nil, nil),
            (3, 9, 54.25925925925927, 38.87857892272305, 69.63993959579548, nil),
        ]
        let result = try fixture()
        #expect(result.schools.count == expected.count)
        for (school, row) in zip(result.schools, expected) {
            #expect(school.school == row.0)
            #expect(school.respondents == row.1)
            #expect(isApproximatelyEqual(school.value, row.2, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "value of school \(row.0)")
            #expect(isApproximatelyEqual(school.low, row.3, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "low of school \(row.0)")
            #expect(isApproximatelyEqual(school.high, row.4, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "high of school \(row.0)")
            #expect(isApproximatelyEqual(school.alpha, row.5, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "alpha of school \(row.0)")
        }
        #expect(result.respondentsTooFewAnswers == 3)
    }

    @Test("answers outside the scale and empty answers are counted per question, as pandas counts them")
    func questionReports() throws {
        // (outside, empty) per question from reference.py (pandas 3.1.1 value_counts).
        let result = try fixture()
        #expect(result.questions.map(\.question) == [0, 1, 2, 3, 4])
        #expect(result.questions.map(\.outsideScale) == [0, 6, 1, 4, 0])
        #expect(result.questions.map(\.empty) == [3, 6, 5, 5, 6])
    }

    @Test("an outside text is quoted only where it occurs at least minimum_base times")
    func quotingThreshold() throws {
        let atFive = try fixture(minimumBase: 5)
        // «не знаю» 6 times (in four spellings) in q2; «нет ответа» 4 times in q4;
        // a child's name once in q3.
        #expect(atFive.questions[1].quotedTexts == ["не знаю": 6])
        #expect(atFive.questions[3].quotedTexts.isEmpty)
        #expect(atFive.questions[2].quotedTexts.isEmpty)
        let atFour = try fixture(minimumBase: 4)
        #expect(atFour.questions[3].quotedTexts == ["нет ответа": 4])
        #expect(atFour.questions[2].quotedTexts.isEmpty)
        let withoutBase = try fixture(minimumBase: nil)
        #expect(withoutBase.questions.allSatisfy { $0.quotedTexts.isEmpty })
    }

    @Test("a school below minimum_base keeps only its respondent count: no value, interval or α")
    func belowMinimumBase() throws {
        let school = try #require(try fixture().schools.first { $0.school == 2 })
        #expect(school == SurveySchoolResult(school: 2, respondents: 3, value: nil, low: nil, high: nil, alpha: nil))
        // Without a minimum base the same 3 respondents give a figure.
        let open = try #require(try fixture(minimumBase: nil).schools.first { $0.school == 2 })
        #expect(open.value != nil && open.low != nil)
    }

    @Test("a respondent counts when answered · 2 ≥ items: 2 of 4 counts, 2 of 5 does not")
    func halfTheItems() throws {
        let scale = try SurveyScale([("да", 1), ("нет", 0)])
        let four = SurveyAggregation.aggregate(
            [SurveyRespondent(school: 0, line: 2, answers: ["да", "", "нет", "?"])],
            scale: scale, confidence: 0.95, minimumBase: nil)
        #expect(four.schools == [SurveySchoolResult(school: 0, respondents: 1, value: 50, low: nil, high: nil, alpha: nil)])
        let five = SurveyAggregation.aggregate(
            [SurveyRespondent(school: 0, line: 2, answers: ["да", "", "нет", "?", ""])],
            scale: scale, confidence: 0.95, minimumBase: nil)
        #expect(five.respondentsTooFewAnswers == 1)
        #expect(five.schools == [SurveySchoolResult(school: 0, respondents: 0, value: nil, low: nil, high: nil, alpha: nil)])
    }

    @Test("α is empty when the complete respondents' totals do not vary")
    func alphaZeroVariance() throws {
        let scale = try SurveyScale([("да", 1), ("нет", 0)])
        let same = (0..<4).map { SurveyRespondent(school: 0, line: $0 + 2, answers: ["да", "нет"]) }
        let result = SurveyAggregation.aggregate(same, scale: scale, confidence: 0.95, minimumBase: nil)
        #expect(result.schools[0].alpha == nil)
        #expect(result.schools[0].value == 50 && result.schools[0].low == 50 && result.schools[0].high == 50)
    }

    @Test("the scale folds case, spaces and ё/е, and rejects an empty, duplicate or flat scale")
    func scaleRules() throws {
        let scale = try SurveyScale([("Скорее согласен", 4), ("ещё нет", 1)])
        #expect(scale.score("  СКОРЕЕ\u{00A0}согласен ") == 4)
        #expect(scale.score("еще нет") == 1)
        #expect(scale.score("") == nil)
        #expect(scale.score("не знаю") == nil)
        #expect(scale.minimum == 1 && scale.maximum == 4)
        #expect(thrownMessage(SurveyScaleError.self) { try SurveyScale([]) } == "the survey scale is empty: map each answer text to a score")
        #expect(thrownMessage(SurveyScaleError.self) { try SurveyScale([("Да", 1), (" да", 0)]) } == "the survey scale lists « да» twice (case, spaces and ё/е are ignored)")
        #expect(thrownMessage(SurveyScaleError.self) { try SurveyScale([("да", 1), ("тоже да", 1)]) } == "every text of the survey scale has the score 1.0; a scale needs at least two different scores")
    }
}
