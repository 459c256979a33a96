import Foundation
import MsokoModel

extension CanonicalIngest {
    /// Reads a canonical survey-figures table (`surveys:`, docs/contract.md §9),
    /// the columns of `tables/surveys.csv`: `school_id`, `period`, `indicator`,
    /// `respondents`, and optionally `value`, `low`, `high`, `alpha` (empty:
    /// none). It carries a survey's t-interval through `msoko export`, since
    /// `observations.csv` holds only the value. `earlier` are the figures of
    /// earlier tables; a second figure for one key is rejected.
    static func readSurveys(_ document: TableDocument, sha256: String, schools: [School], catalog: Catalog,
                            after earlier: [SurveyFigure]) throws
        -> (figures: [SurveyFigure], rejects: [RejectedRow], summary: InputSummary) {
        let known = Set(schools.map(\.id))
        let indicators = Set(catalog.indicators.map(\.id))
        var seen = Set(earlier.map { "\($0.schoolID)\t\($0.period)\t\($0.indicatorID)" })
        var figures: [SurveyFigure] = []
        let file = document.file
        let (rowsRead, rejects) = try forEachRow(document, required: ["school_id", "period", "indicator", "respondents"]) {
            header, cells, line -> RejectedRow? in
            func reject(_ column: String, _ reason: String) -> RejectedRow {
                let value = header.index[column].map { document.lossyString(cells[$0]) } ?? ""
                return RejectedRow(file: file, line: line, column: column, value: value, reason: reason)
            }
            func text(_ column: String) -> String { header.index[column].flatMap { document.trimmedString(cells[$0]) } ?? "" }
            func number(_ column: String) -> (Double?, ok: Bool) {
                guard let position = header.index[column], !document.isBlank(cells[position]) else { return (nil, true) }
                if case .number(let value) = document.number(cells[position]) { return (value, true) }
                return (nil, false)
            }
            let school = text("school_id")
            guard known.contains(school) else { return reject("school_id", "unknown school (not in schools.csv)") }
            guard let period = Period(text("period")) else {
                return reject("period", "malformed period: expected YYYY/YY (2023/24) or YYYY/YY-N with N 1…4 (2023/24-2)")
            }
            let indicator = text("indicator")
            guard indicators.contains(indicator) else { return reject("indicator", "unknown indicator (not in the catalog)") }
            let respondents = number("respondents")
            guard let count = respondents.0, count >= 0, count == count.rounded(), count < 1e9 else {
                return reject("respondents", "respondents must be a non-negative whole number")
            }
            var values: [Double?] = []
            for column in ["value", "low", "high", "alpha"] {
                let reading = number(column)
                guard reading.ok else { return reject(column, "not a number") }
                values.append(reading.0)
            }
            guard seen.insert("\(school)\t\(period)\t\(indicator)").inserted else {
                return reject("indicator", "a second survey figure for the same school, period and indicator")
            }
            figures.append(SurveyFigure(schoolID: school, period: period, indicatorID: indicator, respondents: Int(count),
                                        value: values[0], low: values[1], high: values[2], alpha: values[3]))
            return nil
        }
        return (figures, rejects, InputSummary(path: file, sha256: sha256, rowsRead: rowsRead, rowsAccepted: figures.count))
    }
}
