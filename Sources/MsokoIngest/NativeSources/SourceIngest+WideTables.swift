import Foundation
import MsokoModel

extension SourceIngest {
    // MARK: Wide tables

    /// The cell of a wide table, by the indicator's unit.
    static func wideValue(_ text: String, unit: IndicatorUnit) -> Swift.Result<Double?, SelfAssessmentValue.Failure> {
        if text.isEmpty { return .success(nil) }
        switch SelfAssessmentValue.read(text, unit: unit) {
        case .success(let reading): return .success(reading.value)
        case .failure(let failure): return .failure(failure)
        }
    }

    mutating func readWide(_ source: SourceSpec, summary: inout SourceSummary) throws {
        let schoolHeader = source.columns["school"]!
        let positions = try source.values.map { try indicatorPosition($0.indicator, source: source, key: "columns.values") }
        for path in try files(of: source) {
            let opened = try open(path, source)
            summary.filesRead += 1
            for document in opened.documents {
                let rows = try Self.rows(document)
                let header = try Self.header(in: rows, required: [schoolHeader] + source.values.map(\.column), document: document)
                let schoolColumn = header.positions[TextKey.fold(schoolHeader)]!
                var used = 0, values = 0
                var skipped: [String: Int] = header.row > 0 ? ["above the header": header.row] : [:]
                var rejects: [RejectedRow] = []
                for row in rows[(header.row + 1)...] {
                    let schoolText = schoolColumn < row.cells.count ? row.cells[schoolColumn] : ""
                    let folded = TextKey.fold(schoolText)
                    if folded.isEmpty || folded.hasPrefix("итого") || folded.hasPrefix("всего") || folded.hasPrefix("total") {
                        skipped[folded.isEmpty ? "no school named (a heading row)" : "a total row", default: 0] += 1
                        continue
                    }
                    guard let school = school(schoolText, document: document, line: row.line, column: schoolHeader, rejects: &rejects) else {
                        continue
                    }
                    var rowUsed = false
                    for (entry, position) in zip(source.values, positions) {
                        let column = header.positions[TextKey.fold(entry.column)]!
                        let text = column < row.cells.count ? row.cells[column] : ""
                        let indicator = catalog.indicators[position]
                        switch Self.wideValue(text, unit: indicator.unit) {
                        case .failure(let failure):
                            rejects.append(RejectedRow(file: document.file, line: row.line, column: entry.column, value: text,
                                                       reason: "\(indicator.id): \(failure.reason)"))
                        case .success(let value):
                            let place = SourceRow(file: document.file, line: row.line, column: entry.column)
                            switch emit(school: school, period: source.period, indicator: position, value: value, base: nil,
                                        source: place, path: path) {
                            case .used, .conflict:
                                rowUsed = true
                                if value != nil { values += 1 }
                            case .duplicate(let reject): rejects.append(reject)
                            }
                        }
                    }
                    if rowUsed { used += 1 }
                }
                // A row counts as used when one of its cells gave a value;
                // its other cells may still be listed as rejects.
                finish(document, sha256: opened.sha256, rowsRead: rows.count - 1, used: used,
                       skipped: skipped, rejects: rejects, values: values, summary: &summary)
            }
        }
    }
}
