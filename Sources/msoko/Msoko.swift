import ArgumentParser
import Foundation
import MsokoPipeline

@main
struct Msoko: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "msoko",
        abstract: "Statistical analytics and cluster analysis of schools for a municipal education department (МСОКО).",
        discussion: """
            msoko turns what schools report every term into an analytical report: \
            validated data, scores against the approved targets, trends, clusters of \
            similar schools, deficits, best practices and targeted recommendations.

            Start with `msoko run Pipelines/mosalsk.yaml`, or `msoko sample --out DIR` \
            to generate a synthetic district.
            """,
        version: MsokoInfo.version,
        subcommands: [
            RunCommand.self, ValidateCommand.self, KMeansCommand.self,
            PCACommand.self, TrendCommand.self, SampleCommand.self, TemplateCommand.self,
            IngestCommand.self, HistoryCommand.self, ExportCommand.self, NotebookCommand.self,
        ]
    )
}

extension Msoko {
    /// Runs the command line. Every failure prints one line starting with
    /// `error:` on stderr (the form of docs/contract.md §1, also for the argument errors
    /// ArgumentParser detects) and exits non-zero; `--help` and `--version`
    /// print as usual.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { Self.exit(withError: error) }
            // A command that already printed its own `error:` lines ends with
            // an exit code only; ArgumentParser then has no message to add.
            if let message = usageErrorMessage(for: error) { printError(message) }
            Foundation.exit(code.rawValue)
        }
    }

    /// The text printed for an argument error that ArgumentParser detected
    /// or a command's `validate()` threw: the reason after `error:` (the
    /// contract's prefix, where ArgumentParser writes `Error:`), then the
    /// subcommand's usage line and the pointer to its `--help`. Nil when
    /// there is nothing to add to what the command printed itself.
    static func usageErrorMessage(for error: any Error) -> String? {
        let message = Self.message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty else { return nil }
        var full = Self.fullMessage(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        if full.hasPrefix("Error: ") { full.removeFirst("Error: ".count) }
        if !full.contains("--help") { full += "\n(see `msoko --help` and `msoko help <subcommand>`)" }
        return "error: " + full
    }
}
