import Foundation
import MsokoModel

extension SourceIngest {
    // MARK: Self-assessment tables

    mutating func readSelfAssessment(_ source: SourceSpec, summary: inout SourceSummary) throws {
        var byCode: [String: [Int]] = [:]
        for (position, indicator) in catalog.indicators.enumerated() {
            for code in indicator.selfAssessmentCodes { byCode[SelfAssessmentCode.canonical(code) ?? code, default: []].append(position) }
        }
        var unknownCodes: Set<String> = []
        for path in try files(of: source) {
            let opened = try open(path, source)
            summary.filesRead += 1
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let schoolText: String
            switch source.schoolNaming {
            case .fileName: schoolText = stem
            case .map(let names):
                schoolText = names[(path as NSString).lastPathComponent] ?? names[stem] ?? stem
            }
            let match = matcher.match(schoolText)
            // Sums over several codes: per indicator, the parts read so far.
            var parts: [Int: (value: Double, base: Double?, place: SourceRow, count: Int)] = [:]
            for document in opened.documents {
                let rows = try Self.rows(document)
                let width = rows.map(\.cells.count).max() ?? 0
                var used = 0
                var skipped: [String: Int] = [:]
                var rejects: [RejectedRow] = []
                var values = 0
                var previous: [Int]?
                for row in rows {
                    guard let first = row.cells.firstIndex(where: { !$0.isEmpty }),
                          var code = SelfAssessmentCode.canonical(row.cells[first]) else {
                        skipped["heading or text row", default: 0] += 1
                        continue
                    }
                    var components = SelfAssessmentCode.components(code)
                    // A code stored as a number loses a trailing zero (1.10
                    // reads 1.1); codes rise down the table, so a code below
                    // its predecessor is read with the zero.
                    if let last = previous, components.lexicographicallyPrecedes(last), components.count == 2,
                       components[1] < 10, [components[0], components[1] * 10].lexicographicallyPrecedes(last) == false {
                        let repaired = "\(components[0]).\(components[1] * 10)"
                        summary.notes.append("\(document.file):\(row.line): the code \(code) follows \(last.map(String.init).joined(separator: ".")); read as \(repaired) (a number cell drops the trailing zero)")
                        code = repaired
                        components = [components[0], components[1] * 10]
                    }
                    previous = components
                    guard let positions = byCode[code] else {
                        unknownCodes.insert(code)
                        skipped["code not in the catalog", default: 0] += 1
                        continue
                    }
                    guard case .school(let school) = match else {
                        rejects.append(RejectedRow(file: document.file, line: row.line, column: "", value: schoolText,
                                                   reason: "the file's school: " + SchoolMatcher.reason(match, text: schoolText)))
                        continue
                    }
                    let valueIndex = width - 1
                    let text = valueIndex > first && valueIndex < row.cells.count ? row.cells[valueIndex] : ""
                    let column = document.columnLabel(valueIndex, header: [])
                    var rowUsed = false
                    var rowRejected: RejectedRow?
                    for position in positions {
                        let indicator = catalog.indicators[position]
                        switch SelfAssessmentValue.read(text, unit: indicator.unit) {
                        case .failure(let failure):
                            rowRejected = RejectedRow(file: document.file, line: row.line, column: column, value: text,
                                                      reason: "\(code) → \(indicator.id): \(failure.reason)")
                        case .success(let reading):
                            let place = SourceRow(file: document.file, line: row.line, column: column)
                            guard let value = reading.value else {
                                rowUsed = true
                                if indicator.selfAssessmentCodes.count == 1 {
                                    if case .duplicate(let reject) = emit(school: school, period: source.period, indicator: position,
                                                                          value: nil, base: nil, source: place, path: path) {
                                        rowRejected = reject
                                    }
                                }
                                continue
                            }
                            if indicator.selfAssessmentCodes.count > 1 {
                                let sum = parts[position].map { $0.value + value } ?? value
                                let base = parts[position] == nil ? reading.base : (parts[position]!.base == reading.base ? reading.base : nil)
                                parts[position] = (sum, base, parts[position]?.place ?? place, (parts[position]?.count ?? 0) + 1)
                                rowUsed = true
                                continue
                            }
                            switch emit(school: school, period: source.period, indicator: position, value: value,
                                        base: reading.base, source: place, path: path) {
                            case .used, .conflict:
                                rowUsed = true
                                values += 1
                            case .duplicate(let reject):
                                rowRejected = reject
                            }
                        }
                    }
                    if rowUsed { used += 1 }
                    if let rowRejected { rejects.append(rowRejected) }
                }
                finish(document, sha256: opened.sha256, rowsRead: rows.count, used: used, skipped: skipped, rejects: rejects,
                       values: values, summary: &summary)
            }
            // The summed indicators of this file.
            if case .school(let school) = match {
                for (position, part) in parts.sorted(by: { $0.key < $1.key }) {
                    let indicator = catalog.indicators[position]
                    if part.count < indicator.selfAssessmentCodes.count {
                        summary.notes.append("\(path): \(indicator.id) adds \(indicator.selfAssessmentCodes.joined(separator: " + ")); only \(part.count) of them given")
                    }
                    let place = SourceRow(file: part.place.file, line: part.place.line, column: part.place.column,
                                          original: "\(part.place) (\(indicator.selfAssessmentCodes.joined(separator: " + ")))")
                    if let problem = CanonicalIngest.rangeProblem(part.value, unit: indicator.unit) {
                        result.rejects.append(RejectedRow(file: part.place.file, line: part.place.line, column: part.place.column ?? "",
                                                          value: Table.number(part.value), reason: "\(indicator.id), the sum of \(indicator.selfAssessmentCodes.joined(separator: " + ")): \(problem)"))
                        summary.rejects += 1
                        continue
                    }
                    offer(school: school, period: source.period, indicator: position, value: part.value, base: part.base,
                                source: place, path: path, summary: &summary)
                }
            }
        }
        summary.unknownCodes = unknownCodes.sorted { SelfAssessmentCode.components($0).lexicographicallyPrecedes(SelfAssessmentCode.components($1)) }
    }
}
