import Foundation
import MsokoIngest
import MsokoModel

/// What an output block shows of a file or of a command's JSON: a CSV
/// excerpt as text, a short Markdown table, a text file's first lines, the
/// named members of a JSON object.
extension NotebookRunner {
    /// The file `path` names: in the cell's `--out` folder, else in the scratch folder.
    func locate(_ path: String, out: String?, scratch: URL) throws -> URL {
        let resolve = { (path: String) in path.hasPrefix("/") ? URL(fileURLWithPath: path) : scratch.appendingPathComponent(path) }
        let candidates = (out.map { [resolve($0).appendingPathComponent(path)] } ?? []) + [resolve(path)]
        guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw NotebookError("\(path) not found (looked in \(out.map { "\($0)/ and " } ?? "")the scratch folder)")
        }
        return file
    }

    func excerpt(table: String, rows: Int, columns: Int?, out: String?, scratch: URL) throws -> [String] {
        let file = try locate(table, out: out, scratch: scratch)
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

    /// A table (its first record the header) as a short GitHub-flavoured Markdown table:
    /// - `columns`: a number M (the first M columns) or header names separated
    ///   by commas, shown in that order (default all); `#N` is the N-th column
    ///   (for a header with spaces);
    /// - `where`: `COLUMN=VALUE` conditions separated by commas, all required;
    /// - `rows`: the first N rows that pass; a last row of `…` says more passed;
    /// - `digits`: numbers with a decimal point rounded to at most that many
    ///   decimals (trailing zeros dropped).
    /// Columns whose shown cells are all numbers are right-aligned.
    static func markdownTable(records: [[String]], rows: Int, columns: String?, where conditions: String?, digits: Int?) throws -> [String] {
        guard let header = records.first else { return [] }
        func column(_ name: String) throws -> Int {
            if name.hasPrefix("#"), let position = Int(name.dropFirst()), position >= 1, position <= header.count {
                return position - 1
            }
            guard let position = header.firstIndex(of: name) else {
                throw NotebookError("no column «\(name)» in the table (columns: \(header.joined(separator: ",")))")
            }
            return position
        }
        let shown: [Int]
        if let columns, let count = Int(columns) {
            shown = Array(0..<min(count, header.count))
        } else if let columns {
            shown = try columns.split(separator: ",").map { try column(String($0)) }
        } else {
            shown = Array(header.indices)
        }
        let filters = try (conditions?.split(separator: ",") ?? []).map { condition -> (Int, String) in
            let parts = condition.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw NotebookError("where=\(conditions ?? ""): write COLUMN=VALUE") }
            return (try column(String(parts[0])), String(parts[1]))
        }
        let passing = records.dropFirst().filter { record in
            filters.allSatisfy { position, value in position < record.count && record[position] == value }
        }
        let cell = { (record: [String], position: Int) -> String in
            Self.markdownCell(position < record.count ? record[position] : "", digits: digits)
        }
        let body = passing.prefix(rows).map { record in shown.map { cell(record, $0) } }
        let numeric = shown.indices.map { column in
            !body.isEmpty && body.allSatisfy { $0[column].isEmpty || Double($0[column]) != nil }
        }
        let line = { (cells: [String]) in "| " + cells.joined(separator: " | ") + " |" }
        var table = [line(shown.map { header[$0] }), line(numeric.map { $0 ? "---:" : "---" })] + body.map(line)
        if passing.count > rows { table.append(line(shown.map { _ in "…" })) }
        return table
    }

    /// A table cell for Markdown: a number with a decimal point rounded to at
    /// most `digits` decimals (trailing zeros dropped), `|` escaped, line breaks as spaces.
    static func markdownCell(_ text: String, digits: Int?) -> String {
        var text = text
        if let digits, text.contains("."), let number = Double(text), number.isFinite {
            text = String(format: "%.\(digits)f", number)
            while text.contains("."), text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            if text == "-0" { text = "0" }
        }
        return text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// The rows of a table file as text, read as msoko reads its inputs
    /// (`TableFiles`: CSV in any dialect, a workbook's first sheet, a Word
    /// document's first table); blank rows are skipped.
    static func tableRecords(_ file: URL, name: String) throws -> [[String]] {
        guard let document = try TableFiles.open(TableSpec(path: name), resolvedAt: file).documents.first else { return [] }
        var cursor = document.makeCursor()
        var cells: [CSVField] = [], records: [[String]] = []
        while try cursor.next(into: &cells) != nil {
            records.append(cells.map { document.lossyString($0) })
        }
        return records
    }

    /// `key: value` lines of the named keys of a JSON object printed on stdout,
    /// each value as printed (msoko's own number formatting is kept).
    static func jsonFields(_ text: String, keys: [String]) throws -> [String] {
        let members = topLevelMembers(of: text)
        return try keys.map { key in
            guard let value = members[key] else {
                throw NotebookError("keys=\(keys.joined(separator: ",")): the output has no key «\(key)»")
            }
            return "\(key): \(value)"
        }
    }

    /// The raw text of each member of the first JSON object in `text`.
    static func topLevelMembers(of text: String) -> [String: String] {
        var members: [String: String] = [:]
        var depth = 0, inString = false, escaped = false
        var key: String?, current = "", valueStart: String.Index?
        for position in text.indices {
            let character = text[position]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                if depth == 1, valueStart == nil, inString || character != "\"" { current.append(character) }
                continue
            }
            switch character {
            case "\"":
                inString = true
                if depth == 1, valueStart == nil { current = "" }
            case "{", "[":
                depth += 1
            case "}", "]":
                if depth == 1, character == "}", let key, let start = valueStart {
                    members[key] = text[start..<position].trimmingCharacters(in: .whitespaces)
                    return members
                }
                depth -= 1
            case ":" where depth == 1 && valueStart == nil:
                key = current
                valueStart = text.index(after: position)
            case "," where depth == 1:
                if let key, let start = valueStart { members[key] = text[start..<position].trimmingCharacters(in: .whitespaces) }
                key = nil
                valueStart = nil
            default:
                break
            }
        }
        return members
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
