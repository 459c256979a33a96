extension ReportDocument {
    /// The report as CommonMark with GitHub tables.
    public func markdown() -> String {
        var out = "# \(MarkdownEscaping.text(title))\n"
        out.reserveCapacity(16384)
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
                MarkdownRenderer.appendRow(table.header, to: &out)
                out += "|" + table.alignments.map { $0 == .right ? "---:|" : "---|" }.joined() + "\n"
                for row in table.rows { MarkdownRenderer.appendRow(row, to: &out) }
            case .figure(_, let file, let caption):
                out += "![\(MarkdownEscaping.text(caption))](\(file))\n"
            case .inlineFigure(_, let caption, let page):
                out += "*\(MarkdownEscaping.text(caption))* — [\(MarkdownEscaping.text(page.text))](\(page.target).html)\n"
            case .note(let text):
                out += "> " + MarkdownEscaping.text(text) + "\n"
            case .links(let links):
                for link in links { out += "- [\(MarkdownEscaping.text(link.text))](\(link.target).md)\n" }
            }
        }
        return out
    }
}

enum MarkdownRenderer {
    /// Appends a table row, `| a | b |` and a line feed, cell by cell (a
    /// page's tables have hundreds of cells; joining each row's escaped
    /// cells into a string of its own first copied them twice).
    static func appendRow(_ cells: [String], to out: inout String) {
        out += "| "
        for (index, cell) in cells.enumerated() {
            if index > 0 { out += " | " }
            out += MarkdownEscaping.cell(cell)
        }
        out += " |\n"
    }
}

enum MarkdownEscaping {
    /// Backslash-escapes the ASCII punctuation that CommonMark could read as
    /// markup (every ASCII punctuation character may be escaped); a line
    /// feed or carriage return becomes a space.
    ///
    /// Works on the UTF-8 bytes: every character it changes is ASCII, and no
    /// byte of a multi-byte UTF-8 sequence is below 0x80 (comparing
    /// `Character`s goes through Unicode normalisation, and even a set of
    /// bytes hashed each one: both dominated the report's time on a region).
    static func text(_ text: String) -> String {
        var text = text
        let escaped: String? = text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: isSpecial) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            for byte in UnsafeBufferPointer(rebasing: bytes[first...]) {
                if byte == newline || byte == carriageReturn {
                    out.append(UInt8(ascii: " "))
                } else {
                    if isSpecial(byte) { out.append(UInt8(ascii: "\\")) }
                    out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return escaped ?? text
    }

    private static var newline: UInt8 { 10 }
    private static var carriageReturn: UInt8 { 13 }
    /// The punctuation escaped with a backslash.
    static let special = Set("\\*_[]<>&`#|!".utf8)

    /// Whether `text` changes `byte`: one of `special`, a line feed or a
    /// carriage return (bit `byte` of `lowBytes` below 64, bit `byte - 64`
    /// of `highBytes` from 64 to 127).
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte < 64 ? lowBytes & (1 << UInt64(byte)) != 0
            : byte < 128 && highBytes & (1 << UInt64(byte - 64)) != 0
    }

    static var lowBytes: UInt64 { 0x5000_044A_0000_2400 }
    static var highBytes: UInt64 { 0x1000_0001_B800_0000 }

    static func cell(_ text: String) -> String { self.text(text) }
}
