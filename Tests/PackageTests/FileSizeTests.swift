import Foundation
import Testing

/// One concept per file (issue 17): no Swift file under Sources/ is longer
/// than 400 lines, so a reader finds each concept in a file of its own.
@Suite("Source files stay under 400 lines")
struct FileSizeTests {
    static let limit = 400

    /// Files being split on another branch (issue 17); each can leave this
    /// list when its split lands (a short file on it does no harm meanwhile).
    static let pendingSplits: Set<String> = [
        "Sources/MsokoPipeline/SampleDistrict.swift",
    ]

    /// Every Swift file under Sources/ with its number of lines, by path from the repository root.
    static func lineCounts() throws -> [String: Int] {
        let root = ModuleGraphTests.root
        var counts: [String: Int] = [:]
        let sources = root.appendingPathComponent("Sources")
        guard let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            let lines = text.reduce(into: 0) { count, character in if character == "\n" { count += 1 } }
            counts[String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))] = lines
        }
        return counts
    }

    @Test("every file under Sources/ has at most 400 lines, apart from the ones being split elsewhere")
    func filesAreShort() throws {
        let counts = try Self.lineCounts()
        #expect(counts.count > 50)
        let offenders = counts.filter { $0.value > Self.limit }.sorted { $0.key < $1.key }
        for (path, lines) in offenders where !Self.pendingSplits.contains(path) {
            Issue.record("\(path) has \(lines) lines (at most \(Self.limit)): split it by concept")
        }
    }
}
