import Foundation
import MsokoModel

extension SourceIngest {
    // MARK: Contests and enrolments

    mutating func readContests(_ source: SourceSpec, summary: inout SourceSummary) throws {
        let isContests = source.kind == .contests
        let figures = source.indicators.sorted { $0.key < $1.key }
        let positions = try figures.map { try indicatorPosition($0.value, source: source, key: "indicators") }
        let schoolHeader = source.columns["school"]!
        let personHeader = source.columns[isContests ? "student" : "child"]!
        let levelHeader = source.columns["level"], resultHeader = source.columns["result"]
        var entries: [ContestEntry] = []
        var firstPlace: [Int: SourceRow] = [:]
        var tables: [String] = []
        for path in try files(of: source) {
            let opened = try open(path, source)
            summary.filesRead += 1
            for document in opened.documents {
                tables.append(document.file)
                let rows = try Self.rows(document)
                let required = [schoolHeader, personHeader] + [levelHeader, resultHeader].compactMap { $0 }
                let header = try Self.header(in: rows, required: required, document: document)
                func position(_ name: String?) -> Int? { name.map { header.positions[TextKey.fold($0)]! } }
                let schoolColumn = position(schoolHeader)!, personColumn = position(personHeader)!
                let levelColumn = position(levelHeader), resultColumn = position(resultHeader)
                var used = 0
                var skipped: [String: Int] = header.row > 0 ? ["above the header": header.row] : [:]
                var rejects: [RejectedRow] = []
                for row in rows[(header.row + 1)...] {
                    func cell(_ index: Int?) -> String { index.map { $0 < row.cells.count ? row.cells[$0] : "" } ?? "" }
                    let schoolText = cell(schoolColumn), person = cell(personColumn)
                    if schoolText.isEmpty && person.isEmpty {
                        skipped["no school and no \(isContests ? "student" : "child") (a heading row)", default: 0] += 1
                        continue
                    }
                    guard let school = school(schoolText, document: document, line: row.line, column: schoolHeader, rejects: &rejects) else {
                        continue
                    }
                    guard !person.isEmpty else {
                        rejects.append(RejectedRow(file: document.file, line: row.line, column: personHeader, value: "",
                                                   reason: "no \(isContests ? "student" : "child") id: the row cannot be counted once"))
                        continue
                    }
                    entries.append(ContestEntry(school: school, line: row.line, student: person,
                                                level: cell(levelColumn), result: cell(resultColumn)))
                    if firstPlace[school] == nil { firstPlace[school] = SourceRow(file: document.file, line: row.line) }
                    used += 1
                }
                finish(document, sha256: opened.sha256, rowsRead: rows.count - 1, used: used, skipped: skipped,
                       rejects: rejects, values: 0, summary: &summary)
            }
        }
        let students = schools.map(\.students)
        var figuresBySchool: [(school: Int, values: [String: Double?], counts: String, over: [String], participants: Int?)] = []
        if isContests {
            let aggregate = ContestAggregation.aggregate(entries, students: students)
            for (text, count) in aggregate.unknownLevels.sorted(by: { $0.key < $1.key }) {
                summary.notes.append("unknown contest level «\(text)» (\(count) rows): counted for participation only")
            }
            for (text, count) in aggregate.unknownResults.sorted(by: { $0.key < $1.key }) {
                summary.notes.append("unknown contest result «\(text)» (\(count) rows): counted as participation")
            }
            for school in aggregate.schools {
                figuresBySchool.append((school.school, [
                    "participation": school.participation, "prize_share": school.prizeShare,
                    "regional_share": school.regionalShare, "federal_share": school.federalShare,
                    "international_share": school.internationalShare, "prize_rate": school.prizeRate,
                ], "\(school.participants) distinct participants, \(school.prizeWinners) with a prize or win, "
                    + "\(students[school.school].map { "\($0) students" } ?? "students unknown")", school.overHundred, school.participants))
            }
        } else {
            for school in ContestAggregation.coverage(children: entries.map { ($0.school, $0.student) }, students: students) {
                figuresBySchool.append((school.school, ["coverage": school.coverage],
                                        "\(school.children) distinct children, \(students[school.school].map { "\($0) students" } ?? "students unknown")",
                                        school.overHundred ? ["coverage"] : [], nil))
            }
        }
        let label = tables.joined(separator: ", ")
        for school in figuresBySchool {
            let schoolID = schools[school.school].id
            guard students[school.school] != nil else {
                summary.notes.append("\(schoolID): no `students` in schools.csv, so no rate (\(school.counts))")
                continue
            }
            let place = firstPlace[school.school] ?? SourceRow(file: label, line: 0)
            for ((figure, _), position) in zip(figures, positions) {
                guard let optional = school.values[figure], let value = optional else { continue }
                if school.over.contains(figure) || value > 100 {
                    result.rejects.append(RejectedRow(file: place.file, line: place.line, column: figure, value: Table.number(value),
                                                      reason: "\(figure) of \(schoolID) is above 100 %: \(school.counts)"))
                    summary.rejects += 1
                    continue
                }
                let figurePlace = SourceRow(file: place.file, line: place.line, column: figure,
                                            original: "\(label) (\(figure): \(school.counts))")
                // The denominator behind the rate: the participants for the
                // prize rate, the school's students otherwise.
                let base = figure == "prize_rate" ? school.participants.map(Double.init) : students[school.school].map(Double.init)
                offer(school: school.school, period: source.period, indicator: position,
                      value: value, base: base, source: figurePlace, path: "", summary: &summary)
            }
        }
    }
}
