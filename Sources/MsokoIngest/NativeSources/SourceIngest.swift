import Foundation
import MsokoModel

/// Turns the pipeline's native sources (docs/contract.md §7.2) into observations, as
/// if they were rows of `observations.csv`, each with its exact place.
///
/// Precedence: the observation files were read first (into the ledger);
/// then the sources, in the order listed. A value whose school, period and
/// indicator an earlier input already gave is not used and not rejected but
/// listed as a conflict; a second value for the same key within one file
/// stays a duplicate reject. Counting, per table: rows read = rows used +
/// rows rejected + rows skipped (by reason).
public struct SourceIngest {
    public struct Result: Sendable {
        public var rejects: [RejectedRow] = []
        public var inputs: [InputSummary] = []
        public var conflicts: [SourceConflict] = []
        public var surveys: [SurveyFigure] = []
        public var withheld: [WithheldValue] = []
        public var summaries: [SourceSummary] = []
    }

    let configuration: PipelineConfiguration
    let catalog: Catalog
    let schools: [School]
    let matcher: SchoolMatcher
    var ledger: ObservationLedger
    var result = Result()

    /// Reads every source of the pipeline into `ledger`.
    public static func load(configuration: PipelineConfiguration, catalog: Catalog, schools: [School],
                            ledger: inout ObservationLedger) throws -> Result {
        var ingest = SourceIngest(configuration: configuration, catalog: catalog, schools: schools,
                                  matcher: SchoolMatcher(schools: schools), ledger: ledger)
        for source in configuration.sources { try ingest.read(source) }
        ledger = ingest.ledger
        return ingest.result
    }

    // MARK: Files

    /// The files a source names, each pattern expanded (a glob's files in
    /// the byte order of their paths) and kept in the order written.
    func files(of source: SourceSpec) throws -> [String] {
        var files: [String] = []
        for pattern in source.files {
            if pattern.contains(where: { "*?[".contains($0) }) {
                let matches = try Self.glob(pattern, in: configuration.directory)
                guard !matches.isEmpty else {
                    throw IngestError(file: pattern, "no file matches this pattern of a `\(source.kind.rawValue)` source")
                }
                files += matches
            } else {
                files.append(pattern)
            }
        }
        return files
    }

    /// Paths (relative as the pattern is) matching a glob, in byte order.
    static func glob(_ pattern: String, in directory: URL) throws -> [String] {
        // Joined as text: URL's joining resolves `..`, and the paths must
        // come back relative exactly as written (they are the places).
        let prefix = directory.path.hasSuffix("/") ? directory.path : directory.path + "/"
        let absolute = pattern.hasPrefix("/") ? pattern : prefix + pattern
        var found = glob_t()
        defer { globfree(&found) }
        guard Foundation.glob(absolute, 0, nil, &found) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(found.gl_pathc) {
            guard let pointer = found.gl_pathv[index] else { continue }
            let path = String(cString: pointer)
            if pattern.hasPrefix("/") {
                paths.append(path)
            } else {
                paths.append(path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path)
            }
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func open(_ path: String, _ source: SourceSpec) throws -> TableFiles.Opened {
        var spec = source.options
        spec.path = path
        return try TableFiles.open(spec, resolvedAt: configuration.resolve(path))
    }

    // MARK: Emitting values

    enum Outcome { case used, conflict, duplicate(RejectedRow) }

    /// Offers a value to the ledger. `file` is the path of the table being
    /// read: a key its own earlier rows hold is a duplicate.
    mutating func emit(school: Int, period: Period, indicator position: Int, value: Double?, base: Double?,
                       source place: SourceRow, path: String) -> Outcome {
        let indicator = catalog.indicators[position]
        let periodNumber = ledger.periodNumber(for: period)
        let schoolID = schools[school].id
        var kept = value
        if value != nil, let minimum = indicator.minimumBase, let base, base < minimum {
            result.withheld.append(WithheldValue(schoolID: schoolID, indicatorID: indicator.id, period: period,
                                                 base: base, source: place))
            kept = nil
        }
        let observation = Observation(schoolID: schoolID, period: period, indicatorID: indicator.id,
                                      value: kept, base: base, source: place)
        guard let holder = ledger.add(observation, school: school, period: periodNumber, indicator: position) else {
            return .used
        }
        if Self.sameFile(holder.source.file, path) {
            return .duplicate(RejectedRow(
                file: place.file, line: place.line, column: place.column ?? "", value: "\(schoolID) \(period) \(indicator.id)",
                reason: "duplicate of \(holder.source): a second value for the same school, period and indicator in one file"))
        }
        if value != nil || holder.value != nil {
            result.conflicts.append(SourceConflict(
                schoolID: schoolID, period: period, indicatorID: indicator.id, value: holder.value, source: holder.source,
                otherValue: kept, otherSource: place))
        }
        return .conflict
    }

    /// Offers a value computed over a whole table (a sum of codes, a
    /// survey's or a contest list's figure) and counts the outcome in the
    /// source's summary.
    mutating func offer(school: Int, period: Period, indicator position: Int, value: Double?, base: Double?,
                        source place: SourceRow, path: String, summary: inout SourceSummary) {
        switch emit(school: school, period: period, indicator: position, value: value, base: base, source: place, path: path) {
        case .used, .conflict: summary.values += 1
        case .duplicate(let reject):
            result.rejects.append(reject)
            summary.rejects += 1
        }
    }

    /// The school a row names, or `nil` after listing the row as rejected
    /// with the text that matched no single school.
    func school(_ text: String, document: TableDocument, line: Int, column: String, rejects: inout [RejectedRow]) -> Int? {
        let match = matcher.match(text)
        guard case .school(let school) = match else {
            rejects.append(RejectedRow(file: document.file, line: line, column: column, value: text,
                                       reason: SchoolMatcher.reason(match, text: text)))
            return nil
        }
        return school
    }

    /// Whether a place's file part (`PATH`, `PATH!SHEET`, `PATH#tableN`) is in the file `path`.
    static func sameFile(_ place: String, _ path: String) -> Bool {
        guard place.hasPrefix(path) else { return false }
        let rest = place.dropFirst(path.count)
        return rest.isEmpty || rest.hasPrefix("!") || rest.hasPrefix("#")
    }

    func indicatorPosition(_ id: String, source: SourceSpec, key: String) throws -> Int {
        guard let position = catalog.indicators.firstIndex(where: { $0.id == id }) else {
            throw IngestError(file: configuration.path, line: source.line,
                              "the `\(source.kind.rawValue)` source names `\(id)` in `\(key)`, which is not an indicator of the catalog")
        }
        return position
    }

    mutating func read(_ source: SourceSpec) throws {
        var summary = SourceSummary(kind: source.kind.rawValue, files: source.files)
        switch source.kind {
        case .selfAssessment: try readSelfAssessment(source, summary: &summary)
        case .wide: try readWide(source, summary: &summary)
        case .survey: try readSurvey(source, summary: &summary)
        case .contests, .enrolments: try readContests(source, summary: &summary)
        }
        result.summaries.append(summary)
    }

    /// Records a table's counts in the inputs and the source's summary.
    /// Like a canonical table's, the counts leave out the header row (a
    /// self-assessment table has none that msoko relies on: its heading
    /// rows are skipped rows).
    mutating func finish(_ document: TableDocument, sha256: String, rowsRead: Int, used: Int, skipped: [String: Int],
                         rejects: [RejectedRow], values: Int, summary: inout SourceSummary) {
        result.inputs.append(InputSummary(path: document.file, sha256: sha256, rowsRead: rowsRead, rowsAccepted: used,
                                          skipped: skipped))
        result.rejects += rejects
        summary.rowsRead += rowsRead
        summary.values += values
        summary.rejects += rejects.count
        for (reason, count) in skipped { summary.skipped[reason, default: 0] += count }
    }

    /// The rows of a table with their lines, as texts (sources are small).
    static func rows(_ document: TableDocument) throws -> [(line: Int, cells: [String])] {
        var cursor = document.makeCursor()
        var cells: [CSVField] = []
        var rows: [(Int, [String])] = []
        while let line = try cursor.next(into: &cells) {
            rows.append((line, cells.map { document.trimmedString($0) ?? document.lossyString($0) }))
        }
        return rows
    }

    /// Finds the header row: the first of the first 30 rows holding every
    /// header text of `required` (compared by `TextKey`).
    static func header(in rows: [(line: Int, cells: [String])], required: [String], document: TableDocument) throws
        -> (row: Int, positions: [String: Int]) {
        let wanted = required.map(TextKey.fold)
        for (index, row) in rows.prefix(30).enumerated() {
            var positions: [String: Int] = [:]
            for (position, cell) in row.cells.enumerated() {
                let key = TextKey.fold(cell)
                if wanted.contains(key), positions[key] == nil { positions[key] = position }
            }
            if wanted.allSatisfy({ positions[$0] != nil }) { return (index, positions) }
        }
        let missing = required.filter { name in !rows.prefix(30).contains { $0.cells.contains { TextKey.fold($0) == TextKey.fold(name) } } }
        throw IngestError(file: document.file, line: rows.first?.line ?? 1,
                          "no header row with the columns \(required.map { "«\($0)»" }.joined(separator: ", ")) in the first 30 rows"
                          + (missing.isEmpty ? "" : " (not found: \(missing.map { "«\($0)»" }.joined(separator: ", ")))"))
    }
}

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
                    if let roleColumn, !keep.contains(TextKey.fold(cell(roleColumn))) {
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
