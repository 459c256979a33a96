import Foundation

/// Regenerates the outputs of a Markdown notebook (`msoko notebook`, issue 16).
///
/// A cell marked for execution is a fence whose info string is `sh run`:
///
///     ```sh run
///     msoko validate Pipelines/mosalsk.yaml
///     ```
///
///     ```output
///     (what the commands printed: replaced on every run)
///     ```
///
/// Each line of the cell is one `msoko …` command (blank lines and `#`
/// comments are allowed; anything else is an error: cells are not shell).
/// The commands run in order, in a scratch folder that behaves like the
/// repository root (it links every top-level entry of the root but `.git`,
/// `.build` and `out`), so `Pipelines/mosalsk.yaml` resolves and whatever a
/// command writes with a relative path lands in the scratch folder.
///
/// The `output` blocks that follow the cell (blank lines between them are
/// allowed) are rewritten; a cell with none gets one. A plain block (fence
/// info `output`) gets stdout then stderr of every command of the cell (and
/// `exit status N` when a command fails); a block `output table=PATH rows=N columns=M` gets an
/// excerpt of the CSV table PATH instead: its header and first N rows (5 by
/// default), the first M columns (all by default), and a last line saying how
/// many rows were left out. PATH is looked up in the `--out` folder of the
/// cell's last command, then in the scratch folder. A table block that follows
/// no cell is regenerated too, from the scratch folder as the cells above left it.
///
/// A block `output file=PATH lines=N` shows the first N lines (20 by
/// default) of a text file, e.g. a school page.
///
/// A block `output keys=inertia,iterations` prints only those keys of the
/// JSON object each command printed, one `key: value` line each.
///
/// Output *regions* hold Markdown, so they read well on a Git web page:
///
///     <!-- output table=tables/deficits.csv rows=3 columns=school_id,gap where=area=prevention digits=2 -->
///     | school_id | gap |
///     …
///     <!-- end output -->
///
/// `table=PATH` renders a short Markdown table (`markdownTable`); `figure=PATH
/// name=NAME` copies the SVG chart PATH to `figures/<notebook>-<NAME>.svg`
/// beside the notebook (NAME defaults to PATH's file name) and links it, the
/// SVG's `<title>` as the image's text; `compare=REFERENCE.csv`, after a
/// cell, puts the cell's JSON figures beside a reference tool's
/// (`NotebookRunner+Comparison.swift`). PATH is looked up as for table fences.
///
/// The output is deterministic: the scratch folder's and the root's absolute
/// paths are removed (paths print relative to the root) and figures of
/// seconds are replaced by `…`.
public struct NotebookRunner: Sendable {
    /// What one command printed and its exit status.
    public struct CommandOutput: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        public init(status: Int32, standardOutput: String, standardError: String) {
            self.status = status
            self.standardOutput = standardOutput
            self.standardError = standardError
        }
    }

    /// Runs `msoko` with the arguments in the working directory.
    public typealias Executor = @Sendable (_ arguments: [String], _ workingDirectory: URL) throws -> CommandOutput

    public struct NotebookError: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The repository root the scratch folder stands in for.
    public var root: URL
    public var execute: Executor

    public init(root: URL, execute: @escaping Executor) {
        self.root = root.standardizedFileURL
        self.execute = execute
    }

    /// Runs the built `msoko` executable at `executable` as a child process.
    public static func processExecutor(executable: URL) -> Executor {
        { arguments, workingDirectory in
            let capture = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-notebook-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: capture) }
            let out = capture.appendingPathComponent("stdout"), err = capture.appendingPathComponent("stderr")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.currentDirectoryURL = workingDirectory
            process.standardOutput = outHandle
            process.standardError = errHandle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try outHandle.close()
            try errHandle.close()
            return CommandOutput(
                status: process.terminationStatus,
                standardOutput: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                standardError: String(decoding: try Data(contentsOf: err), as: UTF8.self))
        }
    }

    /// The nearest folder holding `Package.swift` from `file`'s folder up, or nil.
    public static func repositoryRoot(containing file: URL) -> URL? {
        var folder = file.standardizedFileURL.deletingLastPathComponent()
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// A chart a notebook links: its path relative to the notebook's folder
    /// (`figures/<notebook>-<name>.svg`) and its bytes.
    public struct Figure: Sendable, Equatable {
        public var path: String
        public var contents: Data
        public init(path: String, contents: Data) {
            self.path = path
            self.contents = contents
        }
    }

    /// A regenerated notebook: its text and the figures it links.
    public struct Regeneration: Sendable {
        public var text: String
        /// The figures, in the order linked.
        public var figures: [Figure]
    }

    /// The notebook with every executed cell's output blocks regenerated.
    public func regenerate(_ markdown: String) throws -> String {
        try regenerate(markdown, notebookName: "notebook").text
    }

    /// The notebook with every executed cell's output blocks regenerated and
    /// the figures its `<!-- output figure=… -->` regions link; `notebookName`
    /// (the file name without `.md`) prefixes the figures' file names.
    public func regenerate(_ markdown: String, notebookName: String) throws -> Regeneration {
        let scratch = try makeScratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let lines = markdown.components(separatedBy: "\n")
        var result: [String] = []
        var figures: [Figure] = []
        let context = { (printed: Printed?, out: String?) in
            BlockContext(printed: printed, out: out, scratch: scratch, notebookName: notebookName)
        }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            // An output block on its own reads the scratch folder as the cells before left it.
            if let block = try Self.outputBlock(in: lines, at: index), !block.needsCell || block.isRegion {
                guard !block.needsCell else {
                    throw NotebookError("line \(index + 1): \(block.opening) follows no cell; give table=, figure= or file=, or put it after a cell")
                }
                let rendered = try render(block, context(nil, nil))
                result += rendered.lines
                figures += rendered.figures
                index = block.end + 1
                continue
            }
            guard Self.isRunFence(line) else {
                // Copy other fences whole, so their contents are never taken for cells.
                result.append(line)
                index += 1
                if Self.isFence(line) {
                    while index < lines.count {
                        result.append(lines[index])
                        index += 1
                        if Self.isFence(lines[index - 1]) { break }
                    }
                }
                continue
            }
            let cellLine = index + 1
            result.append(line)
            index += 1
            var commands: [[String]] = []
            while index < lines.count, lines[index] != "```" {
                let text = lines[index].trimmingCharacters(in: .whitespaces)
                result.append(lines[index])
                index += 1
                if text.isEmpty || text.hasPrefix("#") { continue }
                guard text.hasPrefix("msoko ") else {
                    throw NotebookError("line \(index): a cell runs `msoko …` commands only, not «\(text)»")
                }
                commands.append(try Self.arguments(of: String(text.dropFirst("msoko ".count))))
            }
            guard index < lines.count else { throw NotebookError("line \(cellLine): the cell is not closed") }
            result.append(lines[index])
            index += 1

            let printed = try run(commands, in: scratch)
            // The output blocks that follow (blank lines between).
            var blocks: [OutputBlock] = []
            var probe = index
            while true {
                var next = probe
                while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
                guard next < lines.count, let block = try Self.outputBlock(in: lines, at: next) else { break }
                blocks.append(block)
                probe = block.end + 1
            }
            if blocks.isEmpty {
                result += ["", "```output"] + printed.lines + ["```"]
                continue
            }
            for block in blocks {
                // One blank line before each block.
                result.append("")
                let rendered = try render(block, context(printed, commands.last.flatMap(Self.outFolder)))
                result += rendered.lines
                figures += rendered.figures
            }
            index = probe
        }
        return Regeneration(text: result.joined(separator: "\n"), figures: figures)
    }

    // MARK: - Output blocks

    /// An output block: a fence ```` ```output … ```` closed by ```` ``` ````, or
    /// a region `<!-- output … -->` closed by `<!-- end output -->` (its
    /// contents are Markdown, so a table or an image shows on a Git web page).
    struct OutputBlock {
        var opening: String
        var isRegion: Bool
        var options: [String: String]
        /// The index of the closing line.
        var end: Int

        /// A block that shows what the commands printed has no meaning on its own.
        var needsCell: Bool { options["table"] == nil && options["figure"] == nil && options["file"] == nil }
    }

    static let regionEnd = "<!-- end output -->"

    static func isOutputRegion(_ line: String) -> Bool {
        line.hasPrefix("<!-- output") && line.hasSuffix("-->") && line != regionEnd
    }

    static func outputBlock(in lines: [String], at index: Int) throws -> OutputBlock? {
        let line = lines[index]
        let isRegion = isOutputRegion(line)
        guard isRegion || isOutputFence(line) else { return nil }
        let closing = isRegion ? regionEnd : "```"
        var end = index + 1
        while end < lines.count, lines[end] != closing { end += 1 }
        guard end < lines.count else { throw NotebookError("line \(index + 1): the output block is not closed by \(closing)") }
        let words = isRegion ? String(line.dropFirst("<!-- output".count).dropLast("-->".count)) : String(line.dropFirst(3))
        return OutputBlock(opening: line, isRegion: isRegion, options: options(of: words), end: end)
    }

    /// What the commands of a cell printed: the lines shown, and each command's stdout.
    struct Printed {
        var lines: [String]
        var standardOutputs: [String]
    }

    struct BlockContext {
        var printed: Printed?
        var out: String?
        var scratch: URL
        var notebookName: String
    }

    private func render(_ block: OutputBlock, _ context: BlockContext) throws -> (lines: [String], figures: [Figure]) {
        let options = block.options
        let rows = Int(options["rows"] ?? "5") ?? 5
        if block.isRegion {
            let body: [String]
            var figures: [Figure] = []
            if let table = options["table"] {
                let file = try locate(table, out: context.out, scratch: context.scratch)
                // Files keep the paths their writer chose; the scratch folder's are removed all the same.
                let records = try Self.tableRecords(file, name: table).map { $0.map { sanitize($0, scratch: context.scratch) } }
                body = try Self.markdownTable(records: records,
                                              rows: rows, columns: options["columns"], where: options["where"],
                                              digits: options["digits"].flatMap { Int($0) })
            } else if let figure = options["figure"] {
                let file = try locate(figure, out: context.out, scratch: context.scratch)
                let contents = try Data(contentsOf: file)
                let name = options["name"] ?? file.deletingPathExtension().lastPathComponent
                let path = "figures/\(context.notebookName)-\(name).svg"
                figures.append(Figure(path: path, contents: contents))
                body = ["![\(Self.figureTitle(svg: contents) ?? name)](\(path))"]
            } else if let reference = options["compare"], let printed = context.printed {
                body = try comparison(reference: reference, printed: printed, digits: options["digits"].flatMap { Int($0) },
                                      scratch: context.scratch)
            } else {
                throw NotebookError("\(block.opening): an output region needs table=PATH, figure=PATH or, after a cell, compare=PATH")
            }
            return ([block.opening, ""] + body + ["", Self.regionEnd], figures)
        }
        let body: [String]
        if let table = options["table"] {
            body = try excerpt(table: table, rows: rows, columns: options["columns"].flatMap { Int($0) },
                               out: context.out, scratch: context.scratch)
        } else if let path = options["file"] {
            let file = try locate(path, out: context.out, scratch: context.scratch)
            var lines = sanitize(String(decoding: try Data(contentsOf: file), as: UTF8.self), scratch: context.scratch)
                .components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            let count = Int(options["lines"] ?? "20") ?? 20
            body = Array(lines.prefix(count)) + (lines.count > count ? ["… (\(lines.count - count) more of \(lines.count) lines)"] : [])
        } else if let keys = options["keys"], let printed = context.printed {
            // One group of lines per command, a blank line between groups.
            let groups = try printed.standardOutputs.map { try Self.jsonFields($0, keys: keys.split(separator: ",").map(String.init)) }
            body = Array(groups.joined(separator: [""]))
        } else {
            body = context.printed?.lines ?? []
        }
        return ([block.opening] + body + ["```"], [])
    }

    // MARK: - Running

    private func makeScratch() throws -> URL {
        let manager = FileManager.default
        let scratch = manager.temporaryDirectory.appendingPathComponent("msoko-notebook-\(UUID().uuidString)")
        try manager.createDirectory(at: scratch, withIntermediateDirectories: true)
        for entry in try manager.contentsOfDirectory(atPath: root.path).sorted()
        where !entry.hasPrefix(".") && entry != "out" {
            try manager.createSymbolicLink(at: scratch.appendingPathComponent(entry),
                                           withDestinationURL: root.appendingPathComponent(entry))
        }
        return scratch
    }

    private func run(_ commands: [[String]], in scratch: URL) throws -> Printed {
        var printed = Printed(lines: [], standardOutputs: [])
        for arguments in commands {
            let output = try execute(arguments, scratch)
            printed.standardOutputs.append(sanitize(output.standardOutput, scratch: scratch))
            for text in [output.standardOutput, output.standardError] where !text.isEmpty {
                var lines = sanitize(text, scratch: scratch).components(separatedBy: "\n")
                if lines.last == "" { lines.removeLast() }
                printed.lines += lines
            }
            if output.status != 0 { printed.lines.append("exit status \(output.status)") }
        }
        return printed
    }

    /// Removes absolute paths and figures of seconds.
    func sanitize(_ text: String, scratch: URL) -> String {
        var text = text
        let prefixes = [scratch.path, scratch.resolvingSymlinksInPath().path, root.path, root.resolvingSymlinksInPath().path]
        for prefix in Set(prefixes).sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: prefix + "/", with: "")
            text = text.replacingOccurrences(of: prefix, with: ".")
        }
        if let seconds = try? NSRegularExpression(pattern: #"(seconds"?\s*[:=]\s*)[0-9][0-9.eE+-]*"#) {
            text = seconds.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1…")
        }
        return text
    }
}
