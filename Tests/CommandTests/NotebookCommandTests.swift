import ArgumentParser
import Foundation
import MsokoPipeline
import Testing
@testable import msoko
import MsokoTestSupport

@Suite("Notebooks stay true to the command line")
struct NotebookCommandTests {
    static let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Notebooks-md").standardizedFileURL

    /// Every line of a ```sh block (executed with ```sh run or not) that starts with `msoko `.
    static func commandLines() throws -> [(file: String, arguments: [String])] {
        let files = try FileManager.default.contentsOfDirectory(atPath: notebooks.path).filter { $0.hasSuffix(".md") }.sorted()
        var lines: [(String, [String])] = []
        for file in files {
            var inShell = false
            for line in try String(contentsOf: notebooks.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("```") { inShell = line == "```sh" || line == "```sh run"; continue }
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

    static var notebookFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: notebooks.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
    }

    @Test("Notebooks-md holds at least three notebooks, each with executed cells")
    func notebooksExist() throws {
        #expect(Self.notebookFiles.count >= 3)
        for file in Self.notebookFiles {
            #expect(try String(contentsOf: Self.notebooks.appendingPathComponent(file), encoding: .utf8).contains("```sh run"), "\(file)")
        }
    }

    @Test("msoko notebook regenerates every notebook and its figures byte for byte (run `make notebooks` after a change)",
          arguments: notebookFiles)
    func notebookIsCurrent(file: String) throws {
        guard let msoko = builtExecutable() else { Issue.record("msoko executable not found"); return }
        let url = Self.notebooks.appendingPathComponent(file)
        let committed = try String(contentsOf: url, encoding: .utf8)
        let runner = NotebookRunner(root: Self.notebooks.deletingLastPathComponent(),
                                    execute: NotebookRunner.processExecutor(executable: URL(fileURLWithPath: msoko)))
        let regenerated = try runner.regenerate(committed, notebookName: url.deletingPathExtension().lastPathComponent)
        if regenerated.text != committed {
            let old = committed.components(separatedBy: "\n"), new = regenerated.text.components(separatedBy: "\n")
            let line = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
            let was = line < old.count ? old[line] : "", now = line < new.count ? new[line] : ""
            Issue.record("\(file) is stale from line \(line + 1): committed «\(was)», printed «\(now)»; run `make notebooks`")
        }
        let staleFigures = NotebookRunner.staleFigures(regenerated, notebook: url)
        #expect(staleFigures.isEmpty, "\(file): figures not current: \(staleFigures); run `make notebooks`")
    }

    @Test("cells: only msoko commands run, outputs are sanitised, table excerpts are cut")
    func cellRules() throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("nb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("t"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "a,b,c\n1,2,3\n4,\"5,5\",6\n7,8,9\n".write(to: root.appendingPathComponent("t/x.csv"), atomically: true, encoding: .utf8)
        let runner = NotebookRunner(root: root) { arguments, folder in
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("t/x.csv").path))
            return .init(status: arguments == ["fail"] ? 1 : 0,
                         standardOutput: "ran \(arguments.joined(separator: "|")) in \(folder.path)/out\n",
                         standardError: "{\"fit_seconds\":0.25}\n")
        }
        let notebook = """
            Text
            ```sh run
            msoko run 'a b' --out t
            ```

            ```output
            stale
            ```


            ```output table=x.csv rows=1 columns=2
            ```
            ```sh run
            # no output block yet
            msoko fail
            ```
            After.
            ```output table=t/x.csv rows=5
            old
            ```
            """
        #expect(try runner.regenerate(notebook) == """
            Text
            ```sh run
            msoko run 'a b' --out t
            ```

            ```output
            ran run|a b|--out|t in out
            {"fit_seconds":…}
            ```

            ```output table=x.csv rows=1 columns=2
            a,b,…
            1,2,…
            … (2 more of 3 rows)
            ```
            ```sh run
            # no output block yet
            msoko fail
            ```

            ```output
            ran fail in out
            {"fit_seconds":…}
            exit status 1
            ```
            After.
            ```output table=t/x.csv rows=5
            a,b,c
            1,2,3
            4,"5,5",6
            7,8,9
            ```
            """)
        #expect(thrownMessage(NotebookRunner.NotebookError.self) { try runner.regenerate("```sh run\nrm -rf /\n```\n") } == "line 2: a cell runs `msoko …` commands only, not «rm -rf /»")
    }

    @Test("regions: a CSV becomes a short Markdown table, an SVG a linked figure, keys= picks JSON members")
    func markdownRegions() throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("nb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("t"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "id,area,score,note\nS1,a,12.0456,\"x|y\"\nS2,b,7,\"two, words\"\nS3,a,1.5,\"say \"\"hi\"\"\"\nS4,a,2,z\n"
            .write(to: root.appendingPathComponent("t/x.csv"), atomically: true, encoding: .utf8)
        let svg = Data("<svg><title>Need &amp; rank</title></svg>".utf8)
        try svg.write(to: root.appendingPathComponent("t/chart.svg"))
        let runner = NotebookRunner(root: root) { _, _ in
            .init(status: 0, standardOutput: "{\"k\":3,\"labels\":[0,1,{\"a\":\"b,c\"}],\"inertia\":15.25,\"name\":\"x:y\"}\n", standardError: "")
        }
        let notebook = """
            ```sh run
            msoko kmeans data.csv --k 3 --out t
            ```

            ```output keys=inertia,k,name
            ```

            <!-- output table=x.csv rows=2 columns=score,id,note where=area=a digits=1 -->
            stale
            <!-- end output -->

            <!-- output figure=chart.svg name=need -->
            <!-- end output -->
            Text.
            <!-- output table=t/x.csv columns=2 rows=9 -->
            <!-- end output -->
            """
        let regenerated = try runner.regenerate(notebook, notebookName: "05-demo")
        #expect(regenerated.text == """
            ```sh run
            msoko kmeans data.csv --k 3 --out t
            ```

            ```output keys=inertia,k,name
            inertia: 15.25
            k: 3
            name: "x:y"
            ```

            <!-- output table=x.csv rows=2 columns=score,id,note where=area=a digits=1 -->

            | score | id | note |
            | ---: | --- | --- |
            | 12 | S1 | x\\|y |
            | 1.5 | S3 | say "hi" |
            | … | … | … |

            <!-- end output -->

            <!-- output figure=chart.svg name=need -->

            ![Need & rank](figures/05-demo-need.svg)

            <!-- end output -->
            Text.
            <!-- output table=t/x.csv columns=2 rows=9 -->

            | id | area |
            | --- | --- |
            | S1 | a |
            | S2 | b |
            | S3 | a |
            | S4 | a |

            <!-- end output -->
            """)
        #expect(regenerated.figures == [NotebookRunner.Figure(path: "figures/05-demo-need.svg", contents: svg)])

        // On disk: written once, then current; an unlinked figure of the notebook is stale and removed.
        let notebookFile = root.appendingPathComponent("05-demo.md")
        #expect(NotebookRunner.staleFigures(regenerated, notebook: notebookFile) == ["figures/05-demo-need.svg"])
        try NotebookRunner.writeFigures(regenerated, notebook: notebookFile)
        #expect(NotebookRunner.staleFigures(regenerated, notebook: notebookFile).isEmpty)
        try svg.write(to: root.appendingPathComponent("figures/05-demo-old.svg"))
        try svg.write(to: root.appendingPathComponent("figures/06-other-old.svg"))
        #expect(NotebookRunner.staleFigures(regenerated, notebook: notebookFile) == ["figures/05-demo-old.svg"])
        try NotebookRunner.writeFigures(regenerated, notebook: notebookFile)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("figures/05-demo-old.svg").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("figures/06-other-old.svg").path))

        #expect(throws: NotebookRunner.NotebookError.self) {
            try runner.regenerate("<!-- output table=x.csv columns=missing -->\n<!-- end output -->", notebookName: "n")
        }
    }

    @Test("the adjusted Rand index equals scikit-learn's adjusted_rand_score")
    func adjustedRandIndex() {
        // Values from scikit-learn 1.9.1 `sklearn.metrics.adjusted_rand_score(first, second)`.
        let cases: [([Int], [Int], Double)] = [
            ([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2], 0.4444444444444444),
            ([0, 0, 0, 1, 1, 1, 2, 2], [1, 1, 0, 0, 2, 2, 2, 2], 0.18181818181818182),
            ([0, 1, 2], [0, 1, 2], 1.0),
            ([0, 0, 0], [1, 1, 1], 1.0),
        ]
        for (first, second, expected) in cases {
            let value = NotebookRunner.adjustedRandIndex(first.map(String.init), second.map(String.init))
            #expect(abs(value - expected) < 1e-12, "\(first) vs \(second): \(value)")
        }
    }

    @Test("compare= puts msoko's JSON figures beside a committed reference, with the ARI of the labels")
    func comparisonRegion() throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("nb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("ref"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "quantity,msoko,scikit-learn 1.9\n\"inertia, k = 2\",inertia,12.5\nratio of PC2,explained_variance_ratio[1],0.25\nARI,\"ari(labels,ref/labels.csv)\",—\n"
            .write(to: root.appendingPathComponent("ref/table.csv"), atomically: true, encoding: .utf8)
        try "id,label\na,1\nb,1\nc,0\nd,0\n".write(to: root.appendingPathComponent("ref/labels.csv"), atomically: true, encoding: .utf8)
        let runner = NotebookRunner(root: root) { arguments, _ in
            .init(status: 0, standardOutput: arguments[0] == "kmeans"
                  ? "{\"labels\":[0,0,1,1],\"inertia\":12.500001}\n" : "{\"explained_variance_ratio\":[0.7,0.2499]}\n",
                  standardError: "")
        }
        let regenerated = try runner.regenerate("""
            ```sh run
            msoko kmeans x.csv --k 2
            msoko pca x.csv
            ```

            <!-- output compare=ref/table.csv digits=3 -->
            <!-- end output -->
            """)
        #expect(regenerated.hasSuffix("""
            <!-- output compare=ref/table.csv digits=3 -->

            | quantity | msoko | scikit-learn 1.9 |
            | --- | ---: | ---: |
            | inertia, k = 2 | 12.5 | 12.5 |
            | ratio of PC2 | 0.25 | 0.25 |
            | ARI | 1 | — |

            <!-- end output -->
            """))
    }

    @Test("file= shows a text file's first lines; #N picks a column by position; a region without a source is an error")
    func fileExcerptsAndPositions() throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("nb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "# Page\n\nline 3\nline 4\nline 5\n".write(to: root.appendingPathComponent("page.md"), atomically: true, encoding: .utf8)
        try "Отметка времени;ФИО;Ваша школа\n01.03.2024;Иванова;S1\n".write(to: root.appendingPathComponent("survey.csv"), atomically: true, encoding: .utf8)
        let runner = NotebookRunner(root: root) { _, _ in .init(status: 0, standardOutput: "", standardError: "") }
        #expect(try runner.regenerate("""
            ```output file=page.md lines=2
            ```
            <!-- output table=survey.csv columns=#1,#3 -->
            <!-- end output -->
            """) == """
            ```output file=page.md lines=2
            # Page

            … (3 more of 5 lines)
            ```
            <!-- output table=survey.csv columns=#1,#3 -->

            | Отметка времени | Ваша школа |
            | --- | --- |
            | 01.03.2024 | S1 |

            <!-- end output -->
            """)
        #expect(throws: NotebookRunner.NotebookError.self) {
            try runner.regenerate("<!-- output rows=3 -->\n<!-- end output -->")
        }
    }
}
