import Foundation
import GRDB
import MsokoIngest
import MsokoModel

/// One version of one period (`msoko history`, the manifest's `store`).
public struct StoredLoad: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public let path: String
        public let sha256: String
        public let rows: Int
    }

    /// The load's row id in the store.
    public let id: Int64
    public let period: Period
    public let version: Int
    public let loadedAt: String
    public let catalogSHA256: String
    public let digest: String
    public let rows: Int
    public let current: Bool
    public let files: [File]
}

/// The current version of each period: what a run takes from the store.
public struct StoredHistory: Sendable {
    public let loads: [StoredLoad]
    public let observations: [Observation]
    /// The survey figures of those loads (their t-intervals).
    public let surveys: [SurveyFigure]
    /// The source conflicts of those loads (none for a load stored before schema v2).
    public let conflicts: [SourceConflict]
}

extension HistoryStore {
    /// Every load, by period then version.
    public func history() throws -> [StoredLoad] {
        try read { db in
            let files = try Row.fetchAll(db, sql: "SELECT load_id, path, sha256, rows FROM load_file ORDER BY id")
            let byLoad = Dictionary(grouping: files, by: { $0["load_id"] as Int64 })
            return try Row.fetchAll(db, sql: """
                SELECT load.id, period, version, loaded_at, catalog_version.sha256 AS catalog, digest, rows, current
                FROM load JOIN catalog_version ON catalog_version.id = load.catalog_version_id
                """).map { row in
                StoredLoad(id: row["id"], period: Period(row["period"] as String)!, version: row["version"], loadedAt: row["loaded_at"],
                           catalogSHA256: row["catalog"], digest: row["digest"], rows: row["rows"], current: row["current"],
                           files: (byLoad[row["id"]] ?? []).map { StoredLoad.File(path: $0["path"], sha256: $0["sha256"], rows: $0["rows"]) })
            }.sorted { ($0.period, $0.version) < ($1.period, $1.version) }
        }
    }

    /// The current version of each period and its observations, periods in
    /// order, each period's values in the order they were read at ingest.
    /// `from`/`to` bound the periods (inclusive).
    ///
    /// Consistency: one read transaction takes the current loads, their
    /// survey figures and conflicts, so a concurrent ingest is seen whole or
    /// not at all. The observations of those loads are then read on the
    /// pool's reader connections, a load per task, in parallel: a committed
    /// load's rows (its row-id range) are never changed or deleted, so every
    /// connection reads the same rows whatever commits meanwhile. Each task
    /// fills its own slice of one array (no copy afterwards), so the result
    /// does not depend on the number of threads.
    public func current(from: Period? = nil, to: Period? = nil) throws -> StoredHistory {
        let (ranges, surveys, conflicts, filePaths) = try read { db in
            let ranges = try Row.fetchAll(db, sql: """
                SELECT load.id, period, version, loaded_at, catalog_version.sha256 AS catalog, digest, rows,
                       first_observation, last_observation
                FROM load JOIN catalog_version ON catalog_version.id = load.catalog_version_id WHERE current = 1
                """).compactMap { row -> LoadRange? in
                let period = Period(row["period"] as String)!
                if let from, period < from { return nil }
                if let to, to < period { return nil }
                return LoadRange(load: StoredLoad(id: row["id"], period: period, version: row["version"], loadedAt: row["loaded_at"],
                                                  catalogSHA256: row["catalog"], digest: row["digest"], rows: row["rows"],
                                                  current: true, files: []),
                                 first: row["first_observation"], last: row["last_observation"])
            }.sorted { $0.load.period < $1.load.period }
            let fileRows = try Row.fetchAll(db, sql: "SELECT id, path FROM load_file")
            let filePaths = Dictionary(uniqueKeysWithValues: fileRows.map { ($0["id"] as Int64, $0["path"] as String) })
            return (ranges, try Self.surveys(of: ranges.map(\.load), db: db), try Self.conflicts(of: ranges.map(\.load), db: db),
                    filePaths)
        }
        let observations = try readObservations(ranges, filePaths: filePaths)
        return StoredHistory(loads: ranges.map(\.load), observations: observations, surveys: surveys, conflicts: conflicts)
    }

    /// A current load and the row ids of its observations.
    struct LoadRange: Sendable {
        let load: StoredLoad
        let first: Int64
        let last: Int64
        var count: Int { max(0, Int(last - first + 1)) }
    }

    /// The observations of `ranges`, in order; a load per task on the
    /// pool's reader connections (see `current`).
    private func readObservations(_ ranges: [LoadRange], filePaths: [Int64: String]) throws -> [Observation] {
        let offsets = ranges.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let total = offsets.last!
        let errors = TaskErrors()
        let pool = self.pool
        let path = self.path
        let observations = [Observation](unsafeUninitializedCapacity: total) { buffer, initialized in
            let slots = SharedSlots(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
                let range = ranges[index]
                let start = slots.base.map { $0 + offsets[index] }
                var filled = 0
                do {
                    try pool.read { db in
                        let rows = try SQLiteRows(db, sql: """
                            SELECT file_id, school_id, indicator, value, base, line, "column", original
                            FROM observation WHERE id BETWEEN ? AND ? ORDER BY id
                            """)
                        defer { rows.finalize() }
                        var names = InternedStrings()
                        filled = try rows.readObservations(first: range.first, last: range.last, period: range.load.period,
                                                           filePaths: filePaths, names: &names, into: start, capacity: range.count)
                    }
                    guard filled == range.count else {
                        throw StoreError.database(path: path, message: "\(range.load.period) version \(range.load.version): "
                                                  + "\(filled) of its \(range.count) values could be read")
                    }
                } catch {
                    // The task's slice is given back whole: what it initialised is destroyed.
                    start?.deinitialize(count: filled)
                    errors.record(index, Self.storeError(error, path: path))
                }
            }
            let failed = errors.failed
            guard !failed.isEmpty else { initialized = total; return }
            for index in ranges.indices where !failed.contains(index) {
                if let base = slots.base { (base + offsets[index]).deinitialize(count: ranges[index].count) }
            }
            initialized = 0
        }
        if let error = errors.first { throw error }
        return observations
    }

    private static func surveys(of loads: [StoredLoad], db: Database) throws -> [SurveyFigure] {
        var surveys: [SurveyFigure] = []
        let statement = try db.makeStatement(sql: """
            SELECT school_id, indicator, respondents, value, low, high, alpha FROM survey WHERE load_id = ? ORDER BY rowid
            """)
        for load in loads {
            for row in try Row.fetchAll(statement, arguments: [load.id]) {
                surveys.append(SurveyFigure(schoolID: row[0], period: load.period, indicatorID: row[1], respondents: row[2],
                                            value: row[3], low: row[4], high: row[5], alpha: row[6]))
            }
        }
        return surveys
    }

    private static func conflicts(of loads: [StoredLoad], db: Database) throws -> [SourceConflict] {
        var conflicts: [SourceConflict] = []
        let statement = try db.makeStatement(sql: """
            SELECT school_id, indicator, value, file, line, "column", original,
                   other_value, other_file, other_line, other_column, other_original
            FROM source_conflict WHERE load_id = ? ORDER BY rowid
            """)
        for load in loads {
            for row in try Row.fetchAll(statement, arguments: [load.id]) {
                conflicts.append(SourceConflict(
                    schoolID: row[0], period: load.period, indicatorID: row[1],
                    value: row[2], source: SourceRow(file: row[3], line: row[4], column: row[5], original: row[6]),
                    otherValue: row[7], otherSource: SourceRow(file: row[8], line: row[9], column: row[10], original: row[11])))
            }
        }
        return conflicts
    }

    /// The stored schools, in the order of the latest `schools.csv` ingested.
    public func schools() throws -> [School] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, students, aliases, attributes FROM school ORDER BY position, id").map { row in
                let attributes = try JSONDecoder().decode([String: String].self, from: Data((row["attributes"] as String).utf8))
                let aliases = (row["aliases"] as String).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                return School(id: row["id"], name: row["name"], students: row["students"], attributes: attributes,
                              aliases: aliases, source: SourceRow(file: path, line: 0))
            }
        }
    }

    /// Reads every current version back and recomputes its digest: the
    /// periods whose values no longer match what was loaded (an empty list:
    /// all match). `msoko history --verify`; also the read-back benchmark.
    /// `readCPUSeconds` is the processor time of the read on every thread,
    /// which, unlike its wall time, does not depend on other load.
    public func verify() throws -> (periods: Int, values: Int, mismatched: [Period], readSeconds: Double, readCPUSeconds: Double) {
        let started = Date()
        let cpuStarted = Self.processorSeconds()
        let history = try current()
        let readSeconds = Date().timeIntervalSince(started)
        let readCPUSeconds = Self.processorSeconds() - cpuStarted
        var digests: [Period: ChunkedDigest] = [:]
        for observation in history.observations { digests[observation.period, default: ChunkedDigest()].add(observation) }
        for figure in history.surveys { digests[figure.period, default: ChunkedDigest()].add(figure) }
        for conflict in history.conflicts { digests[conflict.period, default: ChunkedDigest()].add(conflict) }
        let mismatched = history.loads.filter { load in
            var digest = digests[load.period] ?? ChunkedDigest()
            return digest.finish() != load.digest
        }.map(\.period)
        return (history.loads.count, history.observations.count, mismatched, readSeconds, readCPUSeconds)
    }

    /// The process's processor time (user and system, all threads), in seconds.
    static func processorSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `PRAGMA integrity_check`: `["ok"]` for a sound file.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}

/// The observations' buffer, shared by the tasks of `readObservations`;
/// each writes only its own slice.
private struct SharedSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<Observation>?
}

/// The failures of parallel tasks, by task number.
private final class TaskErrors: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Int: Error] = [:]

    func record(_ index: Int, _ error: Error) { lock.withLock { errors[index] = error } }
    var failed: Set<Int> { lock.withLock { Set(errors.keys) } }
    /// The failure of the earliest task, so the error does not depend on timing.
    var first: Error? { lock.withLock { errors.keys.min().flatMap { errors[$0] } } }
}

