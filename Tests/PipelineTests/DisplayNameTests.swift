import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MsokoIngest
@testable import MsokoModel
@testable import MsokoPipeline

/// School names with right-to-left text and controls, emoji and line breaks
/// through a whole `msoko run` (issue 15 item 4): every output shows them
/// whole, in their own direction, without breaking its format.
@Suite("names with bidirectional text, emoji and line breaks")
struct DisplayNameTests {
    /// U+202E RIGHT-TO-LEFT OVERRIDE that is never closed, Hebrew, an emoji
    /// and a line break; and U+200F RIGHT-TO-LEFT MARK, a stray U+2069, CR LF
    /// and Markdown table pipes.
    static let names = [
        "S11": "Школа \u{202E}שלום 🎒\nвторая строка",
        "S12": "\u{200F}Лицей 🚀\u{2069} «Звезда»\r\n| x | y |",
    ]
    /// What a line of the report shows of each: control characters as spaces,
    /// the name's own isolates dropped (the pair around it is the report's).
    static let shown = [
        "S11": "Школа \u{202E}שלום 🎒 вторая строка",
        "S12": "\u{200F}Лицей 🚀 «Звезда»  | x | y |",
    ]

    func run(_ scratch: ScratchFolder) throws -> String {
        try sampleOutput(scratch) { scratch in
            let path = scratch.path("schools.csv")
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line -> String in
                guard let id = line.split(separator: ",").first.map(String.init), let name = Self.names[id] else { return String(line) }
                var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[1] = "\"" + name + "\""
                return fields.joined(separator: ",")
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    func files(_ out: String, suffix: String) throws -> [(name: String, text: String)] {
        let enumerator = FileManager.default.enumerator(atPath: out)!
        return try enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.sorted().map {
            ($0, try String(contentsOfFile: out + "/" + $0, encoding: .utf8))
        }
    }

    func occurrences(of needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("HTML: every occurrence of the names is inside <bdi>, tags balanced; <title> keeps the isolate characters")
    func html() throws {
        let scratch = try ScratchFolder()
        let out = try run(scratch)
        let pages = try files(out, suffix: ".html")
        #expect(pages.count > 2)
        for (file, page) in pages {
            var body = page
            if let start = body.range(of: "<title>"), let end = body.range(of: "</title>") { body.removeSubrange(start.lowerBound..<end.upperBound) }
            #expect(occurrences(of: "<bdi>", in: body) == occurrences(of: "</bdi>", in: body), "\(file)")
            for (id, shown) in Self.shown {
                let escaped = shown.replacingOccurrences(of: "\u{2069}", with: "")
                let total = occurrences(of: escaped, in: body)
                // Inline SVG charts keep the characters; HTML text gets the element.
                let isolated = occurrences(of: "<bdi>" + escaped + "</bdi>", in: body) + occurrences(of: "\u{2068}" + escaped + "\u{2069}", in: body)
                #expect(total == isolated, "\(file) \(id): \(total) occurrences, \(isolated) isolated")
            }
        }
        let s11 = try String(contentsOfFile: out + "/schools/S11.html", encoding: .utf8)
        #expect(s11.contains("<title>\u{2068}\(Self.shown["S11"]!)\u{2069}</title>"))
        #expect(s11.contains("<h1><bdi>\(Self.shown["S11"]!)</bdi></h1>"))
        let report = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(report.contains("<bdi>\(Self.shown["S12"]!)</bdi>"))
    }

    @Test("SVG: every chart is well-formed XML and a name in <text> sits between U+2068 and U+2069")
    func svg() throws {
        let scratch = try ScratchFolder()
        let out = try run(scratch)
        let charts = try files(out, suffix: ".svg")
        #expect(!charts.isEmpty)
        var labelled = 0
        for (file, svg) in charts {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(file): \(String(describing: parser.parserError))")
            #expect(!svg.contains("\n| x |") && !svg.contains("\nвторая строка"), "\(file): no line break inside a name")
            if svg.contains("S11 \u{2068}Школа") { labelled += 1 }
            // A label cut short with "…" still closes its isolate.
            #expect(occurrences(of: "\u{2068}", in: svg) == occurrences(of: "\u{2069}", in: svg), "\(file)")
        }
        #expect(labelled > 0, "some chart labels S11 by its isolated name")
    }

    @Test("Markdown: a name's line breaks never split a heading or a table row; every row has its header's columns")
    func markdown() throws {
        let scratch = try ScratchFolder()
        let out = try run(scratch)
        for (file, text) in try files(out, suffix: ".md") {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(!lines.contains { $0.hasPrefix("вторая строка") || $0.hasPrefix("| x | y |") }, "\(file)")
            #expect(!text.unicodeScalars.contains("\r"), "\(file)")
            var columns: Int?
            for line in lines {
                guard line.hasPrefix("|") else { columns = nil; continue }
                // Cell separators: pipes not escaped by a backslash.
                var count = 0, escaped = false
                for character in line {
                    if character == "|" && !escaped { count += 1 }
                    escaped = character == "\\" && !escaped
                }
                if let columns { #expect(count == columns, "\(file): \(line)") } else { columns = count }
                #expect(line.hasSuffix("|"), "\(file): \(line)")
            }
        }
        let page = try String(contentsOfFile: out + "/schools/S12.md", encoding: .utf8)
        #expect(page.hasPrefix("# \u{2068}\u{200F}Лицей 🚀 «Звезда»  \\| x \\| y \\|\u{2069}\n"))
    }

    @Test("CSV: the names come back exactly, line breaks included, from tables/school_ranking.csv")
    func csv() throws {
        let scratch = try ScratchFolder()
        let out = try run(scratch)
        let document = try TableDocument(delimited: [UInt8](Data(contentsOf: URL(fileURLWithPath: out + "/tables/school_ranking.csv"))),
                                         path: "school_ranking.csv")
        var cursor = document.makeCursor()
        var row: [CSVField] = []
        var header: [String] = []
        var names: [String: String] = [:]
        while try cursor.next(into: &row) != nil {
            let cells = row.map { document.string($0) ?? "" }
            if header.isEmpty { header = cells; continue }
            names[cells[header.firstIndex(of: "school_id")!]] = cells[header.firstIndex(of: "school_name")!]
        }
        for (id, name) in Self.names {
            #expect(names[id] == name, "\(id)")
        }
    }
}
