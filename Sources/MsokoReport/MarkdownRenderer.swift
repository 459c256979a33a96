extension ReportDocument {
    /// The report as CommonMark with GitHub tables.
    public func markdown() -> String {
        var out = "# \(MarkdownEscaping.text(title))\n"
        for block in blocks {
            out += "\n"
            switch block {
            case .heading(let level, let text):
                out += String(repeating: "#", count: min(max(level, 1), 6)) + " " + MarkdownEscaping.text(text) + "\n"
            case .paragraph(let text):
                out += MarkdownEscaping.text(text) + "\n"
            case .richParagraph(let spans):
                out += spans.map { $0.strong ? "**\(MarkdownEscaping.text($0.text))**" : MarkdownEscaping.text($0.text) }.joined() + "\n"
            case .bulletList(let items):
                for item in items { out += "- " + MarkdownEscaping.text(item) + "\n" }
            case .table(let table):
                out += "| " + table.header.map(MarkdownEscaping.cell).joined(separator: " | ") + " |\n"
                out += "|" + table.alignments.map { $0 == .right ? "---:|" : "---|" }.joined() + "\n"
                for row in table.rows {
                    out += "| " + row.map(MarkdownEscaping.cell).joined(separator: " | ") + " |\n"
                }
            case .figure(_, let file, let caption):
                out += "![\(MarkdownEscaping.text(caption))](\(file))\n"
            case .note(let text):
                out += "> " + MarkdownEscaping.text(text) + "\n"
            case .links(let links):
                for link in links { out += "- [\(MarkdownEscaping.text(link.text))](\(link.target).md)\n" }
            }
        }
        return out
    }
}

enum MarkdownEscaping {
    /// Backslash-escapes the ASCII punctuation that CommonMark could read as
    /// markup (every ASCII punctuation character may be escaped).
    static func text(_ text: String) -> String {
        // Scalar-level work: comparing `Character`s goes through Unicode
        // normalisation and dominated the report's time on a region.
        guard text.utf8.contains(where: { special.contains($0) || $0 == newline || $0 == carriageReturn }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII, special.contains(UInt8(scalar.value)) {
                out.append("\\")
                out.append(scalar)
            } else if scalar == "\n" || scalar == "\r" {
                out.append(" ")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let special = Set("\\*_[]<>&`#|!".utf8)

    static func cell(_ text: String) -> String { self.text(text) }
}
