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
        guard !configuration.sources.isEmpty else { return Result() }
        var ingest = SourceIngest(configuration: configuration, catalog: catalog, schools: schools,
                                  matcher: SchoolMatcher(schools: schools), ledger: ledger)
        // The reading holds the only copy of the ledger's arrays, so adding
        // to them copies nothing.
        ledger = ObservationLedger(schools: [], catalog: catalog)
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
