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
    /// `from`/`to` bound the periods (inclusive). One read transaction: a
    /// concurrent ingest is seen whole or not at all.
    public func current(from: Period? = nil, to: Period? = nil) throws -> StoredHistory {
        try read { db in
            let loads = try Row.fetchAll(db, sql: """
                SELECT load.id, period, version, loaded_at, catalog_version.sha256 AS catalog, digest, rows,
                       first_observation, last_observation
                FROM load JOIN catalog_version ON catalog_version.id = load.catalog_version_id WHERE current = 1
                """).compactMap { row -> (StoredLoad, Int64, Int64)? in
                let period = Period(row["period"] as String)!
                if let from, period < from { return nil }
                if let to, to < period { return nil }
                return (StoredLoad(id: row["id"], period: period, version: row["version"], loadedAt: row["loaded_at"],
                                   catalogSHA256: row["catalog"], digest: row["digest"], rows: row["rows"], current: true, files: []),
                        row["first_observation"], row["last_observation"])
            }.sorted { $0.0.period < $1.0.period }
            let fileRows = try Row.fetchAll(db, sql: "SELECT id, path FROM load_file")
            let filePaths = Dictionary(uniqueKeysWithValues: fileRows.map { ($0["id"] as Int64, $0["path"] as String) })
            var observations: [Observation] = []
            observations.reserveCapacity(loads.reduce(0) { $0 + $1.0.rows })
            let rows = try SQLiteRows(db, sql: """
                SELECT file_id, school_id, indicator, value, base, line, "column", original
                FROM observation WHERE id BETWEEN ? AND ? ORDER BY id
                """)
            defer { rows.finalize() }
            var names = InternedStrings()
            for (load, first, last) in loads {
                try rows.readObservations(first: first, last: last, period: load.period, filePaths: filePaths,
                                          names: &names, into: &observations)
            }
            var surveys: [SurveyFigure] = []
            let surveyStatement = try db.makeStatement(sql: """
                SELECT school_id, indicator, respondents, value, low, high, alpha FROM survey WHERE load_id = ? ORDER BY rowid
                """)
            for (load, _, _) in loads {
                for row in try Row.fetchAll(surveyStatement, arguments: [load.id]) {
                    surveys.append(SurveyFigure(schoolID: row[0], period: load.period, indicatorID: row[1], respondents: row[2],
                                                value: row[3], low: row[4], high: row[5], alpha: row[6]))
                }
            }
            return StoredHistory(loads: loads.map(\.0), observations: observations, surveys: surveys)
        }
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
    public func verify() throws -> (periods: Int, values: Int, mismatched: [Period], readSeconds: Double) {
        let started = Date()
        let history = try current()
        let readSeconds = Date().timeIntervalSince(started)
        var digests: [Period: ChunkedDigest] = [:]
        for observation in history.observations { digests[observation.period, default: ChunkedDigest()].add(observation) }
        for figure in history.surveys { digests[figure.period, default: ChunkedDigest()].add(figure) }
        let mismatched = history.loads.filter { load in
            var digest = digests[load.period] ?? ChunkedDigest()
            return digest.finish() != load.digest
        }.map(\.period)
        return (history.loads.count, history.observations.count, mismatched, readSeconds)
    }

    /// `PRAGMA integrity_check`: `["ok"]` for a sound file.
    public func integrityCheck() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
