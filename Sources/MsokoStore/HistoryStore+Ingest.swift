import Foundation
import GRDB
import MsokoIngest
import MsokoModel

/// What `ingest` did to one period.
public struct PeriodLoad: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        /// The period was not in the store: version 1.
        case added
        /// The period's values or files differ from its current version: a new version.
        case replaced(previousVersion: Int)
        /// The same values from the same files: the store is unchanged.
        case unchanged
    }

    public let period: Period
    public let version: Int
    public let rows: Int
    public let change: Change
}

/// What `ingest` did.
public struct IngestResult: Sendable {
    public let periods: [PeriodLoad]
    /// Every period unchanged: nothing was written.
    public var nothingChanged: Bool { periods.allSatisfy { $0.change == .unchanged } }
}

extension HistoryStore {
    /// The observations of one period as a load would store them, with the
    /// files they came from and their digest.
    struct PeriodContent {
        let period: Period
        var observations: [Observation] = []
        var surveys: [SurveyFigure] = []
        /// Values of the period given again by a later source (schema v2).
        var conflicts: [SourceConflict] = []
        /// The files in order of first use: path, SHA-256, values taken.
        var files: [(path: String, sha256: String, rows: Int)] = []

        /// SHA-256 of the values and their places, in order.
        func digest() -> String {
            var digest = ChunkedDigest()
            for observation in observations { digest.add(observation) }
            for figure in surveys { digest.add(figure) }
            for conflict in conflicts { digest.add(conflict) }
            return digest.finish()
        }
    }

    /// Stores the observations of `dataset` (all periods, or only `period`)
    /// in one transaction: a period whose values and places (file, line,
    /// column) equal its current version is left alone; any other becomes the period's next version,
    /// the earlier one kept as superseded. `loadedAt` is the only clock
    /// reading, and it is kept in the store, never written to a report.
    /// `willWrite` is called with the number of values just before the
    /// write transaction begins (the command line prints it).
    public func ingest(dataset: Dataset, catalogSHA256: String, catalogPath: String, period: Period? = nil,
                       loadedAt: Date, willWrite: (Int) -> Void = { _ in }) throws -> IngestResult {
        let contents = try Self.contents(of: dataset, period: period)
        willWrite(contents.reduce(0) { $0 + $1.observations.count })
        let stamp = ISO8601DateFormatter().string(from: loadedAt)
        do {
            return try pool.writeWithoutTransaction { db in
                var result: [PeriodLoad] = []
                try db.inTransaction(.immediate) {
                    result = try Self.write(contents, schools: dataset.schools, catalogSHA256: catalogSHA256,
                                            catalogPath: catalogPath, loadedAt: stamp, db: db)
                    return .commit
                }
                return IngestResult(periods: result)
            }
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// Splits the dataset by period (in the order read), attributes each
    /// value to its input file and digests each period.
    static func contents(of dataset: Dataset, period: Period?) throws -> [PeriodContent] {
        let present = dataset.periods
        if let period, !present.contains(period) {
            throw StoreError.periodNotInInputs(period, available: present)
        }
        let hashes = Dictionary(dataset.inputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        var byPeriod: [Period: PeriodContent] = [:]
        for observation in dataset.observations where period == nil || observation.period == period {
            byPeriod[observation.period, default: PeriodContent(period: observation.period)].observations.append(observation)
        }
        for figure in dataset.surveys where period == nil || figure.period == period {
            byPeriod[figure.period, default: PeriodContent(period: figure.period)].surveys.append(figure)
        }
        for conflict in dataset.conflicts where period == nil || conflict.period == period {
            byPeriod[conflict.period, default: PeriodContent(period: conflict.period)].conflicts.append(conflict)
        }
        return byPeriod.keys.sorted().map { key in
            var content = byPeriod[key]!
            var fileIndex: [String: Int] = [:]
            for observation in content.observations {
                let file = observation.source.file
                if let position = fileIndex[file] {
                    content.files[position].rows += 1
                } else {
                    fileIndex[file] = content.files.count
                    content.files.append((file, hashes[file] ?? "", 1))
                }
            }
            return content
        }
    }

    private static func write(_ contents: [PeriodContent], schools: [School], catalogSHA256: String, catalogPath: String,
                              loadedAt: String, db: Database) throws -> [PeriodLoad] {
        try db.execute(sql: "INSERT OR IGNORE INTO catalog_version (sha256, path) VALUES (?, ?)",
                       arguments: [catalogSHA256, catalogPath])
        let catalogID = try Int.fetchOne(db, sql: "SELECT id FROM catalog_version WHERE sha256 = ?", arguments: [catalogSHA256])!
        var loads: [PeriodLoad] = []
        var changed = false
        for content in contents {
            let current = try Row.fetchOne(db, sql: """
                SELECT id, version, digest, catalog_version_id FROM load WHERE period = ? AND current = 1
                """, arguments: [content.period.description])
            let currentVersion: Int? = current?["version"]
            // The same files (paths, hashes, values taken) under the same
            // catalog give the same values: no need to digest them. Otherwise
            // equal digests mean the same values from the same places (a file
            // corrected only in other periods gives no new version). Source
            // conflicts may come from files that gave no value, so a period
            // with conflicts is always digested.
            var digest: String?
            var unchanged = false
            if let current {
                let sameCatalog: Bool = current["catalog_version_id"] == catalogID
                if sameCatalog, content.conflicts.isEmpty, try sameFiles(loadID: current["id"], as: content.files, db: db) {
                    unchanged = true
                } else {
                    digest = content.digest()
                    unchanged = current["digest"] == digest
                }
            }
            if unchanged {
                loads.append(PeriodLoad(period: content.period, version: currentVersion!, rows: content.observations.count,
                                        change: .unchanged))
                continue
            }
            changed = true
            let version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM load WHERE period = ?",
                                             arguments: [content.period.description]) ?? 0) + 1
            try db.execute(sql: "UPDATE load SET current = 0 WHERE period = ? AND current = 1",
                           arguments: [content.period.description])
            try db.execute(sql: """
                INSERT INTO load (period, version, loaded_at, catalog_version_id, digest, rows, first_observation, last_observation, current)
                VALUES (?, ?, ?, ?, ?, ?, 0, -1, 1)
                """, arguments: [content.period.description, version, loadedAt, catalogID, digest ?? content.digest(),
                                 content.observations.count])
            let loadID = db.lastInsertedRowID
            var fileIDs: [String: Int64] = [:]
            for file in content.files {
                try db.execute(sql: "INSERT INTO load_file (load_id, path, sha256, rows) VALUES (?, ?, ?, ?)",
                               arguments: [loadID, file.path, file.sha256, file.rows])
                fileIDs[file.path] = db.lastInsertedRowID
            }
            let (first, last) = try insertObservations(content.observations, fileIDs: fileIDs, db: db)
            for figure in content.surveys {
                try db.execute(sql: """
                    INSERT INTO survey (load_id, school_id, indicator, respondents, value, low, high, alpha)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [loadID, figure.schoolID, figure.indicatorID, figure.respondents, figure.value,
                                     figure.low, figure.high, figure.alpha])
            }
            for conflict in content.conflicts {
                let (used, other) = (conflict.source, conflict.otherSource)
                try db.execute(sql: """
                    INSERT INTO source_conflict (load_id, school_id, indicator, value, file, line, "column", original,
                                                 other_value, other_file, other_line, other_column, other_original)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [loadID, conflict.schoolID, conflict.indicatorID, conflict.value, used.file, used.line,
                                     used.column, used.original, conflict.otherValue, other.file, other.line, other.column,
                                     other.original])
            }
            try db.execute(sql: "UPDATE load SET first_observation = ?, last_observation = ? WHERE id = ?",
                           arguments: [first, last, loadID])
            loads.append(PeriodLoad(period: content.period, version: version, rows: content.observations.count,
                                    change: currentVersion.map { .replaced(previousVersion: $0) } ?? .added))
        }
        if changed { try writeSchools(schools, db: db) }
        return loads
    }

    private static func sameFiles(loadID: Int64, as files: [(path: String, sha256: String, rows: Int)], db: Database) throws -> Bool {
        let stored = try Row.fetchAll(db, sql: "SELECT path, sha256, rows FROM load_file WHERE load_id = ? ORDER BY id",
                                      arguments: [loadID])
        return stored.count == files.count && zip(stored, files).allSatisfy {
            $0["path"] == $1.path && $0["sha256"] == $1.sha256 && $0["rows"] == $1.rows && !$1.sha256.isEmpty
        }
    }

    /// Appends the observations; returns the range of row ids they took.
    private static func insertObservations(_ observations: [Observation], fileIDs: [String: Int64],
                                           db: Database) throws -> (Int64, Int64) {
        guard !observations.isEmpty else { return (0, -1) }
        let rows = try SQLiteRows(db, sql: """
            INSERT INTO observation (file_id, school_id, indicator, value, base, line, "column", original)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        defer { rows.finalize() }
        try rows.insert(observations, fileIDs: fileIDs)
        let last = db.lastInsertedRowID
        // One transaction appends them, so their ids are consecutive.
        return (last - Int64(observations.count) + 1, last)
    }

    /// The schools of the latest load that changed something, in the order of `schools.csv`.
    private static func writeSchools(_ schools: [School], db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (position, school) in schools.enumerated() {
            let attributes = String(decoding: try encoder.encode(school.attributes), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO school (id, position, name, students, aliases, attributes) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET position = excluded.position, name = excluded.name,
                    students = excluded.students, aliases = excluded.aliases, attributes = excluded.attributes
                """, arguments: [school.id, position, school.name, school.students, school.aliases.joined(separator: "; "), attributes])
        }
    }
}

/// SHA-256 of a long stream, taken over 4 MiB chunks and then over the
/// chunks' digests (so no copy of the whole stream is held).
struct ChunkedDigest {
    private var buffer: [UInt8] = []
    private var digests: [UInt8] = []

    /// A value's fields as bytes: texts followed by a 0 byte, numbers as
    /// their 8 bytes (a missing number as a 1 byte alone), so two different
    /// values never give the same bytes.
    mutating func add(_ observation: Observation) {
        add(observation.schoolID)
        add(observation.indicatorID)
        add(observation.value)
        add(observation.base)
        add(observation.source)
        if buffer.count >= 1 << 22 { flush() }
    }

    private mutating func add(_ source: SourceRow) {
        add(source.file)
        add(Double(source.line))
        add(source.column)
        add(source.original)
    }

    /// A load without conflicts (every load of a v1 store) digests as before v2.
    mutating func add(_ conflict: SourceConflict) {
        add("conflict")
        add(conflict.schoolID)
        add(conflict.indicatorID)
        add(conflict.value)
        add(conflict.source)
        add(conflict.otherValue)
        add(conflict.otherSource)
    }

    private mutating func add(_ text: String?) {
        guard var text else { buffer.append(1); return }
        text.withUTF8 { buffer.append(contentsOf: $0) }
        buffer.append(0)
    }

    private mutating func add(_ number: Double?) {
        guard let number else { buffer.append(1); return }
        withUnsafeBytes(of: number.bitPattern.littleEndian) { buffer.append(contentsOf: $0) }
    }

    mutating func add(_ figure: SurveyFigure) {
        add("survey")
        add(figure.schoolID)
        add(figure.indicatorID)
        add(Double(figure.respondents))
        for number in [figure.value, figure.low, figure.high, figure.alpha] { add(number) }
    }

    private mutating func flush() {
        digests += SHA256.digest(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func finish() -> String {
        flush()
        return SHA256.hex(digests)
    }
}
