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

    /// The notebook with every executed cell's output blocks regenerated.
    public func regenerate(_ markdown: String) throws -> String {
        let scratch = try makeScratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let lines = markdown.components(separatedBy: "\n")
        var result: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            // A table excerpt on its own reads the scratch folder as the cells before left it.
            if Self.isOutputFence(line), let table = Self.options(of: line)?["table"] {
                var end = index + 1
                while end < lines.count, lines[end] != "```" { end += 1 }
                guard end < lines.count else { throw NotebookError("line \(index + 1): the output block is not closed") }
                let options = Self.options(of: line) ?? [:]
                result += [line] + (try excerpt(table: table, rows: Int(options["rows"] ?? "5") ?? 5,
                                                columns: options["columns"].flatMap { Int($0) }, out: nil, scratch: scratch)) + ["```"]
                index = end + 1
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
            var blocks: [String] = []
            var probe = index
            while true {
                var next = probe
                while next < lines.count, lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
                guard next < lines.count, Self.isOutputFence(lines[next]) else { break }
                var end = next + 1
                while end < lines.count, lines[end] != "```" { end += 1 }
                guard end < lines.count else { throw NotebookError("line \(next + 1): the output block is not closed") }
                blocks.append(lines[next])
                probe = end + 1
            }
            if blocks.isEmpty {
                result += ["", "```output"] + printed + ["```"]
                continue
            }
            for fence in blocks {
                // One blank line before each block.
                result.append("")
                let body: [String]
                if let options = Self.options(of: fence), let table = options["table"] {
                    body = try excerpt(table: table, rows: Int(options["rows"] ?? "5") ?? 5,
                                       columns: options["columns"].flatMap { Int($0) },
                                       out: commands.last.flatMap(Self.outFolder), scratch: scratch)
                } else {
                    body = printed
                }
                result += [fence] + body + ["```"]
            }
            index = probe
        }
        return result.joined(separator: "\n")
    }

    // MARK: - Cells

    /// A line that opens or closes a backtick fence (CommonMark: no backtick in
    /// its info string, so a line of text that starts with inline code is none).
    static func isFence(_ line: String) -> Bool {
        line.hasPrefix("```") && !line.drop(while: { $0 == "`" }).contains("`")
    }

    static func isRunFence(_ line: String) -> Bool {
        guard isFence(line) else { return false }
        let words = line.dropFirst(3).split(separator: " ")
        return words.first == "sh" && words.dropFirst().contains("run")
    }

    static func isOutputFence(_ line: String) -> Bool {
        guard isFence(line) else { return false }
        return line.dropFirst(3).split(separator: " ").first == "output"
    }

    /// `key=value` words of an output fence.
    static func options(of fence: String) -> [String: String]? {
        var options: [String: String] = [:]
        for word in fence.dropFirst(3).split(separator: " ").dropFirst() {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { options[String(parts[0])] = String(parts[1]) }
        }
        return options
    }

    /// Words of a command line: split at spaces, '…' and "…" quote.
    static func arguments(of text: String) throws -> [String] {
        var words: [String] = []
        var current = "", quote: Character?, started = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                started = true
            } else if character == " " || character == "\t" {
                if started || !current.isEmpty { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
            }
        }
        if quote != nil { throw NotebookError("unclosed quote in «msoko \(text)»") }
        if started || !current.isEmpty { words.append(current) }
        return words
    }

    static func outFolder(of arguments: [String]) -> String? {
        for (position, word) in arguments.enumerated() {
            if word == "--out", position + 1 < arguments.count { return arguments[position + 1] }
            if word.hasPrefix("--out=") { return String(word.dropFirst("--out=".count)) }
        }
        return nil
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

    private func run(_ commands: [[String]], in scratch: URL) throws -> [String] {
        var printed: [String] = []
        for arguments in commands {
            let output = try execute(arguments, scratch)
            for text in [output.standardOutput, output.standardError] where !text.isEmpty {
                var lines = sanitize(text, scratch: scratch).components(separatedBy: "\n")
                if lines.last == "" { lines.removeLast() }
                printed += lines
            }
            if output.status != 0 { printed.append("exit status \(output.status)") }
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

    // MARK: - Table excerpts

    private func excerpt(table: String, rows: Int, columns: Int?, out: String?, scratch: URL) throws -> [String] {
        let resolve = { (path: String) in path.hasPrefix("/") ? URL(fileURLWithPath: path) : scratch.appendingPathComponent(path) }
        let candidates = (out.map { [resolve($0).appendingPathComponent(table)] } ?? []) + [resolve(table)]
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw NotebookError("table \(table) not found (looked in \(out.map { "\($0)/ and " } ?? "")the scratch folder)")
        }
        var lines = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { return [] }
        let cut: (String) -> String = { line in
            guard let columns else { return line }
            let fields = Self.csvFields(line)
            return fields.count > columns ? (fields.prefix(columns) + ["…"]).joined(separator: ",") : line
        }
        let body = lines.dropFirst()
        var excerpt = [cut(lines[0])] + body.prefix(rows).map(cut)
        if body.count > rows { excerpt.append("… (\(body.count - rows) more of \(body.count) rows)") }
        return excerpt
    }

    /// The raw fields of a CSV line (quotes kept), split at commas outside quotes.
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
