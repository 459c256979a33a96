import Foundation

extension NotebookRunner {
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

    /// The `key=value` words of an output block's opening (other words are ignored).
    static func options(of text: String) -> [String: String] {
        var options: [String: String] = [:]
        for word in text.split(separator: " ") {
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
}
