import ArgumentParser
import Foundation
import Testing
@testable import msoko

@Suite("Notebooks stay true to the command line")
struct NotebookCommandTests {
    static let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Notebooks-md").standardizedFileURL

    /// Every line of a ```sh block that starts with `msoko `.
    static func commandLines() throws -> [(file: String, arguments: [String])] {
        let files = try FileManager.default.contentsOfDirectory(atPath: notebooks.path).filter { $0.hasSuffix(".md") }.sorted()
        var lines: [(String, [String])] = []
        for file in files {
            var inShell = false
            for line in try String(contentsOf: notebooks.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("```") { inShell = line == "```sh"; continue }
                if inShell, line.hasPrefix("msoko ") {
                    lines.append((file, line.dropFirst("msoko ".count).split(separator: " ").map(String.init)))
                }
            }
        }
        return lines
    }

    @Test("every msoko command in Notebooks-md parses with the current options")
    func commandsParse() throws {
        let lines = try Self.commandLines()
        #expect(lines.count >= 4)
        for (file, arguments) in lines {
            do {
                _ = try Msoko.parseAsRoot(arguments)
            } catch {
                Issue.record("\(file): msoko \(arguments.joined(separator: " ")): \(Msoko.message(for: error))")
            }
        }
    }
}
