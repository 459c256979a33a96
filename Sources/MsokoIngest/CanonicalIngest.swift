import Foundation
import MsokoModel

/// A file that cannot be read at all (as opposed to a row that is rejected):
/// missing, without a header, lacking a required column, or structurally
/// broken. Names the file and, where known, the line and column.
public struct IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: String?
    public let message: String

    public init(file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column, !column.isEmpty { location += " (column \(column))" }
        return "\(location): \(message)"
    }
}

/// Reads the canonical inputs (`schools`, `observations`, docs/contract.md §2), in
/// any format and dialect of docs/contract.md §7.1, and checks every row. A row that
/// fails a check is not used and is listed in the rejects with its place and
/// reason; every other row is used. So for each table
/// `rows read = rows accepted + rows rejected`.
public enum CanonicalIngest {
    /// Reads everything a pipeline names: schools, the observation tables,
    /// then the native sources (`SourceIngest`).
    public static func load(configuration: PipelineConfiguration, catalog: Catalog) throws -> Dataset {
        let schoolsPart = try loadSchools(configuration: configuration)
        var inputs = schoolsPart.inputs
        var rejects = schoolsPart.rejects
        let schools = schoolsPart.schools
        var index = ObservationLedger(schools: schools, catalog: catalog)
        for spec in configuration.observationTables {
            let table = try TableFiles.open(spec, resolvedAt: configuration.resolve(spec.path))
            for document in table.documents {
                let part = try readObservations(document, sha256: table.sha256, index: &index)
                rejects += part.rejects
                inputs.append(part.summary)
            }
        }
        let sources = try SourceIngest.load(configuration: configuration, catalog: catalog, schools: schools, ledger: &index)
        let surveys = try readExported(configuration.surveysTables, configuration: configuration, rejects: &rejects, inputs: &inputs) {
            document, sha256, earlier in
            let part = try readSurveys(document, sha256: sha256, schools: schools, catalog: catalog, after: earlier)
            return (part.figures, part.rejects, part.summary)
        }
        let conflicts = try readExported(configuration.conflictsTables, configuration: configuration, rejects: &rejects, inputs: &inputs) {
            document, sha256, _ in
            let part = try readConflicts(document, sha256: sha256, schools: schools, catalog: catalog)
            return (part.conflicts, part.rejects, part.summary)
        }
        return Dataset(schools: schools, observations: index.observations, rejects: rejects + sources.rejects,
                       inputs: inputs + sources.inputs, withheld: index.withheld + sources.withheld,
                       conflicts: conflicts + sources.conflicts, surveys: surveys + sources.surveys, sources: sources.summaries)
    }

    /// The header of a table: column name → position. A header cell that
    /// is empty (a sheet's unused column) is named by its place.
    public struct Header: Sendable {
        public let names: [String]
        public let index: [String: Int]

        public init(document: TableDocument, cells: [CSVField], line: Int, required: [String]) throws {
            guard cells.allSatisfy({ document.string($0) != nil }) else {
                throw IngestError(file: document.file, line: line, "the header is not valid UTF-8 (set `encoding:` for this file)")
            }
            let names = document.headerNames(cells)
            var index: [String: Int] = [:]
            for (position, name) in names.enumerated() where !name.isEmpty {
                guard index[name] == nil else {
                    throw IngestError(file: document.file, line: line, column: name, "the column `\(name)` appears twice in the header")
                }
                index[name] = position
            }
            for name in required where index[name] == nil {
                throw IngestError(file: document.file, line: line, column: name,
                                  "the header lacks the required column `\(name)` (found: \(names.filter { !$0.isEmpty }.joined(separator: ", ")))")
            }
            self.names = names
            self.index = index
        }
    }

    /// Reads the header, then calls `body` with each row; `body` returns
    /// the row's rejection, or `nil` when it used the row. A row with text
    /// past the header's last named column, or (in a delimited file) fewer
    /// fields than the header, is rejected here. Empty cells past the last
    /// named column (`a;b;` written by Excel) are not fields.
    static func forEachRow(
        _ document: TableDocument, required: [String],
        _ body: (_ header: Header, _ cells: [CSVField], _ line: Int) -> RejectedRow?
    ) throws -> (rowsRead: Int, rejects: [RejectedRow]) {
        var rejects: [RejectedRow] = []
        var cursor = document.makeCursor()
        var cells: [CSVField] = []
        guard let headerLine = try cursor.next(into: &cells) else {
            throw IngestError(file: document.file, line: 1,
                              document.format == .delimited ? "the file is empty: a header row is required" : "the table is empty: a header row is required")
        }
        let header = try Header(document: document, cells: cells, line: headerLine, required: required)
        let width = header.names.count
        var rowsRead = 0
        while let line = try cursor.next(into: &cells) {
            rowsRead += 1
            let read = cells.count
            guard document.fit(&cells, width: width) else {
                rejects.append(RejectedRow(
                    file: document.file, line: line, column: read < width ? header.names[read] : "", value: "",
                    reason: "the row has \(read) fields, the header has \(width)"))
                continue
            }
            if let rejected = body(header, cells, line) { rejects.append(rejected) }
        }
        return (rowsRead, rejects)
    }

    // MARK: schools

    /// The pipeline's schools table only (every document of it), with its
    /// rejects and summaries (`msoko template` needs no observations).
    public static func loadSchools(configuration: PipelineConfiguration) throws
        -> (schools: [School], rejects: [RejectedRow], inputs: [InputSummary]) {
        let schoolsTable = try TableFiles.open(configuration.schoolsTable, resolvedAt: configuration.resolve(configuration.schoolsTable.path))
        var inputs: [InputSummary] = []
        var rejects: [RejectedRow] = []
        var schools: [School] = []
        for document in schoolsTable.documents {
            let part = try readSchools(document, sha256: schoolsTable.sha256, after: schools)
            schools += part.schools
            rejects += part.rejects
            inputs.append(part.summary)
        }
        return (schools, rejects, inputs)
    }

    public struct SchoolsPart: Sendable {
        public let schools: [School]
        public let rejects: [RejectedRow]
        public let summary: InputSummary
    }

    /// Reads a canonical `schools.csv` given as bytes (tests, `msoko sample`).
    public static func readSchools(bytes: [UInt8], file: String) throws -> SchoolsPart {
        try readSchools(TableDocument(delimited: bytes, path: file), sha256: SHA256.hex(bytes))
    }

    /// Reads one schools table; `earlier` are the schools of earlier tables
    /// of the same file (a Word document's previous tables).
    public static func readSchools(_ document: TableDocument, sha256: String, after earlier: [School] = []) throws -> SchoolsPart {
        var schools: [School] = []
        var seen: [String: String] = Dictionary(earlier.map { ($0.id, $0.source.description) }, uniquingKeysWith: { first, _ in first })
        let file = document.file
        let (rowsRead, rejects) = try forEachRow(document, required: ["school_id", "name"]) {
            header, cells, line -> RejectedRow? in
            func reject(_ column: String, _ value: String, _ reason: String) -> RejectedRow {
                RejectedRow(file: file, line: line, column: column, value: value, reason: reason)
            }
            var values: [String: String] = [:]
            for (position, name) in header.names.enumerated() where !name.isEmpty {
                guard let text = document.trimmedString(cells[position]) else {
                    return reject(name, document.lossyString(cells[position]), "not valid UTF-8 (set `encoding:` for this file)")
                }
                values[name] = text
            }
            let id = values["school_id", default: ""]
            if let problem = Identifier.problem(id) {
                return reject("school_id", id, id.isEmpty ? "empty school_id" : "school_id: \(problem)")
            }
            if let first = seen[id] {
                return reject("school_id", id, "duplicate school_id (first at \(first))")
            }
            if id == Identifier.district {
                return reject("school_id", id, "`district` is reserved for the district as a whole (the `entity` of trends.csv); rename the school")
            }
            let name = values["name", default: ""]
            guard !name.isEmpty else { return reject("name", "", "empty name") }
            var students: Int?
            if let position = header.index["students"], !document.isBlank(cells[position]) {
                let text = values["students", default: ""]
                guard case .number(let value) = document.number(cells[position]), value >= 0, value == value.rounded(),
                      value < 1e9 else {
                    return reject("students", text, "students must be a non-negative whole number")
                }
                students = Int(value)
            }
            let aliases = values["aliases", default: ""].split(separator: ";")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let source = SourceRow(file: file, line: line)
            seen[id] = "line \(line)"
            var attributes = values
            attributes["school_id"] = nil
            attributes["name"] = nil
            schools.append(School(id: id, name: name, students: students, attributes: attributes, aliases: aliases,
                                  source: source))
            return nil
        }
        return SchoolsPart(
            schools: schools, rejects: rejects,
            summary: InputSummary(path: file, sha256: sha256, rowsRead: rowsRead, rowsAccepted: schools.count))
    }

    // MARK: observations

    public struct ObservationsPart: Sendable {
        public let rejects: [RejectedRow]
        public let summary: InputSummary
    }

    /// Reads a canonical `observations.csv` given as bytes (tests).
    public static func readObservations(bytes: [UInt8], file: String, index: inout ObservationLedger) throws -> ObservationsPart {
        try readObservations(TableDocument(delimited: bytes, path: file), sha256: SHA256.hex(bytes), index: &index)
    }

    /// Reads one observations table into `index`, which spans all the
    /// observation tables of a run, so a duplicate across files is caught
    /// too (the later row is rejected, naming the earlier one).
    ///
    /// The hot loop works on bytes: school ids, periods and indicators are
    /// interned (`ByteInterner`) and parsed once per distinct text, values
    /// parsed straight from the bytes; a `String` is built only for a
    /// rejected row.
    public static func readObservations(_ document: TableDocument, sha256: @autoclosure () -> String,
                                        index: inout ObservationLedger) throws -> ObservationsPart {
        let file = document.file
        let required = ["school_id", "period", "indicator", "value"]
        let before = index.observations.count
        if document.format == .delimited {
            // One observation per line at most: reserving them up front
            // spares the array's doublings (each a copy of everything read).
            let lines = document.bytes.withUnsafeBufferPointer { LineChunks.newlineCount($0) }
            index.observations.reserveCapacity(before + lines)
        }
        // The columns' positions, looked up once (a dictionary lookup per
        // cell and row cost a tenth of the reading time).
        var columns: (school: Int, period: Int, indicator: Int, value: Int, base: Int?, source: Int?)?
        let filePlace = index.observations.code(place: .init(file: file))
        // What each indicator's rows need, so that no row copies an `Indicator`.
        let units = index.catalog.indicators.map(\.unit)
        let minimumBases = index.catalog.indicators.map(\.minimumBase)
        // The loop reads the cells through one pointer (`CellBytes`); the
        // caches keep the previous keys, pointers into it, so they live
        // inside this body too.
        let (rowsRead, rejects) = try document.withCellBytes { cellBytes in
            var schoolCache = RepeatedCell(), periodCache = RepeatedCell(), indicatorCache = RepeatedCell()
            return try forEachRow(document, required: required) { header, cells, line -> RejectedRow? in
                func reject(_ column: String, _ value: String, _ reason: String) -> RejectedRow {
                    RejectedRow(file: file, line: line, column: column, value: value, reason: reason)
                }
                func text(_ column: String) -> String {
                    document.trimmedString(cells[header.index[column]!]) ?? document.lossyString(cells[header.index[column]!])
                }
                if columns == nil {
                    columns = (header.index["school_id"]!, header.index["period"]!, header.index["indicator"]!,
                               header.index["value"]!, header.index["base"], header.index["source"])
                }
                let position = columns!
                let schoolCell = cellBytes.trimmed(cells[position.school])
                guard let school = schoolCache.resolve(cellBytes.bytes(of: schoolCell), { index.schools.find($0, guess: $1) }) else {
                    let id = text("school_id")
                    return reject("school_id", id, id.isEmpty ? "empty school_id" : "unknown school (not in schools.csv)")
                }
                let periodCell = cellBytes.trimmed(cells[position.period])
                let periodNumber = periodCache.resolve(cellBytes.bytes(of: periodCell)) { index.periodNumber($0, guess: $1) }!
                guard let period = index.periods[periodNumber] else {
                    return reject("period", text("period"), "malformed period: expected YYYY/YY (2023/24) or YYYY/YY-N with N 1…4 (2023/24-2)")
                }
                let indicatorCell = cellBytes.trimmed(cells[position.indicator])
                let indicatorNumber = indicatorCache.resolve(cellBytes.bytes(of: indicatorCell)) { key, _ in index.indicatorNumber(key) }!
                guard let indicatorPosition = index.indicatorPositions[indicatorNumber] else {
                    let id = text("indicator")
                    return reject("indicator", id, id.isEmpty ? "empty indicator" : "unknown indicator (not in the catalog)")
                }
                let unit = units[indicatorPosition]
                let valueCell = cells[position.value]
                var value: Double?
                // Empty, or only spaces: a missing value (docs/contract.md §2).
                if !cellBytes.isBlank(valueCell) {
                    switch cellBytes.number(valueCell) {
                    case .number(let parsed):
                        if let problem = rangeProblem(parsed, unit: unit) {
                            return reject("value", document.lossyString(valueCell), problem)
                        }
                        value = parsed
                    case .decimalComma:
                        return reject("value", document.lossyString(valueCell),
                                      "not a number: a decimal comma in a comma-separated file (use a dot, or `;` as the delimiter, or set `decimal: \",\"`)")
                    case .notANumber:
                        return reject("value", document.lossyString(valueCell), "not a number")
                    }
                }
                var base: Double?
                if let baseColumn = position.base, !cellBytes.isBlank(cells[baseColumn]) {
                    guard case .number(let parsed) = cellBytes.number(cells[baseColumn]) else {
                        return reject("base", document.lossyString(cells[baseColumn]), "not a number")
                    }
                    guard parsed > 0 else {
                        return reject("base", document.lossyString(cells[baseColumn]), "base (the denominator) must be positive")
                    }
                    if unit == .count, let value, value > parsed {
                        return reject("value", Table.number(value), "count \(Table.number(value)) exceeds its base \(Table.number(parsed))")
                    }
                    base = parsed
                }
                var original: String?
                if let source = position.source, !cellBytes.isBlank(cells[source]) {
                    original = document.trimmedString(cells[source])
                }
                if let holder = index.claim(school: school, period: periodNumber, indicator: indicatorPosition) {
                    let first = index.observations.source(at: holder)
                    let place = first.file == file ? "line \(first.line)" : "\(first.file) line \(first.line)"
                    return reject("", "\(index.schoolIDs[school]) \(period) \(index.catalog.indicators[indicatorPosition].id)",
                                  "duplicate of \(place): a second value for the same school, period and indicator")
                }
                if value != nil, let minimum = minimumBases[indicatorPosition], let base, base < minimum {
                    // Too few respondents to publish (personal data): keep the row
                    // as a missing value and forget the figure.
                    index.withheld.append(WithheldValue(schoolID: index.schoolIDs[school],
                                                        indicatorID: index.catalog.indicators[indicatorPosition].id,
                                                        period: period, base: base,
                                                        source: SourceRow(file: file, line: line, original: original)))
                    value = nil
                }
                let place = original.map { index.observations.code(place: .init(file: file, original: $0)) } ?? filePlace
                index.observations.append(school: Int32(school), period: index.periodCode(periodNumber),
                                          indicator: Int32(indicatorPosition), value: value, base: base, place: place, line: line)
                return nil
            }
        }

        return ObservationsPart(
            rejects: rejects,
            summary: InputSummary(path: file, sha256: sha256(), rowsRead: rowsRead, rowsAccepted: index.observations.count - before))
    }

    /// Why a value is impossible in its unit, or `nil` when it is fine.
    public static func rangeProblem(_ value: Double, unit: IndicatorUnit) -> String? {
        switch unit {
        case .percent:
            return (0...100).contains(value) ? nil : "a percentage must be within 0…100"
        case .bool:
            return value == 0 || value == 1 ? nil : "a yes/no value must be 1 or 0"
        case .count:
            return value >= 0 ? nil : "a count must not be negative"
        case .per100:
            return value >= 0 ? nil : "a rate per 100 must not be negative"
        case .score:
            return nil
        }
    }
}
