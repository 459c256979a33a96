import Foundation
import Testing
@testable import MsokoModel
@testable import MsokoPipeline

/// The visible texts of an SVG (`<text>` contents, a nested `<title>` tooltip left out).
func visibleTexts(_ svg: String) -> [String] {
    let pattern = try! NSRegularExpression(pattern: #"<text[^>]*>(?:<title>[^<]*</title>)?([^<]*)</text>"#)
    return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).compactMap { match in
        Range(match.range(at: 1), in: svg).map { String(svg[$0]) }
    }
}

@Suite("Scale-aware charts (issue 12)")
struct ScaleTests {
    static let schoolCount = 1000

    @Test("a district of 1,000 schools: no chart names more than 60 schools, the dense maps are hexagons, report.html under 5 MB")
    func largeDistrict() throws {
        let scratch = try ScratchFolder()
        // The canonical files only: the native ones (a contest workbook of every
        // pupil) are another test's concern and large at this size.
        let district = try SampleDistrict(schoolCount: Self.schoolCount, seed: 2024)
        let files = district.files() + [("indicators.yaml", BuiltinFiles.catalogText), ("measures.yaml", BuiltinFiles.measuresText),
                                        ("pipeline.yaml", district.pipelineText().components(separatedBy: "\nsources:")[0])]
        for (name, contents) in files { try contents.write(toFile: scratch.path(name), atomically: true, encoding: .utf8) }
        let out = scratch.path("out")
        _ = try PipelineRunner.run(pipelinePath: scratch.path("pipeline.yaml"), options: RunOptions(outputDirectory: out))
        let ids = Set(try scratch.read("schools.csv").split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
        #expect(ids.count == Self.schoolCount)
        let size = (try FileManager.default.attributesOfItem(atPath: out + "/report.html")[.size] as? Int) ?? .max
        #expect(size < 5_000_000, "report.html is \(size) bytes")
        let charts = try FileManager.default.contentsOfDirectory(atPath: out + "/charts").filter { !$0.hasPrefix("school_") }.sorted()
        #expect(charts.contains("trends.svg") && charts.contains("heatmap.svg") && charts.contains("cluster_map.svg"), "\(charts)")
        for name in charts {
            let svg = try String(contentsOfFile: out + "/charts/" + name, encoding: .utf8)
            let texts = visibleTexts(svg)
            let naming = texts.filter { ids.contains(String($0.prefix { $0 != " " })) }
            #expect(naming.count <= 60, "\(name) labels \(naming.count) schools")
            #expect(texts.count <= 400, "\(name) has \(texts.count) texts")
            #expect(svg.utf8.count < 1_000_000, "\(name) is \(svg.utf8.count) bytes")
        }
        let map = try String(contentsOfFile: out + "/charts/cluster_map.svg", encoding: .utf8)
        #expect(map.contains("class=\"hexbin\"") && !map.contains("<circle"), "the cluster map is a density map")
        let trends = try String(contentsOfFile: out + "/charts/trends.svg", encoding: .utf8)
        #expect(!trends.contains("stroke-opacity"), "no line per school in the trends")
        let page = try String(contentsOfFile: out + "/schools/S0500.html", encoding: .utf8)
        #expect(inlineSVGs(page).count >= 2)
    }
}
