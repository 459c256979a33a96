import ArgumentParser
import Foundation
import MsokoPipeline

struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Run a Markdown notebook's cells and rewrite their output blocks.",
        discussion: """
            A cell marked for execution is a fence with the info string `sh run`; each \
            of its lines is one `msoko …` command (blank lines and # comments allowed, \
            nothing else). The commands run with this msoko executable in a scratch \
            folder that links every top-level entry of the repository root (so \
            Pipelines/mosalsk.yaml resolves; relative --out folders are written in the \
            scratch folder, which is removed afterwards).

            The ```output blocks after the cell are replaced (one is added when there \
            is none): a plain ```output block gets what the commands printed (stdout, \
            then stderr, then `exit status N` for a failing command); ```output \
            table=PATH rows=N columns=M gets the header and first N rows (default 5) \
            of the CSV table PATH, found in the cell's last --out folder or the \
            scratch folder, cut to M columns (a table block that follows no cell is \
            rewritten too, from the scratch folder the cells above left); ```output \
            keys=A,B prints only those keys of the JSON the command printed, and \
            ```output file=PATH lines=N the first N lines of a text file. A region \
            <!-- output table=PATH rows=N columns=A,B where=A=V digits=D --> … \
            <!-- end output --> gets a Markdown table of any table msoko reads (CSV, \
            XLSX, DOCX), <!-- output figure=PATH name=NAME --> an image link to \
            figures/<notebook>-<NAME>.svg, a copy of the SVG PATH, and, after a \
            cell, <!-- output compare=REFERENCE.csv --> msoko's JSON figures beside a \
            committed reference tool's. Absolute paths and seconds are removed, so \
            regeneration is byte-stable.

            The repository root is the nearest folder holding Package.swift above \
            the notebook (or --root). `make notebooks` runs every notebook; \
            --check writes nothing and exits 1 when a notebook is not current.
            """)

    @Argument(help: "The notebooks (Markdown files).")
    var files: [String]

    @Option(help: "The repository root the cells run against (default: the nearest folder with Package.swift above the notebook).")
    var root: String?

    @Flag(help: "Write nothing; exit 1 if a notebook differs from its regeneration.")
    var check = false

    func run() throws {
        let executable = Bundle.main.executableURL
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var stale: [String] = []
        try reportingErrors {
            for file in files {
                let url = URL(fileURLWithPath: file).standardizedFileURL
                guard let root = root.map({ URL(fileURLWithPath: $0) }) ?? NotebookRunner.repositoryRoot(containing: url) else {
                    throw NotebookRunner.NotebookError("\(file): no Package.swift above it; give --root")
                }
                let runner = NotebookRunner(root: root, execute: NotebookRunner.processExecutor(executable: executable))
                let text = try String(contentsOf: url, encoding: .utf8)
                let regenerated: NotebookRunner.Regeneration
                do {
                    regenerated = try runner.regenerate(text, notebookName: url.deletingPathExtension().lastPathComponent)
                } catch { throw NotebookRunner.NotebookError("\(file): \(error)") }
                let staleFigures = NotebookRunner.staleFigures(regenerated, notebook: url)
                if regenerated.text == text && staleFigures.isEmpty {
                    print("\(file): current")
                } else if check {
                    stale.append(file)
                    print("\(file): not current\(staleFigures.isEmpty ? "" : " (figures: \(staleFigures.joined(separator: ", ")))")")
                } else {
                    try regenerated.text.write(to: url, atomically: true, encoding: .utf8)
                    try NotebookRunner.writeFigures(regenerated, notebook: url)
                    print("\(file): rewritten")
                }
            }
        }
        if !stale.isEmpty {
            printError("error: \(stale.count) notebook(s) not current: run `make notebooks`")
            throw ExitCode.failure
        }
    }
}
