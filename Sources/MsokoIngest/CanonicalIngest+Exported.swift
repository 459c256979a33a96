import Foundation
import MsokoModel

extension CanonicalIngest {
    /// One row of a table `msoko export` writes beside the observations
    /// (`surveys.csv`, `source_conflicts.csv`), with the checks they share.
    struct ExportedRow {
        let document: TableDocument
        let header: Header
        let cells: [CSVField]
        let line: Int

        func reject(_ column: String, _ reason: String) -> RejectedRow {
            let value = header.index[column].map { document.lossyString(cells[$0]) } ?? ""
            return RejectedRow(file: document.file, line: line, column: column, value: value, reason: reason)
        }

        func text(_ column: String) -> String { header.index[column].flatMap { document.trimmedString(cells[$0]) } ?? "" }

        /// An optional number: `nil` for an absent column or a blank cell; `ok` false for text that is not a number.
        func number(_ column: String) -> (Double?, ok: Bool) {
            guard let position = header.index[column], !document.isBlank(cells[position]) else { return (nil, true) }
            if case .number(let value) = document.number(cells[position]) { return (value, true) }
            return (nil, false)
        }

        enum KeyCheck {
            case success((school: String, period: Period, indicator: String))
            case failure(RejectedRow)
        }

        /// The row's `school_id`, `period` and `indicator`, checked against
        /// the schools and the catalog, or the reject naming the first fault.
        func key(schools: Set<String>, indicators: Set<String>) -> KeyCheck {
            let school = text("school_id")
            guard schools.contains(school) else { return .failure(reject("school_id", "unknown school (not in schools.csv)")) }
            guard let period = Period(text("period")) else {
                return .failure(reject("period", "malformed period: expected YYYY/YY (2023/24) or YYYY/YY-N with N 1…4 (2023/24-2)"))
            }
            let indicator = text("indicator")
            guard indicators.contains(indicator) else { return .failure(reject("indicator", "unknown indicator (not in the catalog)")) }
            return .success((school, period, indicator))
        }
    }

    /// Reads every document of the tables `specs` (`surveys:`, `conflicts:`)
    /// with `read`, which gets the items of the documents before it;
    /// appends their rejects and summaries.
    static func readExported<Item>(
        _ specs: [TableSpec], configuration: PipelineConfiguration, rejects: inout [RejectedRow], inputs: inout [InputSummary],
        _ read: (TableDocument, _ sha256: String, _ earlier: [Item]) throws -> ([Item], [RejectedRow], InputSummary)
    ) throws -> [Item] {
        var items: [Item] = []
        for spec in specs {
            let table = try TableFiles.open(spec, resolvedAt: configuration.resolve(spec.path))
            for document in table.documents {
                let part = try read(document, table.sha256, items)
                items += part.0
                rejects += part.1
                inputs.append(part.2)
            }
        }
        return items
    }

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
        let (rowsRead, rejects) = try forEachRow(document, required: ["school_id", "period", "indicator", "respondents"]) {
            header, cells, line -> RejectedRow? in
            let row = ExportedRow(document: document, header: header, cells: cells, line: line)
            let key: (school: String, period: Period, indicator: String)
            switch row.key(schools: known, indicators: indicators) {
            case .failure(let rejected): return rejected
            case .success(let found): key = found
            }
            let respondents = row.number("respondents")
            guard let count = respondents.0, count >= 0, count == count.rounded(), count < 1e9 else {
                return row.reject("respondents", "respondents must be a non-negative whole number")
            }
            var values: [Double?] = []
            for column in ["value", "low", "high", "alpha"] {
                let reading = row.number(column)
                guard reading.ok else { return row.reject(column, "not a number") }
                values.append(reading.0)
            }
            guard seen.insert("\(key.school)\t\(key.period)\t\(key.indicator)").inserted else {
                return row.reject("indicator", "a second survey figure for the same school, period and indicator")
            }
            figures.append(SurveyFigure(schoolID: key.school, period: key.period, indicatorID: key.indicator, respondents: Int(count),
                                        value: values[0], low: values[1], high: values[2], alpha: values[3]))
            return nil
        }
        return (figures, rejects, InputSummary(path: document.file, sha256: sha256, rowsRead: rowsRead, rowsAccepted: figures.count))
    }

    /// Reads a canonical source-conflicts table (`conflicts:`, docs/contract.md
    /// §9), the columns of `tables/source_conflicts.csv`: `school_id`,
    /// `period`, `indicator`, `value`, `source`, `other_value`,
    /// `other_source`. It carries the conflicts of a load's native files
    /// through `msoko export`; each place keeps its text (`source`,
    /// `other_source`) as the original place, so it is listed as before.
    static func readConflicts(_ document: TableDocument, sha256: String, schools: [School], catalog: Catalog) throws
        -> (conflicts: [SourceConflict], rejects: [RejectedRow], summary: InputSummary) {
        let known = Set(schools.map(\.id))
        let indicators = Set(catalog.indicators.map(\.id))
        var conflicts: [SourceConflict] = []
        let required = ["school_id", "period", "indicator", "value", "source", "other_value", "other_source"]
        let (rowsRead, rejects) = try forEachRow(document, required: required) { header, cells, line -> RejectedRow? in
            let row = ExportedRow(document: document, header: header, cells: cells, line: line)
            let key: (school: String, period: Period, indicator: String)
            switch row.key(schools: known, indicators: indicators) {
            case .failure(let rejected): return rejected
            case .success(let found): key = found
            }
            let (value, other) = (row.number("value"), row.number("other_value"))
            guard value.ok else { return row.reject("value", "not a number") }
            guard other.ok else { return row.reject("other_value", "not a number") }
            func place(_ column: String) -> SourceRow {
                let text = row.text(column)
                return SourceRow(file: document.file, line: line, original: text.isEmpty ? nil : text)
            }
            conflicts.append(SourceConflict(schoolID: key.school, period: key.period, indicatorID: key.indicator,
                                            value: value.0, source: place("source"), otherValue: other.0,
                                            otherSource: place("other_source")))
            return nil
        }
        return (conflicts, rejects, InputSummary(path: document.file, sha256: sha256, rowsRead: rowsRead, rowsAccepted: conflicts.count))
    }
}
