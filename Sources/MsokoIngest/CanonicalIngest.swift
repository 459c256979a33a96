import Foundation
import MsokoModel

/// A file that cannot be read at all (as opposed to a row that is rejected):
/// missing, without a header, lacking a required column, or structurally
/// broken CSV. Names the file and, where known, the line and column.
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

/// Reads the canonical inputs (`schools.csv`, `observations.csv`, contract §2)
/// and checks every row. A row that fails a check is not used and is listed
/// in the rejects with file, line, column and reason; every other row is
/// used. So for each file `rows read = rows accepted + rows rejected`.
public enum CanonicalIngest {
    /// Reads everything a pipeline names.
    public static func load(configuration: PipelineConfiguration, catalog: Catalog) throws -> Dataset {
        let schoolsFile = try readFile(configuration.resolve(configuration.schoolsPath), name: configuration.schoolsPath)
        let schools = try readSchools(bytes: schoolsFile, file: configuration.schoolsPath)
        var inputs = [schools.summary]
        var rejects = schools.rejects
        var observations: [Observation] = []
        var withheld: [WithheldValue] = []
        var keys: [ObservationKey: SourceRow] = [:]
        let schoolIDs = Set(schools.schools.map(\.id))
        for path in configuration.observationPaths {
            let bytes = try readFile(configuration.resolve(path), name: path)
            let part = try readObservations(bytes: bytes, file: path, schoolIDs: schoolIDs, catalog: catalog, seenKeys: &keys)
            observations += part.observations
            rejects += part.rejects
            withheld += part.withheld
            inputs.append(part.summary)
        }
        return Dataset(schools: schools.schools, observations: observations, rejects: rejects, inputs: inputs,
                       withheld: withheld)
    }

    static func readFile(_ url: URL, name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw IngestError(file: name, "cannot read the file (looked at \(url.path))")
        }
        return [UInt8](data)
    }

    /// The header of a canonical file: column name → index.
    struct Header {
        let names: [String]
        let index: [String: Int]

        init(reader: CSVReader, fields: [CSVField], file: String, required: [String]) throws {
            var names: [String] = []
            for field in fields {
                guard let name = reader.string(field) else {
                    throw IngestError(file: file, line: 1, "the header is not valid UTF-8 (convert the file to UTF-8)")
                }
                names.append(name.trimmingCharacters(in: .whitespaces))
            }
            var index: [String: Int] = [:]
            for (position, name) in names.enumerated() {
                guard index[name] == nil else {
                    throw IngestError(file: file, line: 1, column: name, "the column `\(name)` appears twice in the header")
                }
                index[name] = position
            }
            for name in required where index[name] == nil {
                throw IngestError(file: file, line: 1, column: name,
                                  "the header lacks the required column `\(name)` (found: \(names.joined(separator: ", ")))")
            }
            self.names = names
            self.index = index
        }
    }

    /// Reads records after the header and calls `body` with each; `body`
    /// returns the row's rejection, or `nil` when it used the row. Shared by
    /// both canonical files; a record with the wrong number of fields is
    /// rejected here.
    static func forEachRecord(
        bytes: [UInt8], file: String, required: [String],
        _ body: (_ reader: CSVReader, _ header: Header, _ fields: [CSVField], _ line: Int) -> RejectedRow?
    ) throws -> (rowsRead: Int, rejects: [RejectedRow]) {
        var rejects: [RejectedRow] = []
        var reader = CSVReader(bytes: bytes)
        var fields: [CSVField] = []
        do {
            guard try reader.nextRecord(into: &fields) != nil else {
                throw IngestError(file: file, line: 1, "the file is empty: a header row is required")
            }
            let header = try Header(reader: reader, fields: fields, file: file, required: required)
            var rowsRead = 0
            while let line = try reader.nextRecord(into: &fields) {
                rowsRead += 1
                if fields.count != header.names.count {
                    let column = fields.count < header.names.count ? header.names[fields.count] : ""
                    rejects.append(RejectedRow(
                        file: file, line: line, column: column, value: "",
                        reason: "the row has \(fields.count) fields, the header has \(header.names.count)"))
                    continue
                }
                if let rejected = body(reader, header, fields, line) { rejects.append(rejected) }
            }
            return (rowsRead, rejects)
        } catch let error as CSVSyntaxError {
            throw IngestError(file: file, line: error.line, error.message)
        }
    }

    // MARK: schools.csv

    public struct SchoolsPart: Sendable {
        public let schools: [School]
        public let rejects: [RejectedRow]
        public let summary: InputSummary
    }

    public static func readSchools(bytes: [UInt8], file: String) throws -> SchoolsPart {
        var schools: [School] = []
        var seen: [String: Int] = [:]
        let (rowsRead, rejects) = try forEachRecord(bytes: bytes, file: file, required: ["school_id", "name"]) {
            reader, header, fields, line -> RejectedRow? in
            func reject(_ column: String, _ value: String, _ reason: String) -> RejectedRow {
                RejectedRow(file: file, line: line, column: column, value: value, reason: reason)
            }
            var cells: [String: String] = [:]
            for (position, name) in header.names.enumerated() {
                guard let text = reader.trimmedString(fields[position]) else {
                    return reject(name, reader.lossyString(fields[position]), "not valid UTF-8 (convert the file to UTF-8)")
                }
                cells[name] = text
            }
            let id = cells["school_id", default: ""]
            guard Identifier.isValid(id) else {
                return reject("school_id", id, id.isEmpty ? "empty school_id" : "school_id may contain only letters, digits, `-` and `_`")
            }
            if let first = seen[id] {
                return reject("school_id", id, "duplicate school_id (first at line \(first))")
            }
            if id == Identifier.district {
                return reject("school_id", id, "`district` is reserved for the district as a whole (the `entity` of trends.csv); rename the school")
            }
            let name = cells["name", default: ""]
            guard !name.isEmpty else { return reject("name", "", "empty name") }
            var students: Int?
            if let text = cells["students"], !text.isEmpty {
                guard let value = Int(text), value >= 0 else {
                    return reject("students", text, "students must be a non-negative whole number")
                }
                students = value
            }
            seen[id] = line
            var attributes = cells
            attributes["school_id"] = nil
            attributes["name"] = nil
            schools.append(School(id: id, name: name, students: students, attributes: attributes,
                                  source: SourceRow(file: file, line: line)))
            return nil
        }
        return SchoolsPart(
            schools: schools, rejects: rejects,
            summary: InputSummary(path: file, sha256: SHA256.hex(bytes), rowsRead: rowsRead, rowsAccepted: schools.count))
    }

    // MARK: observations.csv

    /// The identity of an observation; a second row with the same key is an error.
    public struct ObservationKey: Hashable, Sendable {
        public let schoolID: String
        public let period: Period
        public let indicatorID: String
    }

    public struct ObservationsPart: Sendable {
        public let observations: [Observation]
        public let rejects: [RejectedRow]
        /// Values below their indicator's `minimum_base`, kept as missing.
        public let withheld: [WithheldValue]
        public let summary: InputSummary
    }

    /// Reads one observations file. `seenKeys` spans all observation files of
    /// a run, so a duplicate across files is caught too (the later row is
    /// rejected, naming the earlier one).
    public static func readObservations(
        bytes: [UInt8], file: String, schoolIDs: Set<String>, catalog: Catalog,
        seenKeys: inout [ObservationKey: SourceRow]
    ) throws -> ObservationsPart {
        var observations: [Observation] = []
        var withheld: [WithheldValue] = []
        var keys = seenKeys
        let required = ["school_id", "period", "indicator", "value"]
        let (rowsRead, rejects) = try forEachRecord(bytes: bytes, file: file, required: required) {
            reader, header, fields, line -> RejectedRow? in
            func reject(_ column: String, _ value: String, _ reason: String) -> RejectedRow {
                RejectedRow(file: file, line: line, column: column, value: value, reason: reason)
            }
            func text(_ column: String) -> String? {
                guard let position = header.index[column] else { return "" }
                return reader.trimmedString(fields[position])
            }
            for column in required {
                if text(column) == nil {
                    let position = header.index[column]!
                    return reject(column, reader.lossyString(fields[position]), "not valid UTF-8 (convert the file to UTF-8)")
                }
            }
            let schoolID = text("school_id") ?? ""
            guard schoolIDs.contains(schoolID) else {
                return reject("school_id", schoolID, schoolID.isEmpty ? "empty school_id" : "unknown school (not in schools.csv)")
            }
            let periodText = text("period") ?? ""
            guard let period = Period(periodText) else {
                return reject("period", periodText, "malformed period: expected YYYY/YY (2023/24) or YYYY/YY-N with N 1…4 (2023/24-2)")
            }
            let indicatorID = text("indicator") ?? ""
            guard let indicator = catalog.indicator(indicatorID) else {
                return reject("indicator", indicatorID, indicatorID.isEmpty ? "empty indicator" : "unknown indicator (not in the catalog)")
            }
            let valueField = fields[header.index["value"]!]
            var value: Double?
            // Empty, or only spaces: a missing value (contract §2).
            if reader.trimmedString(valueField)?.isEmpty != true {
                let raw = reader.lossyString(valueField)
                guard let parsed = reader.double(valueField) ?? reader.trimmedString(valueField).flatMap(NumberParser.parse) else {
                    let hint = raw.contains(",") ? " (use a dot as the decimal separator)" : ""
                    return reject("value", raw, "not a number\(hint)")
                }
                if let problem = rangeProblem(parsed, unit: indicator.unit) {
                    return reject("value", raw, problem)
                }
                value = parsed
            }
            var base: Double?
            if let position = header.index["base"], reader.trimmedString(fields[position])?.isEmpty != true {
                let raw = reader.lossyString(fields[position])
                guard let parsed = reader.double(fields[position]) ?? reader.trimmedString(fields[position]).flatMap(NumberParser.parse) else {
                    return reject("base", raw, "not a number")
                }
                guard parsed > 0 else { return reject("base", raw, "base (the denominator) must be positive") }
                if indicator.unit == .count, let value, value > parsed {
                    return reject("value", Table.number(value), "count \(Table.number(value)) exceeds its base \(Table.number(parsed))")
                }
                base = parsed
            }
            let key = ObservationKey(schoolID: schoolID, period: period, indicatorID: indicatorID)
            let here = SourceRow(file: file, line: line)
            if let first = keys[key] {
                let place = first.file == file ? "line \(first.line)" : "\(first.file) line \(first.line)"
                return reject("", "\(schoolID) \(period) \(indicatorID)", "duplicate of \(place): a second value for the same school, period and indicator")
            }
            keys[key] = here
            if value != nil, let minimum = indicator.minimumBase, let base, base < minimum {
                // Too few respondents to publish (personal data): keep the row
                // as a missing value and forget the figure.
                withheld.append(WithheldValue(schoolID: schoolID, indicatorID: indicatorID, period: period, base: base, source: here))
                value = nil
            }
            observations.append(Observation(schoolID: schoolID, period: period, indicatorID: indicatorID,
                                            value: value, base: base, source: here))
            return nil
        }
        seenKeys = keys
        return ObservationsPart(
            observations: observations, rejects: rejects, withheld: withheld,
            summary: InputSummary(path: file, sha256: SHA256.hex(bytes), rowsRead: rowsRead, rowsAccepted: observations.count))
    }

    /// Why a value is impossible in its unit, or `nil` when it is fine.
    static func rangeProblem(_ value: Double, unit: IndicatorUnit) -> String? {
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
