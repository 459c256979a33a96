import MsokoCharts

extension ReportDocument {
    /// The report as one self-contained HTML page: inline CSS and SVG, no
    /// scripts, no external requests.
    public func html() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="\(HTMLEscaping.attribute(language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTMLEscaping.attribute(title))</title>
            <style>\(HTMLRenderer.style)</style>
            </head>
            <body>
            <main>
            <h1>\(HTMLEscaping.text(title))</h1>

            """
        out.reserveCapacity(16384 + blocks.reduce(0) { total, block in
            switch block {
            case .figure(let svg, _, _), .inlineFigure(let svg, _, _): return total + svg.utf8.count
            default: return total
            }
        })
        for block in blocks {
            switch block {
            case .heading(let level, let text):
                let tag = "h\(min(max(level, 2), 6))"
                out += "<\(tag)>\(HTMLEscaping.text(text))</\(tag)>\n"
            case .paragraph(let text):
                out += "<p>\(HTMLEscaping.text(text))</p>\n"
            case .richParagraph(let spans):
                out += "<p>" + spans.map { $0.strong ? "<strong>\(HTMLEscaping.text($0.text))</strong>" : HTMLEscaping.text($0.text) }.joined() + "</p>\n"
            case .bulletList(let items):
                out += "<ul>\n" + items.map { "<li>\(HTMLEscaping.text($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let table):
                // Cells are appended piece by piece: a cell interpolated
                // into a string of its own first was made and copied again.
                out += "<div class=\"table\"><table>\n<thead><tr>"
                for (index, cell) in table.header.enumerated() {
                    out += "<th"
                    out += HTMLRenderer.alignment(table, index)
                    out += ">"
                    out += HTMLEscaping.text(cell)
                    out += "</th>"
                }
                out += "</tr></thead>\n<tbody>\n"
                for row in table.rows {
                    out += "<tr>"
                    for (index, cell) in row.enumerated() {
                        out += "<td"
                        out += HTMLRenderer.alignment(table, index)
                        out += ">"
                        out += HTMLEscaping.text(cell)
                        out += "</td>"
                    }
                    out += "</tr>\n"
                }
                out += "</tbody></table></div>\n"
            case .figure(let svg, _, let caption), .inlineFigure(let svg, let caption, _):
                // The drawing is appended as it is (interpolated, it was copied once more).
                out += "<figure>\n"
                out += svg
                out += "\n<figcaption>\(HTMLEscaping.text(caption))</figcaption>\n</figure>\n"
            case .note(let text):
                out += "<aside>\(HTMLEscaping.text(text))</aside>\n"
            case .links(let links):
                out += "<ul class=\"links\">\n" + links.map {
                    "<li><a href=\"\(HTMLEscaping.attribute($0.target)).html\">\(HTMLEscaping.text($0.text))</a></li>\n"
                }.joined() + "</ul>\n"
            }
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }
}

enum HTMLRenderer {
    static func alignment(_ table: ReportTable, _ index: Int) -> String {
        index < table.alignments.count && table.alignments[index] == .right ? " class=\"number\"" : ""
    }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"PT Sans",Arial,sans-serif;color:#1b1b1b;background:#fff;margin:0}\
        main{max-width:980px;margin:0 auto;padding:1.5rem}\
        h1{font-size:1.6rem;margin-top:0}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ddd}h3{font-size:1.1rem}\
        .table{overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}\
        th,td{border:1px solid #d0d0d0;padding:.3rem .5rem;vertical-align:top}th{background:#f3f3f3;text-align:left}\
        td.number,th.number{text-align:right;font-variant-numeric:tabular-nums}\
        aside{background:#fff8e1;border-left:4px solid #e69f00;padding:.5rem .8rem;margin:1rem 0}\
        figure{margin:1rem 0;overflow-x:auto}figcaption{font-size:.9rem;color:#555}\
        figure svg{max-width:100%;height:auto}ul.links li{margin:.35rem 0}@media print{figure svg{min-width:0}}a{color:#0072b2}\
        @media (max-width:600px){main{padding:.8rem}h1{font-size:1.3rem}table{font-size:.85rem}figure svg{min-width:560px}}\
        @media print{main{max-width:none;padding:0}a{color:inherit;text-decoration:none}.table,figure{overflow:visible}\
        figure,tr{break-inside:avoid}h2,h3{break-after:avoid}aside{border-left-color:#000}}
        """
}

/// HTML shares the XML escaping of the chart module.
enum HTMLEscaping {
    /// Element content: escaped, and each isolate a name is wrapped in
    /// (`DisplayName`, U+2068 … U+2069) becomes `<bdi>…</bdi>`, the HTML
    /// element for text of unknown direction. Only balanced pairs become
    /// tags: a stray U+2069 is dropped and an unclosed `<bdi>` is closed
    /// at the end, so the page stays well-formed whatever the text.
    static func text(_ text: String) -> String {
        var escaped = SVGText.escape(text)
        guard containsIsolate(&escaped) else { return escaped }
        var out = ""
        var open = 0
        for scalar in escaped.unicodeScalars {
            if scalar == DisplayName.firstStrongIsolate {
                out += "<bdi>"
                open += 1
            } else if scalar == DisplayName.popDirectionalIsolate {
                if open > 0 { out += "</bdi>"; open -= 1 }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + String(repeating: "</bdi>", count: open)
    }

    /// Whether `text` holds U+2068 or U+2069, found in its UTF-8 bytes
    /// (E2 81 A8, E2 81 A9); a scalar-by-scalar search took longer than the
    /// escaping itself.
    static func containsIsolate(_ text: inout String) -> Bool {
        text.withUTF8 { bytes in
            var index = 0
            while index + 2 < bytes.count {
                if bytes[index] == 0xE2, bytes[index + 1] == 0x81, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return true }
                index += 1
            }
            return false
        }
    }

    /// Attribute values and `<title>` (text only): escaped, isolates kept as characters.
    static func attribute(_ text: String) -> String { SVGText.escape(text) }
}
