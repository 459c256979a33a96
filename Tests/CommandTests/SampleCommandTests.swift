import ArgumentParser
import Foundation
import Testing
@testable import msoko

@Suite("msoko sample")
struct SampleCommandTests {
    let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    @Test("with the default flags the command writes the committed sample district's bytes")
    func defaults() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try SampleCommand.parse(["--out", folder.path]).run()
        let committed = repositoryRoot.appendingPathComponent("Datasets/mosalsk-sample")
        let files = try FileManager.default.subpathsOfDirectory(atPath: committed.path).filter { !$0.hasSuffix("/") }
        var compared = 0
        for file in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: committed.appendingPathComponent(file).path, isDirectory: &isDirectory),
                  !isDirectory.boolValue else { continue }
            let written = try Data(contentsOf: folder.appendingPathComponent(file))
            #expect(written == (try Data(contentsOf: committed.appendingPathComponent(file))), "\(file)")
            compared += 1
        }
        #expect(compared >= 3 + 12 + 4, "schools, observations, README and the native files")
    }

    @Test("--years, --indicators and --canonical are checked before any work")
    func validation() {
        #expect(throws: (any Error).self) { try SampleCommand.parse(["--out", "/tmp/x", "--years", "2"]) }
        #expect(throws: (any Error).self) { try SampleCommand.parse(["--out", "/tmp/x", "--indicators", "5"]) }
        #expect(throws: (any Error).self) { try SampleCommand.parse(["--out", "/tmp/x", "--indicators", "500"]) }
        #expect(throws: Never.self) { try SampleCommand.parse(["--out", "/tmp/x", "--years", "8", "--indicators", "40", "--canonical"]) }
    }
}
