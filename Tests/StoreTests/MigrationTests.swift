import Foundation
import GRDB
import Testing
@testable import MsokoModel
@testable import MsokoPipeline
@testable import MsokoStore
import MsokoTestSupport

/// `Fixtures/v1-sample.sqlite`: a store of schema v1 written by the msoko of
/// before v2 (how it was made: `Fixtures/README.md`).
let v1Fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/v1-sample.sqlite")

@Suite("Schema migrations of the history store")
struct MigrationTests {
    @Test("a store set up to each earlier schema (no data) opens, is migrated to the newest and reads as empty")
    func everyEarlierSchemaEmpty() throws {
        let versions = HistoryStore.schemaVersions
        #expect(versions == ["v1", "v2"])
        for earlier in versions.dropLast() {
            let scratch = try ScratchFolder()
            let path = scratch.path("\(earlier).sqlite")
            let queue = try DatabaseQueue(path: path)
            try HistoryStore.migrator.migrate(queue, upTo: earlier)
            try queue.close()
            // `create: false` is how run, history and export open it.
            let store = try HistoryStore(path: path, create: false)
            let applied = try store.read { db in try HistoryStore.migrator.appliedIdentifiers(db) }
            #expect(applied == Set(versions), "from \(earlier)")
            #expect(try store.history().isEmpty)
            let current = try store.current()
            #expect(current.observations.isEmpty && current.conflicts.isEmpty && current.surveys.isEmpty)
            #expect(try store.integrityCheck() == ["ok"])
        }
    }

    @Test("a v1 store with data (the committed fixture) is migrated on open and reads back every value, with its digests")
    func v1StoreWithData() throws {
        let scratch = try ScratchFolder()
        let path = scratch.path("history.sqlite")
        try FileManager.default.copyItem(at: v1Fixture, to: URL(fileURLWithPath: path))
        let before = try DatabaseQueue(path: path)
        #expect(try before.read { db in try HistoryStore.migrator.appliedIdentifiers(db) } == ["v1"])
        try before.close()

        let store = try HistoryStore(path: path, create: false)
        #expect(try store.read { db in try HistoryStore.migrator.appliedIdentifiers(db) } == Set(HistoryStore.schemaVersions))
        let history = try store.history()
        #expect(history.count == 25 && history.allSatisfy { $0.version == 1 && $0.current })
        #expect(history.reduce(0) { $0 + $1.rows } == 1830)
        // Values recorded when the fixture was made (`sqlite3 … "SELECT digest FROM load"`).
        #expect(history.first { $0.period == Period("2023/24")! }?.digest
                == "262ec7d9d6027a2fe5ca5491b7b734597b8c8f69bf143df3934ab3a1490252d3")
        let current = try store.current()
        #expect(current.observations.count == 1830 && current.conflicts.isEmpty)
        #expect(current.surveys.count == 6)
        let verified = try store.verify()
        #expect(verified.mismatched.isEmpty && verified.values == 1830)
        #expect(try store.integrityCheck() == ["ok"])
        // Opening it again migrates nothing and changes nothing.
        let again = try HistoryStore(path: path, create: false)
        #expect(try again.history() == history)
    }

    @Test("a migrated v1 store takes a new load with source conflicts; its earlier loads keep their versions")
    func v1StoreTakesConflicts() throws {
        let scratch = try ScratchFolder()
        let pipeline = try storedSampleWithConflicts(in: scratch.url)
        try FileManager.default.copyItem(at: v1Fixture, to: scratch.url.appendingPathComponent("history.sqlite"))
        let result = try StoredPipeline.ingest(pipelinePath: pipeline, now: fixedTime).result
        let changed = result.periods.filter { $0.change != .unchanged }
        // The two periods that now hold a conflict (and an extra value) get version 2.
        #expect(Set(changed.map(\.period)).isSuperset(of: [Period("2023/24")!, Period("2023/24-4")!]))
        #expect(changed.allSatisfy { $0.version == 2 })
        let store = try HistoryStore(path: scratch.path("history.sqlite"), create: false)
        #expect(try store.current().conflicts.count == 3)
        #expect(try store.verify().mismatched.isEmpty)
        #expect(try store.history().filter { $0.version == 1 }.count == 25)
    }
}
