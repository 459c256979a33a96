import MsokoLinearAlgebra
import MsokoStatistics

/// A survey source's definition that cannot be used, with what to fix.
public struct SurveyScaleError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The `scale:` of a survey source (docs/contract.md §7.2): answer texts and their
/// scores, e.g. «полностью согласен» = 5 … «полностью не согласен» = 1.
/// Texts are compared under `TextKey.fold` (case, surrounding spaces, ё/е).
public struct SurveyScale: Sendable {
    private let scores: [String: Double]
    /// The smallest and largest score: the ends of the 0–100 range.
    public let minimum: Double
    public let maximum: Double

    /// - Throws: `SurveyScaleError` for an empty scale, an empty text, two
    ///   texts that fold to the same key, a non-finite score, or scores that
    ///   are all equal (the 0–100 value would divide by zero).
    public init(_ entries: [(text: String, score: Double)]) throws {
        guard !entries.isEmpty else { throw SurveyScaleError("the survey scale is empty: map each answer text to a score") }
        var scores: [String: Double] = [:]
        for entry in entries {
            let key = TextKey.fold(entry.text)
            guard !key.isEmpty else { throw SurveyScaleError("the survey scale has an empty answer text") }
            guard entry.score.isFinite else {
                throw SurveyScaleError("the survey scale gives «\(entry.text)» the score \(entry.score); scores must be finite numbers")
            }
            guard scores[key] == nil else {
                throw SurveyScaleError("the survey scale lists «\(entry.text)» twice (case, spaces and ё/е are ignored)")
            }
            scores[key] = entry.score
        }
        let minimum = scores.values.min()!, maximum = scores.values.max()!
        guard minimum < maximum else {
            throw SurveyScaleError("every text of the survey scale has the score \(minimum); a scale needs at least two different scores")
        }
        self.scores = scores
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The score of an answer text, or `nil` for an empty text or one
    /// outside the scale (both are missing answers).
    public func score(_ answer: String) -> Double? { scores[TextKey.fold(answer)] }

    /// Whether a folded text is one of the scale's answers.
    fileprivate func contains(folded key: String) -> Bool { scores[key] != nil }
    fileprivate func score(folded key: String) -> Double? { scores[key] }
}

/// One respondent row of a survey export, its school already matched.
public struct SurveyRespondent: Sendable {
    /// Index into the caller's school list.
    public var school: Int
    /// The row's place in its file (not used by the arithmetic; kept for
    /// the caller's counting and messages).
    public var line: Int
    /// The raw texts of the question columns, in order. A row shorter than
    /// the widest one has its missing trailing answers empty.
    public var answers: [String]

    public init(school: Int, line: Int, answers: [String]) {
        self.school = school
        self.line = line
        self.answers = answers
    }
}

/// A school's row of `tables/surveys.csv`.
public struct SurveySchoolResult: Sendable, Equatable {
    public var school: Int
    /// Counted respondents: those who answered at least half the items.
    public var respondents: Int
    /// The 0–100 value; `nil` when `respondents` is below the minimum base
    /// (or zero), and then `low`, `high` and `alpha` are `nil` too.
    public var value: Double?
    /// The t-interval of the mean of the respondents' 0–100 values at the
    /// given confidence; `nil` with fewer than 2 respondents.
    public var low: Double?
    public var high: Double?
    /// Cronbach's α over counted respondents who answered every item; `nil`
    /// below 2 items, below 3 such respondents, or with zero total variance.
    public var alpha: Double?

    public init(school: Int, respondents: Int, value: Double?, low: Double?, high: Double?, alpha: Double?) {
        self.school = school
        self.respondents = respondents
        self.value = value
        self.low = low
        self.high = high
        self.alpha = alpha
    }
}

/// What a question's column held outside the scale, over every respondent
/// row of the file (counted or not).
public struct SurveyQuestionReport: Sendable, Equatable {
    /// 0-based position among the question columns.
    public var question: Int
    /// Non-empty answers whose text is not in the scale.
    public var outsideScale: Int
    /// Empty answers (blank after folding).
    public var empty: Int
    /// Distinct outside texts (folded: lowercase, ё as е, spaces folded)
    /// that occur at least `minimumBase` times, with their counts. Rarer
    /// texts are never quoted: they may be free text or personal data.
    public var quotedTexts: [String: Int]

    public init(question: Int, outsideScale: Int, empty: Int, quotedTexts: [String: Int]) {
        self.question = question
        self.outsideScale = outsideScale
        self.empty = empty
        self.quotedTexts = quotedTexts
    }
}

public struct SurveyAggregate: Sendable {
    /// Ordered by school index; only schools with at least one respondent row.
    public var schools: [SurveySchoolResult]
    /// One per question column.
    public var questions: [SurveyQuestionReport]
    /// Respondent rows not counted (too few answers): the skipped rows of
    /// docs/contract.md §7.2's counting rule.
    public var respondentsTooFewAnswers: Int
}

/// The arithmetic of a `kind: survey` source (docs/contract.md §7.2). Pure: rows
/// whose school is matched come in, the school aggregates come out.
public enum SurveyAggregation {
    /// Whether a respondent who answered `answered` of `items` items counts
    /// in the school's value: at least half of the items (3 of 5, 2 of 4)
    /// and at least one (docs/contract.md §7.2).
    public static func counts(answered: Int, items: Int) -> Bool {
        answered > 0 && answered * 2 >= items
    }

    /// - Parameters:
    ///   - respondents: the file's respondent rows, schools matched.
    ///   - scale: the answer texts' scores.
    ///   - confidence: the pipeline's `confidence`, in (0, 1).
    ///   - minimumBase: the indicator's `minimum_base`; `nil` = none, so
    ///     every school with a counted respondent has a value, and no
    ///     outside text is ever quoted (no threshold makes quoting safe).
    ///
    /// Rules:
    /// - An answer is its scale score; an empty cell or another text is
    ///   missing. The number of items k is the widest row's answer count.
    /// - A respondent counts when answered · 2 ≥ k ("at least half the
    ///   items": 3 of 5, 2 of 4) and answered ≥ 1. Their score is the mean
    ///   of the answered items, and their 0–100 value
    ///   (score − minimum) / (maximum − minimum) × 100.
    /// - The school's value is the mean of those values; `low`/`high` are
    ///   mean ∓ t₍₁₊c₎/₂(n − 1) · s / √n with s the sample standard
    ///   deviation (ddof 1), as scipy `stats.t.interval(c, n − 1, loc=mean,
    ///   scale=sem)`.
    /// - α is `Reliability.cronbachAlpha` on the raw scores of the counted
    ///   respondents who answered all k items.
    /// - Below `minimumBase` counted respondents only `respondents` is given.
    public static func aggregate(_ respondents: [SurveyRespondent], scale: SurveyScale,
                                 confidence: Double, minimumBase: Double?) -> SurveyAggregate {
        precondition(confidence > 0 && confidence < 1, "confidence must lie in (0, 1), got \(confidence)")
        let items = respondents.map(\.answers.count).max() ?? 0
        var outside = [Int](repeating: 0, count: items)
        var empty = [Int](repeating: 0, count: items)
        var outsideTexts = [[String: Int]](repeating: [:], count: items)
        // Per school: the counted respondents' 0–100 values and complete score rows.
        var values: [Int: [Double]] = [:]
        var complete: [Int: [[Double]]] = [:]
        var tooFew = 0
        var keys = TextKey.Cache()

        for respondent in respondents {
            var scores: [Double] = []
            scores.reserveCapacity(items)
            for question in 0..<items {
                let key = question < respondent.answers.count ? keys.fold(respondent.answers[question]) : ""
                if let score = scale.score(folded: key) {
                    scores.append(score)
                } else if key.isEmpty {
                    empty[question] += 1
                } else {
                    outside[question] += 1
                    outsideTexts[question][key, default: 0] += 1
                }
            }
            if values[respondent.school] == nil { values[respondent.school] = [] }  // the school has a row
            guard counts(answered: scores.count, items: items) else {
                tooFew += 1
                continue
            }
            let score = scores.reduce(0, +) / Double(scores.count)
            values[respondent.school]!.append((score - scale.minimum) / (scale.maximum - scale.minimum) * 100)
            if scores.count == items { complete[respondent.school, default: []].append(scores) }
        }

        let schools = values.keys.sorted().map { school in
            summarise(school: school, values: values[school]!, complete: complete[school] ?? [],
                      items: items, confidence: confidence, minimumBase: minimumBase)
        }
        let questions = (0..<items).map { question in
            SurveyQuestionReport(
                question: question, outsideScale: outside[question], empty: empty[question],
                quotedTexts: minimumBase.map { base in outsideTexts[question].filter { Double($0.value) >= base } } ?? [:])
        }
        return SurveyAggregate(schools: schools, questions: questions, respondentsTooFewAnswers: tooFew)
    }

    private static func summarise(school: Int, values: [Double], complete: [[Double]], items: Int,
                                  confidence: Double, minimumBase: Double?) -> SurveySchoolResult {
        let n = values.count
        guard n > 0, Double(n) >= (minimumBase ?? 0) else {
            return SurveySchoolResult(school: school, respondents: n, value: nil, low: nil, high: nil, alpha: nil)
        }
        let mean = Descriptive.mean(values)
        var low: Double?, high: Double?
        if n >= 2 {
            let half = StudentT.quantile((1 + confidence) / 2, degreesOfFreedom: Double(n - 1))
                * Descriptive.standardDeviation(values) / Double(n).squareRoot()
            low = mean - half
            high = mean + half
        }
        // Fewer than 2 items, fewer than 3 complete respondents, or totals
        // that do not vary leave α empty (docs/contract.md §7.2).
        var alpha: Double?
        if items >= 2, complete.count >= 3 {
            alpha = try? Reliability.cronbachAlpha(Matrix(complete))
        }
        return SurveySchoolResult(school: school, respondents: n, value: mean, low: low, high: high, alpha: alpha)
    }
}
