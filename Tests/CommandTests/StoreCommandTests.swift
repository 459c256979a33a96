import Foundation
import Testing
@testable import msoko
import MsokoModel
import MsokoPipeline
@testable import MsokoStore

/// The built `msoko` executable: beside the test bundle (`swift test` builds
/// every product into one folder), else in `.build/debug` of the repository.
func builtExecutable() -> String? {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("msoko").path
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/msoko")
        .standardizedFileURL.path
    return [beside, repository].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// A canonical district (schools.csv and observations.csv of `msoko sample`,
/// no native sources) in `folder`, whose pipeline stores into `store`.
func canonicalDistrict(in folder: URL, schools: Int, seed: UInt64, store: String) throws -> String {
    try SampleDistrict(schoolCount: schools, seed: seed).write(to: folder)
    let pipeline = folder.appendingPathComponent("canonical.yaml").path
    try "catalog: indicators.yaml\nschools: schools.csv\nobservations: [observations.csv]\nstore: \(store)\n"
        .write(toFile: pipeline, atomically: true, encoding: .utf8)
    return pipeline
}

/// The digest of each period's current values as read back from the store.
func periodDigests(_ store: HistoryStore) throws -> [Period: String] {
    var digests: [Period: ChunkedDigest] = [:]
    let history = try store.current()
    for observation in history.observations { digests[observation.period, default: ChunkedDigest()].add(observation) }
    return digests.mapValues { var digest = $0; return digest.finish() }
}

@Suite("msoko ingest, history and export", .serialized)
struct StoreCommandTests {
    @Test("ingesting the same files twice prints «nothing changed»")
    func nothingChangedMessage() throws {
        guard let msoko = builtExecutable() else { Issue.record("msoko executable not found"); return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-store-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = try canonicalDistrict(in: folder, schools: 6, seed: 1, store: "history.sqlite")
        let first = try run(msoko, ["ingest", pipeline])
        #expect(first.status == 0 && first.output.contains("(new period)"))
        let second = try run(msoko, ["ingest", pipeline])
        #expect(second.status == 0 && second.output.contains("nothing changed: the store already holds these files"))
        let history = try run(msoko, ["history", pipeline, "--verify"])
        #expect(history.status == 0 && history.output.contains("version 1 current") && history.output.contains("observations.csv sha256 "))
        #expect(history.output.contains("integrity check: ok"))
        let export = try run(msoko, ["export", pipeline, "--from", "2021/22", "--to", "2022/23", "--out", folder.appendingPathComponent("exported").path])
        #expect(export.status == 0)
        let exported = try String(contentsOf: folder.appendingPathComponent("exported/observations.csv"), encoding: .utf8)
        #expect(exported.hasPrefix("school_id,period,indicator,value,base,source\n") && !exported.contains(",2019/20,")
                && exported.contains(",2021/22,") && exported.contains("observations.csv:"))
        let missing = try run(msoko, ["history", folder.appendingPathComponent("schools.csv").path])
        #expect(missing.status != 0)
    }

    @Test("msoko ingest killed with SIGKILL mid-load leaves a sound store holding each period's earlier rows or the new ones, never a mix; a reader during an ingest sees one or the other")
    func killedIngest() throws {
        guard let msoko = builtExecutable() else { Issue.record("msoko executable not found"); return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let earlier = try canonicalDistrict(in: folder.appendingPathComponent("earlier"), schools: 100, seed: 1, store: "../history.sqlite")
        let later = try canonicalDistrict(in: folder.appendingPathComponent("later"), schools: 100, seed: 2, store: "../history.sqlite")
        let reference = folder.appendingPathComponent("later/reference.yaml").path
        try String(contentsOfFile: later, encoding: .utf8).replacingOccurrences(of: "../history.sqlite", with: "reference.sqlite")
            .write(toFile: reference, atomically: true, encoding: .utf8)

        #expect(try run(msoko, ["ingest", earlier]).status == 0)
        #expect(try run(msoko, ["ingest", reference]).status == 0)
        let storePath = folder.appendingPathComponent("history.sqlite").path
        let before = try periodDigests(HistoryStore(path: storePath, create: false))
        let after = try periodDigests(HistoryStore(path: folder.appendingPathComponent("later/reference.sqlite").path, create: false))
        #expect(before.keys.sorted() == after.keys.sorted() && before != after)

        // The kills: one while the files are read, the others at varied delays
        // after `msoko ingest` says it begins writing (so inside the write
        // transaction, or just after its commit).
        var outcomes: [String] = []
        for delay in [-1, 0, 0.01, 0.03, 0.06, 0.1, 0.15, 0.25, 0.4] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: msoko)
            process.arguments = ["ingest", later]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            if delay < 0 {
                Thread.sleep(forTimeInterval: 0.05)
            } else {
                var seen = Data()
                while !String(decoding: seen, as: UTF8.self).contains("storing") {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    seen += chunk
                }
                Thread.sleep(forTimeInterval: delay)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let store = try HistoryStore(path: storePath, create: false)
            #expect(try store.integrityCheck() == ["ok"], "killed \(delay) s into writing")
            let now = try periodDigests(store)
            let current = try store.history().filter(\.current)
            #expect(Set(current.map(\.period)).count == current.count, "one current version per period")
            for (period, digest) in now {
                #expect(digest == before[period] || digest == after[period], "\(period) after a kill \(delay) s into writing")
            }
            // One transaction: all periods switch together.
            let state = now == before ? "earlier" : now == after ? "later" : "mixed"
            #expect(state != "mixed", "killed \(delay) s into writing")
            outcomes.append(state)
        }
        #expect(outcomes.filter { $0 == "earlier" }.count >= 2, "kills landed before the commit: \(outcomes)")

        // A reader during an ingest (WAL) sees the earlier values or the new
        // ones, whole, whenever it reads.
        #expect(try run(msoko, ["ingest", earlier]).status == 0)
        #expect(try periodDigests(HistoryStore(path: storePath, create: false)) == before)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: msoko)
        process.arguments = ["ingest", later]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var reads: [String] = []
        repeat {
            let now = try periodDigests(HistoryStore(path: storePath, create: false))
            reads.append(now == before ? "earlier" : now == after ? "later" : "mixed")
        } while process.isRunning
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && !reads.contains("mixed"), "reads during the ingest: \(reads)")
        #expect(try periodDigests(HistoryStore(path: storePath, create: false)) == after)
    }

    /// Runs `msoko` with `arguments`; stdout and the exit status.
    func run(_ msoko: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: msoko)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
