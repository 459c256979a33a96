import Foundation
import MsokoModel

extension SourceIngest {
    // MARK: Surveys

    mutating func readSurvey(_ source: SourceSpec, summary: inout SourceSummary) throws {
        let survey = source.survey!
        let position = try indicatorPosition(survey.indicator, source: source, key: "indicator")
        let indicator = catalog.indicators[position]
        guard indicator.unit == .percent || indicator.unit == .score else {
            throw IngestError(file: configuration.path, line: source.line,
                              "the survey's indicator `\(indicator.id)` has unit \(indicator.unit.rawValue); a survey gives 0–100 (percent or score)")
        }
        let scale: SurveyScale
        do { scale = try SurveyScale(survey.scale) } catch {
            throw IngestError(file: configuration.path, line: source.line, "the survey's scale: \(error)")
        }
        let keep = Set(survey.roleKeep.map(TextKey.fold))
        var roleKeys = TextKey.Cache()
        var respondents: [SurveyRespondent] = []
        var places: [Int: SourceRow] = [:]
        var questionNames: [String] = []
        let items = survey.questions.count
        for path in try files(of: source) {
            let opened = try open(path, source)
            summary.filesRead += 1
            for document in opened.documents {
                let rows = try Self.rows(document)
                let required = [survey.schoolColumn] + (survey.roleColumn.map { [$0] } ?? [])
                let header = try Self.header(in: rows, required: required, document: document)
                let headerCells = rows[header.row].cells
                guard survey.questions.upperBound <= headerCells.count else {
                    throw IngestError(file: document.file, line: rows[header.row].line,
                                      "`questions` ends at column \(survey.questions.upperBound), but the table has \(headerCells.count) columns")
                }
                if questionNames.isEmpty {
                    questionNames = survey.questions.map { headerCells[$0 - 1].isEmpty ? "column \($0)" : headerCells[$0 - 1] }
                }
                let schoolColumn = header.positions[TextKey.fold(survey.schoolColumn)]!
                let roleColumn = survey.roleColumn.map { header.positions[TextKey.fold($0)]! }
                var used = 0
                var skipped: [String: Int] = header.row > 0 ? ["above the header": header.row] : [:]
                var rejects: [RejectedRow] = []
                for row in rows[(header.row + 1)...] {
                    func cell(_ index: Int) -> String { index < row.cells.count ? row.cells[index] : "" }
                    if let roleColumn, !keep.contains(roleKeys.fold(cell(roleColumn))) {
                        skipped["respondent's role not kept", default: 0] += 1
                        continue
                    }
                    let schoolText = cell(schoolColumn)
                    guard let school = school(schoolText, document: document, line: row.line, column: survey.schoolColumn,
                                              rejects: &rejects) else {
                        continue
                    }
                    let answers = survey.questions.map { cell($0 - 1) }
                    let answered = answers.filter { scale.score($0) != nil }.count
                    // Every respondent's answers count in the per-question
                    // report; only those who answered at least half of the
                    // items count in the school's value (docs/contract.md §7.2), the
                    // same rule `SurveyAggregation` applies.
                    respondents.append(SurveyRespondent(school: school, line: row.line, answers: answers))
                    guard SurveyAggregation.counts(answered: answered, items: items) else {
                        skipped["too few answers", default: 0] += 1
                        continue
                    }
                    if places[school] == nil { places[school] = SourceRow(file: document.file, line: row.line) }
                    used += 1
                }
                finish(document, sha256: opened.sha256, rowsRead: rows.count - 1, used: used, skipped: skipped,
                       rejects: rejects, values: 0, summary: &summary)
            }
        }
        let aggregate = SurveyAggregation.aggregate(respondents, scale: scale, confidence: configuration.analysis.confidence,
                                                    minimumBase: indicator.minimumBase)
        for question in aggregate.questions where question.outsideScale > 0 {
            let name = question.question < questionNames.count ? questionNames[question.question] : "question \(question.question + 1)"
            summary.outsideScale[name, default: 0] += question.outsideScale
            for (text, count) in question.quotedTexts { summary.quotedTexts[text, default: 0] += count }
        }
        for school in aggregate.schools {
            let schoolID = schools[school.school].id
            let place = places[school.school].map {
                SourceRow(file: $0.file, line: $0.line, column: survey.indicator,
                          original: "\($0.file) (\(school.respondents) respondents)")
            } ?? SourceRow(file: source.files.first ?? "", line: 0)
            result.surveys.append(SurveyFigure(
                schoolID: schoolID, period: source.period, indicatorID: indicator.id, respondents: school.respondents,
                value: school.value, low: school.low, high: school.high, alpha: school.alpha))
            guard let value = school.value else {
                summary.belowMinimumBase.append(schoolID)
                result.withheld.append(WithheldValue(schoolID: schoolID, indicatorID: indicator.id, period: source.period,
                                                     base: Double(school.respondents), source: place))
                continue
            }
            offer(school: school.school, period: source.period, indicator: position, value: value,
                        base: Double(school.respondents), source: place, path: "", summary: &summary)
        }
    }
}
