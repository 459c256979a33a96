import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MsokoModel
@testable import MsokoPipeline

/// A program on the `PATH` (the Makefile's `deps` installs `chromium` and
/// `rsvg-convert` from Debian where missing), or nil.
func executable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Runs a program; returns its exit status, stdout and stderr (stderr goes
/// through a file, so neither pipe can fill up and block the program).
@discardableResult
func runProgram(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorFile) }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = try FileHandle(forWritingTo: errorFile)
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errors)
}

/// The sample district's output folder, with `edit` applied to the written district first.
func sampleOutput(_ scratch: ScratchFolder, edit: (ScratchFolder) throws -> Void = { _ in }) throws -> String {
    try SampleDistrict(schoolCount: 12, seed: 2024).write(to: scratch.url)
    try edit(scratch)
    let out = scratch.path("out")
    _ = try PipelineRunner.run(pipelinePath: scratch.path("pipeline.yaml"), options: RunOptions(outputDirectory: out))
    return out
}

/// The SVG documents embedded in an HTML page, in order.
func inlineSVGs(_ html: String) -> [Substring] {
    var found: [Substring] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg "), let end = rest[start.lowerBound...].range(of: "</svg>") {
        found.append(rest[start.lowerBound..<end.upperBound])
        rest = rest[end.upperBound...]
    }
    return found
}

@Suite("The output folder is a static site with SVG charts (issue 12)")
struct StaticSiteTests {
    @Test("every chart is well-formed XML with <title> and <desc>, and renders with rsvg-convert to a non-blank PNG")
    func chartsAreWellFormed() throws {
        let scratch = try ScratchFolder()
        let out = try sampleOutput(scratch)
        let charts = try FileManager.default.contentsOfDirectory(atPath: out + "/charts").filter { $0.hasSuffix(".svg") }.sorted()
        for name in ["deficit_ranking", "heatmap", "cluster_profiles", "cluster_criteria", "area_distribution",
                     "school_S08", "school_S08_distribution", "trends", "school_S08_trends"] {
            #expect(charts.contains(name + ".svg"), "\(name).svg")
        }
        let rsvg = executable("rsvg-convert")
        if rsvg == nil { print("rsvg-convert not found (Debian librsvg2-bin): the SVGs are not rendered") }
        for name in charts {
            let svg = try String(contentsOfFile: out + "/charts/" + name, encoding: .utf8)
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(name) parses as XML: \(String(describing: parser.parserError))")
            #expect(svg.contains("<title>"), "\(name) has a title")
            if !name.hasPrefix("roadmap_") && name != "area_means.svg" && name != "cluster_map.svg" {
                #expect(svg.contains("<desc>"), "\(name) has a description")
            }
            #expect(svg.range(of: #">-?\d+\.\d+</text>"#, options: .regularExpression) == nil, "\(name): Russian decimal comma")
        }
        guard let rsvg else { return }
        // Non-blank: the chart's PNG is much larger than the PNG of a white
        // canvas of the same size (PNG compresses a uniform image to almost nothing).
        for name in ["deficit_ranking", "heatmap", "cluster_profiles", "cluster_criteria", "school_S08_distribution", "trends", "school_S08_trends"] {
            let png = scratch.path(name + ".png"), blankSVG = scratch.path(name + "-blank.svg"), blankPNG = scratch.path(name + "-blank.png")
            let svg = try String(contentsOfFile: out + "/charts/\(name).svg", encoding: .utf8)
            let header = String(svg.prefix { $0 != "\n" })
            try (header + "\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n</svg>\n").write(toFile: blankSVG, atomically: true, encoding: .utf8)
            #expect(try runProgram(rsvg, [out + "/charts/\(name).svg", "-o", png]).status == 0, "\(name) renders")
            #expect(try runProgram(rsvg, [blankSVG, "-o", blankPNG]).status == 0)
            let size = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
            let blank = (try FileManager.default.attributesOfItem(atPath: blankPNG)[.size] as? Int) ?? 0
            #expect(size > 4 * max(blank, 1), "\(name).png (\(size) bytes) is not blank (\(blank) bytes)")
        }
    }

    @Test("index.html links the report and every school page; school pages are HTML, link back and to their peers; no script, no external request")
    func staticSite() throws {
        let scratch = try ScratchFolder()
        let out = try sampleOutput(scratch)
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(index.contains("href=\"report.html\""))
        for id in (1...12).map({ String(format: "S%02d", $0) }) {
            #expect(index.contains("href=\"schools/\(id).html\""), "\(id) linked from index.html")
            #expect(FileManager.default.fileExists(atPath: out + "/schools/\(id).html"))
        }
        let report = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(report.contains("href=\"schools/S12.html\""))
        #expect(try String(contentsOfFile: out + "/report.md", encoding: .utf8).contains("](schools/S12.md)"))
        let page = try String(contentsOfFile: out + "/schools/S12.html", encoding: .utf8)
        #expect(page.contains("href=\"../report.html\""))
        #expect(page.range(of: #"href="S\d\d\.html""#, options: .regularExpression) != nil, "the peer school's page is linked")
        #expect(inlineSVGs(page).count == 3, "the school's profile, its place in the district and its trends")
        for html in [index, report, page] {
            #expect(html.contains("<meta name=\"viewport\""))
            #expect(html.contains("@media print"))
            #expect(!html.lowercased().contains("<script"))
            let withoutNamespaces = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"))
        }
    }

    @Test("without goal indicators the road map section and «достигнуто 0 / 0» disappear; at least 5 charts remain; min–max notes are one sentence")
    func emptySectionsDisappear() throws {
        let scratch = try ScratchFolder()
        let out = try sampleOutput(scratch) { scratch in
            let catalogPath = scratch.path("indicators.yaml")
            let catalog = try String(contentsOfFile: catalogPath, encoding: .utf8)
            let stripped = catalog.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("goal:") }.joined(separator: "\n")
            #expect(stripped != catalog, "the sample catalog has goal keys to remove")
            try stripped.write(toFile: catalogPath, atomically: true, encoding: .utf8)
        }
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(!report.contains("## Показатели дорожной карты"))
        #expect(!report.contains("достигнуто 0 / 0"))
        let charts = report.components(separatedBy: "](charts/").count - 1
        #expect(charts >= 5, "\(charts) charts")
        #expect(!report.contains("нет цели — нормировка мин–макс по району"), "no list of min–max notes")
        #expect(report.contains("список — tables/normalization\\_notes.csv"))
        let notes = try String(contentsOfFile: out + "/tables/normalization_notes.csv", encoding: .utf8)
        #expect(notes.contains("no_target_used_minmax"))
    }

    static let hostileName = "<script>alert(1)</script> & «Школа» \"№1\""

    @Test("a school named <script>alert(1)</script> & «Школа» \"№1\" is escaped in SVG, HTML, Markdown and CSV")
    func hostileName() throws {
        let scratch = try ScratchFolder()
        let out = try sampleOutput(scratch) { scratch in
            let path = scratch.path("schools.csv")
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line -> String in
                guard line.hasPrefix("S12,") else { return String(line) }
                var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[1] = "\"" + Self.hostileName.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                return fields.joined(separator: ",")
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; «Школа» &quot;№1&quot;"
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains(escaped))
        #expect(!html.contains("<script"))
        let page = try String(contentsOfFile: out + "/schools/S12.html", encoding: .utf8)
        #expect(page.contains("<title>" + escaped + "</title>") && !page.contains("<script"))
        let svg = try String(contentsOfFile: out + "/charts/deficit_ranking.svg", encoding: .utf8)
        #expect(svg.contains("<title>S12 " + escaped + "</title>"), "the full name is the bar label's tooltip")
        #expect(!svg.contains("<script"))
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(markdown.contains(#"\<script\>alert(1)\</script\> \& «Школа» "№1""#))
        let csv = try String(contentsOfFile: out + "/tables/school_ranking.csv", encoding: .utf8)
        #expect(csv.contains(",\"<script>alert(1)</script> & «Школа» \"\"№1\"\"\"\n"), "RFC 4180 quoting in the last column")
    }

    @Test("report.html and a school page open in headless Chromium: a PNG screenshot, every chart in the DOM, no console error",
          .enabled(if: executable("chromium") != nil, "chromium not found (Debian chromium; `make test` installs it)"))
    func browser() throws {
        let chromium = try #require(executable("chromium"))
        let scratch = try ScratchFolder()
        let out = try sampleOutput(scratch)
        for page in ["report.html", "index.html", "schools/S08.html"] {
            let url = URL(fileURLWithPath: out + "/" + page).absoluteString
            let html = try String(contentsOfFile: out + "/" + page, encoding: .utf8)
            let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + scratch.path("profile")]
            let shot = scratch.path(page.replacingOccurrences(of: "/", with: "_") + ".png")
            let screenshot = try runProgram(chromium, flags + ["--screenshot=" + shot, "--window-size=412,2400", url])
            #expect(screenshot.status == 0, "\(page): \(screenshot.errors)")
            let png = try Data(contentsOf: URL(fileURLWithPath: shot))
            #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(page): a PNG screenshot")
            let dom = try runProgram(chromium, flags + ["--dump-dom", "--enable-logging=stderr", "--v=0", url])
            #expect(dom.status == 0)
            let expected = inlineSVGs(html).count
            #expect(dom.output.components(separatedBy: "<svg ").count - 1 == expected, "\(page): all \(expected) charts in the DOM")
            let consoleErrors = dom.errors.split(separator: "\n").filter { $0.contains("CONSOLE") }
            #expect(consoleErrors.isEmpty, "\(page): \(consoleErrors)")
        }
    }
}
