import ArgumentParser
import Foundation
import Testing
@testable import msoko

@Suite("The command line")
struct CommandLineTests {
    @Test("every subcommand explains itself in --help")
    func help() {
        for command in Msoko.configuration.subcommands {
            let help = Msoko.helpMessage(for: command)
            #expect(help.contains("OVERVIEW:") && help.contains("USAGE:"), "\(command)")
            #expect(!command.configuration.abstract.isEmpty, "\(command)")
            #expect(!command.configuration.discussion.isEmpty, "\(command) has a discussion")
        }
    }

    @Test("validate exits non-zero when a row is rejected, zero when all rows are valid")
    func validateExitStatus() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try SampleCommand.parse(["--out", folder.path, "--schools", "6"]).run()
        let pipeline = folder.appendingPathComponent("pipeline.yaml").path
        try ValidateCommand.parse([pipeline]).run()
        let observations = folder.appendingPathComponent("observations.csv")
        let text = try String(contentsOf: observations, encoding: .utf8) + "S01,2023/24,no_such_indicator,1,\n"
        try text.write(to: observations, atomically: true, encoding: .utf8)
        #expect(throws: ExitCode.failure) { try ValidateCommand.parse([pipeline]).run() }
    }

    @Test("template writes the forms inside the pipeline's folder with relative paths, and refuses a foreign folder")
    func template() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try SampleCommand.parse(["--out", folder.path, "--schools", "6"]).run()
        let pipeline = folder.appendingPathComponent("pipeline.yaml").path
        let forms = folder.appendingPathComponent("forms")
        try TemplateCommand.parse([pipeline, "--period", "2024/25", "--out", forms.path]).run()
        for file in ["self-assessment/S01.xlsx", "self-assessment/S06.xlsx", "passport.xlsx", "sources.yaml"] {
            #expect(FileManager.default.fileExists(atPath: forms.appendingPathComponent(file).path), "\(file)")
        }
        let sources = try String(contentsOf: forms.appendingPathComponent("sources.yaml"), encoding: .utf8)
        #expect(sources.contains("files: \"forms/self-assessment/*.xlsx\"") && sources.contains("period: 2024/25"))
        #expect(throws: ExitCode.failure) { try TemplateCommand.parse([pipeline, "--period", "2024/25", "--out", folder.path]).run() }
        #expect(usageError(["template", pipeline, "--period", "2024", "--out", forms.path])?
            .hasPrefix("error: The value '2024' is invalid for '--period <period>'") == true)
    }

    @Test("bad arguments are rejected before any work: sample needs at least 6 schools, run a valid period")
    func argumentValidation() {
        let cases: [([String], String)] = [
            (["sample", "--out", "/tmp/x", "--schools", "3"], "error: --schools must be at least 6 (three groups and two deficit schools)\nUsage: msoko sample"),
            (["run", "p.yaml", "--period", "2023-24"], "error: The value '2023-24' is invalid for '--period <period>'"),
            (["run", "p.yaml", "--lang", "de"], "error: The value 'de' is invalid for '--lang <lang>'"),
            (["run", "p.yaml", "--threads", "0"], "error: --threads must be at least 1, got 0\nUsage: msoko run"),
        ]
        for (arguments, start) in cases {
            let message = usageError(arguments)
            #expect(message?.hasPrefix(start) == true, "\(arguments): \(message ?? "no error")")
            #expect(message?.contains("--help") == true)
        }
    }
}

/// What msoko prints on stderr for these arguments when the parser or a
/// command's `validate()` rejects them (nil when they parse).
func usageError(_ arguments: [String]) -> String? {
    do {
        _ = try Msoko.parseAsRoot(arguments)
        return nil
    } catch {
        return Msoko.usageErrorMessage(for: error)
    }
}
