import Foundation
import GRDB
import GRDBSQLite
import MsokoIngest
import MsokoModel

/// The two hot loops of the store, on SQLite's C interface: appending a
/// load's observations and reading them back. GRDB's `Statement` builds a
/// `StatementArguments` array per row and its `Row` a value per cell; with
/// 12.8 million rows that was most of the time (measured: ingest 100 s,
/// reading back 39 s on the 2-core machine, Benchmarks/store/README.md).
/// This is the only code of msoko that touches `sqlite3_*` pointers.
struct SQLiteRows {
    /// SQLite copies a text bound with this destructor before returning.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private let db: Database
    private let statement: OpaquePointer

    init(_ db: Database, sql: String) throws {
        self.db = db
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &handle, nil)
        guard code == SQLITE_OK, let handle else { throw Self.error(db, code) }
        statement = handle
    }

    func finalize() { sqlite3_finalize(statement) }

    private static func error(_ db: Database, _ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }

    // MARK: writing

    /// Appends observations (`INSERT … VALUES (?, …, ?)` of
    /// file_id, school_id, indicator, value, base, line, column, original).
    func insert(_ observations: [Observation], fileIDs: [String: Int64]) throws {
        for observation in observations {
            let source = observation.source
            sqlite3_reset(statement)
            sqlite3_bind_int64(statement, 1, fileIDs[source.file]!)
            bind(2, observation.schoolID)
            bind(3, observation.indicatorID)
            bind(4, observation.value)
            bind(5, observation.base)
            sqlite3_bind_int64(statement, 6, Int64(source.line))
            bind(7, source.column)
            bind(8, source.original)
            let code = sqlite3_step(statement)
            guard code == SQLITE_DONE else { throw Self.error(db, code) }
        }
        sqlite3_reset(statement)
    }

    private func bind(_ index: Int32, _ text: String?) {
        guard var text else { sqlite3_bind_null(statement, index); return }
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  Int32(bytes.count), Self.transient)
        }
    }

    private func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    // MARK: reading

    /// Reads the rows of `SELECT file_id, school_id, indicator, value, base,
    /// line, column, original … WHERE id BETWEEN ? AND ?` into observations
    /// of `period`, initialising `into[0..<n]`, at most `capacity`; returns n.
    /// Equal texts share one `String` (`names`), so 12.8 million rows hold a
    /// few thousand strings; the file of the previous row is reused without
    /// a lookup (a load's rows come file by file).
    func readObservations(first: Int64, last: Int64, period: Period, filePaths: [Int64: String],
                          names: inout InternedStrings, into slots: UnsafeMutablePointer<Observation>?,
                          capacity: Int) throws -> Int {
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, first)
        sqlite3_bind_int64(statement, 2, last)
        var count = 0
        var fileID: Int64 = -1
        var file = ""
        while count < capacity, let slots {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw Self.error(db, code) }
            let id = sqlite3_column_int64(statement, 0)
            if id != fileID {
                guard let path = filePaths[id] else {
                    throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "an observation names file \(id), which the store does not list")
                }
                (fileID, file) = (id, path)
            }
            let school = names.string(statement, 1)!
            let indicator = names.string(statement, 2)!
            (slots + count).initialize(to: Observation(
                schoolID: school, period: period, indicatorID: indicator, value: double(3), base: double(4),
                source: SourceRow(file: file, line: Int(sqlite3_column_int64(statement, 5)),
                                  column: names.string(statement, 6), original: names.string(statement, 7))))
            count += 1
        }
        sqlite3_reset(statement)
        return count
    }

    private func double(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }
}

/// Texts read from SQLite, one `String` per distinct text (`ByteInterner`
/// finds it from the bytes, without building a `String` per cell). Each
/// column first compares with its previous row's text: a load's rows come
/// school by school, so the school is found without hashing.
struct InternedStrings {
    private var interner = ByteInterner()
    private var strings: [String] = []
    private var previous: [Int] = Array(repeating: -1, count: 8)

    mutating func string(_ statement: OpaquePointer, _ column: Int32) -> String? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL, let text = sqlite3_column_text(statement, column) else {
            return nil
        }
        let bytes = UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
        let slot = Int(column)
        if slot < previous.count, previous[slot] >= 0, same(previous[slot], bytes) { return strings[previous[slot]] }
        let number = interner.index(of: bytes)
        if number == strings.count { strings.append(String(decoding: bytes, as: UTF8.self)) }
        if slot < previous.count { previous[slot] = number }
        return strings[number]
    }

    private func same(_ number: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let start = interner.offsets[number], length = interner.offsets[number + 1] - start
        guard length == bytes.count else { return false }
        return length == 0 || interner.bytes.withUnsafeBytes { memcmp($0.baseAddress! + start, bytes.baseAddress!, length) == 0 }
    }
}
