import Foundation
import GRDB
import MsokoModel

/// Why the history store could not be used.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// Another process holds the write lock longer than the timeout.
    case busy(path: String)
    /// The store was written by a newer msoko (a migration this one does not know).
    case newerSchema(path: String, unknown: [String])
    /// `run`, `history` or `export` on a store no ingest has created.
    case missing(path: String)
    /// `--period` names a period the inputs do not hold.
    case periodNotInInputs(Period, available: [Period])
    /// The pipeline has no `store:` key.
    case noStoreKey(pipeline: String)
    /// Any other SQLite failure (a file that is not a database, a full disk, …).
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case .busy(let path):
            return "\(path): the store is busy (another msoko ingest?); try again when it has finished"
        case .newerSchema(let path, let unknown):
            return "\(path): the store was written by a newer msoko (schema \(unknown.joined(separator: ", "))); "
                + "use that version or a newer one"
        case .missing(let path):
            return "\(path): no history store there yet; create it with `msoko ingest PIPELINE.yaml`"
        case .periodNotInInputs(let period, let available):
            return "period \(period) has no observation in the pipeline's inputs; periods present: "
                + (available.isEmpty ? "none" : available.map(\.description).joined(separator: ", "))
        case .noStoreKey(let pipeline):
            return "\(pipeline): the pipeline names no store; add `store: district.sqlite` to it"
        case .database(let path, let message):
            return "\(path): \(message)"
        }
    }
}

/// The history store (docs/contract.md §9): one SQLite file, in WAL mode,
/// holding every value each school submitted for each period, every earlier
/// version of a period, and the files (with SHA-256) they came from.
///
/// Versions are whole loads: ingesting a period again adds a load with the
/// next version number and marks it current in the same transaction that
/// writes its rows, so a reader (or a crash) sees either the earlier load
/// or the new one, never a mix. The observations of one load occupy one
/// contiguous range of row ids (one transaction appends them), which
/// is how they are found: no index to maintain on 12.8 million rows.
public final class HistoryStore: @unchecked Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (`create`: creating and migrating if needed) the store at `path`.
    /// A writer that finds the store locked waits up to `busyTimeout`
    /// seconds, then fails with `StoreError.busy`.
    public init(path: String, create: Bool, busyTimeout: Double = 10) throws {
        self.path = path
        if !create && !FileManager.default.fileExists(atPath: path) { throw StoreError.missing(path: path) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.readonly = false
        configuration.prepareDatabase { db in
            // NORMAL is WAL's usual level: a crash, even of the machine, never
            // corrupts the store or splits a transaction; only the last commit
            // before a power loss may be undone.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Reading back maps the file instead of copying every page into
            // SQLite's cache (measured: Benchmarks/store/README.md). SQLite
            // caps it at its compile-time limit (2 GB by default).
            try db.execute(sql: "PRAGMA mmap_size = 4294967296")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Self.migrator
            let superseded = try pool.read { db -> [String] in
                let known = Set(migrator.migrations)
                return try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
            }
            guard superseded.isEmpty else { throw StoreError.newerSchema(path: path, unknown: superseded) }
            let (pending, applied) = try pool.read { db in
                (try !migrator.hasCompletedMigrations(db), try migrator.appliedIdentifiers(db))
            }
            if pending {
                // A file no ingest has set up is not a store; one of an earlier
                // schema is brought up to date whoever opens it.
                guard create || !applied.isEmpty else { throw StoreError.missing(path: path) }
                try migrator.migrate(pool)
            }
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// Maps SQLite's failures to the messages of docs/contract.md §9.
    static func storeError(_ error: Error, path: String) -> Error {
        if error is StoreError { return error }
        if let database = error as? DatabaseError {
            if database.resultCode == .SQLITE_BUSY || database.resultCode == .SQLITE_LOCKED { return StoreError.busy(path: path) }
            return StoreError.database(path: path, message: database.message ?? "\(database.resultCode)")
        }
        return error
    }

    /// The schema, one migration per version. A migration, once released, is
    /// never edited: a change is a new migration (tests open a store of every
    /// earlier schema).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "school") { table in
                table.primaryKey("id", .text)
                table.column("position", .integer).notNull()
                table.column("name", .text).notNull()
                table.column("students", .integer)
                table.column("aliases", .text).notNull()
                // The further columns of schools.csv, as JSON with sorted keys.
                table.column("attributes", .text).notNull()
            }
            try db.create(table: "catalog_version") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("sha256", .text).notNull().unique()
                table.column("path", .text).notNull()
            }
            try db.create(table: "load") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("period", .text).notNull()
                table.column("version", .integer).notNull()
                table.column("loaded_at", .text).notNull()
                table.column("catalog_version_id", .integer).notNull().references("catalog_version")
                // SHA-256 of the load's values and places, in order: equal digests, equal contents.
                table.column("digest", .text).notNull()
                table.column("rows", .integer).notNull()
                table.column("first_observation", .integer).notNull()
                table.column("last_observation", .integer).notNull()
                // 1 for the period's current version; 0 once superseded.
                table.column("current", .boolean).notNull()
                table.uniqueKey(["period", "version"])
            }
            try db.create(table: "load_file") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("load_id", .integer).notNull().references("load")
                table.column("path", .text).notNull()
                table.column("sha256", .text).notNull()
                table.column("rows", .integer).notNull()
            }
            try db.create(table: "observation") { table in
                // The plain row id (no AUTOINCREMENT: its bookkeeping costs on
                // every row, and rows are never deleted, so ids are never reused).
                table.primaryKey("id", .integer)
                table.column("file_id", .integer).notNull()
                table.column("school_id", .text).notNull()
                table.column("indicator", .text).notNull()
                table.column("value", .double)
                table.column("base", .double)
                table.column("line", .integer).notNull()
                table.column("column", .text)
                table.column("original", .text)
            }
            // The survey figures of a load (native survey sources): their
            // t-intervals give a survey deficit its uncertainty (docs/contract.md §7.2).
            try db.create(table: "survey") { table in
                table.column("load_id", .integer).notNull().references("load")
                table.column("school_id", .text).notNull()
                table.column("indicator", .text).notNull()
                table.column("respondents", .integer).notNull()
                table.column("value", .double)
                table.column("low", .double)
                table.column("high", .double)
                table.column("alpha", .double)
            }
            try db.create(index: "survey_by_load", on: "survey", columns: ["load_id"])
        }
        // v2: the source conflicts of a load (docs/contract.md §7.2), so a run
        // from the store, and `msoko export`, list them as the run from the
        // files does. Loads of a v1 store have none recorded.
        migrator.registerMigration("v2") { db in
            try db.create(table: "source_conflict") { table in
                table.column("load_id", .integer).notNull().references("load")
                table.column("school_id", .text).notNull()
                table.column("indicator", .text).notNull()
                // The value used and its place …
                table.column("value", .double)
                table.column("file", .text).notNull()
                table.column("line", .integer).notNull()
                table.column("column", .text)
                table.column("original", .text)
                // … and the later value that was not.
                table.column("other_value", .double)
                table.column("other_file", .text).notNull()
                table.column("other_line", .integer).notNull()
                table.column("other_column", .text)
                table.column("other_original", .text)
            }
            try db.create(index: "source_conflict_by_load", on: "source_conflict", columns: ["load_id"])
        }
        return migrator
    }

    /// The identifiers of the schema versions this msoko knows, oldest first.
    public static var schemaVersions: [String] { migrator.migrations }

    /// Runs `body` in a read transaction (a snapshot: a concurrent ingest is
    /// invisible until it commits).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw Self.storeError(error, path: path) }
    }
}
