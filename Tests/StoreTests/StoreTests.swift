import Foundation
import GRDB
import Testing
@testable import MsokoModel
@testable import MsokoPipeline
@testable import MsokoStore
import MsokoTestSupport

/// A sample district whose pipeline names `store: history.sqlite`; returns the pipeline's path.
func storedSample(in folder: URL, schools: Int = 6, seed: UInt64 = 2024) throws -> String {
    try SampleDistrict(schoolCount: schools, seed: seed).write(to: folder)
    let pipeline = folder.appendingPathComponent("pipeline.yaml")
    let text = try String(contentsOf: pipeline, encoding: .utf8)
    try (text + "store: history.sqlite\n").write(to: pipeline, atomically: true, encoding: .utf8)
    return pipeline.path
}

/// `storedSample` whose observations.csv also gives three values the native
/// sources give too (the passports for 2023/24, the Navigator for
/// 2023/24-4), so the run has source conflicts in two periods.
func storedSampleWithConflicts(in folder: URL) throws -> String {
    let pipeline = try storedSample(in: folder)
    let observations = folder.appendingPathComponent("observations.csv")
    var text = try String(contentsOf: observations, encoding: .utf8)
    if !text.hasSuffix("\n") { text += "\n" }
    text += "S01,2023/24,local_regulations,0,\nS02,2023/24,upbringing_programme,1,\nS03,2023/24-4,additional_education_coverage,55.5,\n"
    try text.write(to: observations, atomically: true, encoding: .utf8)
    return pipeline
}

/// The bytes of every file under `folder/tables`, by name.
func tables(_ folder: URL) throws -> [String: Data] {
    let directory = folder.appendingPathComponent("tables")
    var result: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
        result[name] = try Data(contentsOf: directory.appendingPathComponent(name))
    }
    return result
}

let fixedTime = Date(timeIntervalSince1970: 1_790_000_000)

@Suite("The history store")
struct StoreTests {
    @Test("an empty store is migrated to the newest schema, and opening it again migrates nothing")
    func migrationsFromEmpty() throws {
        let scratch = try ScratchFolder()
        let path = scratch.path("empty.sqlite")
        _ = try HistoryStore(path: path, create: true)
        let store = try HistoryStore(path: path, create: false)
        let applied = try store.read { db in try HistoryStore.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(HistoryStore.schemaVersions))
        #expect(try store.history().isEmpty)
        #expect(try store.integrityCheck() == ["ok"])
        let mode = try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("a store written by a newer msoko (an unknown migration) is refused with a clear message")
    func newerSchemaRefused() throws {
        let scratch = try ScratchFolder()
        let path = scratch.path("newer.sqlite")
        _ = try HistoryStore(path: path, create: true)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        try queue.close()
        #expect(throws: StoreError.newerSchema(path: path, unknown: ["v99"])) { try HistoryStore(path: path, create: true) }
        #expect("\(StoreError.newerSchema(path: path, unknown: ["v99"]))".contains("written by a newer msoko"))
    }

    @Test("run, history and export refuse a store that does not exist instead of creating it")
    func missingStore() throws {
        let scratch = try ScratchFolder()
        let path = scratch.path("none.sqlite")
        #expect(throws: StoreError.missing(path: path)) { try HistoryStore(path: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("the same files ingested twice change nothing, and the second ingest says so")
    func sameFilesTwice() throws {
        let scratch = try ScratchFolder()
        let pipeline = try storedSample(in: scratch.url)
        let first = try StoredPipeline.ingest(pipelinePath: pipeline, now: fixedTime).result
        #expect(!first.nothingChanged && first.periods.allSatisfy { $0.change == .added && $0.version == 1 })
        let second = try StoredPipeline.ingest(pipelinePath: pipeline, now: fixedTime.addingTimeInterval(60)).result
        #expect(second.nothingChanged)
        let history = try HistoryStore(path: scratch.path("history.sqlite"), create: false).history()
        #expect(history.count == first.periods.count && history.allSatisfy { $0.version == 1 && $0.current })
    }

    @Test("a period re-ingested with a corrected value: run uses the new value, history shows both versions with their files and hashes")
    func correctedResubmission() throws {
        let scratch = try ScratchFolder()
        let pipeline = try storedSample(in: scratch.url)
        _ = try StoredPipeline.ingest(pipelinePath: pipeline, now: fixedTime)
        let observations = scratch.url.appendingPathComponent("observations.csv")
        var lines = try String(contentsOf: observations, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let target = lines.firstIndex { $0.hasPrefix("S01,2022/23,") && $0.split(separator: ",", omittingEmptySubsequences: false)[3] != "" }!
        var cells = lines[target].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let indicator = cells[2]
        let corrected = Double(cells[3])! == 1 ? 0.0 : 1.0
        cells[3] = Table.number(corrected)
        lines[target] = cells.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: observations, atomically: true, encoding: .utf8)

        let result = try StoredPipeline.ingest(pipelinePath: pipeline, period: Period("2022/23"), now: fixedTime.addingTimeInterval(3600)).result
        #expect(result.periods.count == 1 && result.periods[0].change == .replaced(previousVersion: 1) && result.periods[0].version == 2)
        // Every other period's values did not change: no new version even with all periods.
        let again = try StoredPipeline.ingest(pipelinePath: pipeline, now: fixedTime.addingTimeInterval(7200)).result
        #expect(again.nothingChanged)

        let history = try HistoryStore(path: scratch.path("history.sqlite"), create: false).history()
        let versions = history.filter { $0.period == Period("2022/23")! }
        #expect(versions.map(\.version) == [1, 2] && versions.map(\.current) == [false, true])
        #expect(versions[0].files.map(\.path) == ["observations.csv"] && versions[1].files.map(\.path) == ["observations.csv"])
        #expect(versions[0].files[0].sha256 != versions[1].files[0].sha256 && versions[0].digest != versions[1].digest)
        #expect(versions[0].loadedAt != versions[1].loadedAt)
        #expect(try HistoryStore(path: scratch.path("history.sqlite"), create: false).verify().mismatched.isEmpty)

        let run = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("out")))
        let used = run.dataset.observations.first { $0.schoolID == "S01" && $0.period == Period("2022/23")! && $0.indicatorID == indicator }
        #expect(used?.value == corrected)
        let manifest = try String(contentsOfFile: scratch.path("out/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"store\"") && manifest.contains("\"version\" : 2"))
    }

    @Test("a run from the store gives the same tables as the run from the files it was loaded from, source conflicts included")
    func storeRunEqualsFileRun() throws {
        let scratch = try ScratchFolder()
        let pipeline = try storedSampleWithConflicts(in: scratch.url)
        let plain = scratch.path("plain.yaml")
        try String(contentsOfFile: pipeline, encoding: .utf8).replacingOccurrences(of: "store: history.sqlite\n", with: "")
            .write(toFile: plain, atomically: true, encoding: .utf8)
        _ = try StoredPipeline.ingest(pipelinePath: pipeline, now: fixedTime)
        let run = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("stored")))
        _ = try PipelineRunner.run(pipelinePath: plain, options: RunOptions(outputDirectory: scratch.path("files")))
        #expect(Set(run.dataset.conflicts.map(\.period)) == [Period("2023/24")!, Period("2023/24-4")!])
        #expect(!run.warnings.contains { $0.contains("catalog") })
        let stored = try tables(scratch.url.appendingPathComponent("stored"))
        let files = try tables(scratch.url.appendingPathComponent("files"))
        #expect(stored.keys.sorted() == files.keys.sorted())
        for (name, bytes) in files { #expect(stored[name] == bytes, "tables/\(name)") }
    }

    @Test("export, then ingest into an empty store, then run gives byte-identical tables, source_conflicts.csv included")
    func exportRoundTrip() throws {
        let scratch = try ScratchFolder()
        let pipeline = try storedSampleWithConflicts(in: scratch.url)
        _ = try StoredPipeline.ingest(pipelinePath: pipeline, now: fixedTime)
        _ = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("first")))

        let exported = scratch.url.appendingPathComponent("exported")
        try FileManager.default.createDirectory(at: exported, withIntermediateDirectories: true)
        let store = try HistoryStore(path: scratch.path("history.sqlite"), create: false)
        let counts = try StoredPipeline.export(store: store, directory: exported)
        #expect(counts.conflicts == 3)
        for file in ["indicators.yaml", "measures.yaml"] {
            try FileManager.default.copyItem(at: scratch.url.appendingPathComponent(file), to: exported.appendingPathComponent(file))
        }
        let exportedPipeline = exported.appendingPathComponent("pipeline.yaml").path
        try """
            title: "Синтетический район — мониторинг системы воспитания"
            catalog: indicators.yaml
            measures: measures.yaml
            schools: schools.csv
            observations: [observations.csv]
            surveys: surveys.csv
            conflicts: source_conflicts.csv
            store: again.sqlite
            clustering: {k: auto, k_max: 6, restarts: 20, seed: 42}

            """.write(toFile: exportedPipeline, atomically: true, encoding: .utf8)
        _ = try StoredPipeline.ingest(pipelinePath: exportedPipeline, now: fixedTime)
        _ = try PipelineRunner.run(pipelinePath: exportedPipeline, options: RunOptions(outputDirectory: scratch.path("second")))

        let first = try tables(scratch.url.appendingPathComponent("first"))
        let second = try tables(scratch.url.appendingPathComponent("second"))
        #expect(String(decoding: first["source_conflicts.csv"] ?? Data(), as: UTF8.self).split(separator: "\n").count == 4)
        #expect(first.keys.sorted() == second.keys.sorted())
        for (name, bytes) in first { #expect(second[name] == bytes, "tables/\(name)") }
    }

    @Test("a run whose catalog differs from the one stored with some periods' loads names those periods in a warning and the manifest")
    func catalogVersionDiffers() throws {
        let scratch = try ScratchFolder()
        let pipeline = try storedSample(in: scratch.url)
        _ = try StoredPipeline.ingest(pipelinePath: pipeline, now: fixedTime)
        let same = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("same")))
        // Other warnings (the clustering's adjusted k_max on 6 schools) are not this test's.
        #expect(!same.warnings.contains { $0.contains("catalog") })
        #expect(!(try String(contentsOfFile: scratch.path("same/manifest.json"), encoding: .utf8)).contains("\"note\""))

        // An edited catalog: another catalog version (its SHA-256), the same indicators.
        let catalog = scratch.url.appendingPathComponent("indicators.yaml")
        try (try String(contentsOf: catalog, encoding: .utf8) + "# edited after the ingest\n").write(to: catalog, atomically: true, encoding: .utf8)
        let edited = try PipelineRunner.run(pipelinePath: pipeline, options: RunOptions(outputDirectory: scratch.path("edited")))
        let periods = edited.dataset.periods.map(\.description)
        let warnings = edited.warnings.filter { $0.contains("catalog") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("indicators.yaml differs from the catalog version stored") == true)
        #expect(warnings.first?.contains(periods.joined(separator: ", ")) == true)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: scratch.url.appendingPathComponent("edited/manifest.json")))
        let store = (manifest as? [String: Any])?["store"] as? [String: Any]
        #expect(store?["catalog_differs"] as? [String] == periods)
        #expect((store?["note"] as? String)?.contains("differs") == true)
        #expect(edited.dataset.observations == same.dataset.observations)
    }

    @Test("a second writer waits, then fails with «the store is busy (another msoko ingest?)»")
    func busyStore() throws {
        let scratch = try ScratchFolder()
        let pipeline = try storedSample(in: scratch.url)
        _ = try HistoryStore(path: scratch.path("history.sqlite"), create: true)
        let holder = try DatabaseQueue(path: scratch.path("history.sqlite"))
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            let started = Date()
            var message = ""
            do {
                _ = try StoredPipeline.ingest(pipelinePath: pipeline, now: fixedTime, busyTimeout: 0.3)
            } catch {
                message = "\(error)"
            }
            #expect(message.contains("the store is busy (another msoko ingest?)"))
            #expect(Date().timeIntervalSince(started) >= 0.3)
            try db.execute(sql: "ROLLBACK")
        }
    }
}
