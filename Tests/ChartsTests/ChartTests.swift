import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MsokoCharts
import MsokoTestSupport

@Suite("Charts")
struct ChartTests {
    @Test("ticks are nice numbers (1, 2, 5 × 10ⁿ) that enclose the domain")
    func niceTicks() {
        #expect(NiceScale.ticks(0...97) == [0, 20, 40, 60, 80, 100])
        let unit = NiceScale.ticks(0.13...0.87)
        #expect(unit.count == 6 && unit.first == 0 && isApproximatelyEqual(unit.last!, 1, absoluteTolerance: 1e-12))
        let ticks = NiceScale.ticks(-3.2...4.9)
        #expect(ticks.first! <= -3.2 && ticks.last! >= 4.9)
        #expect(NiceScale.ticks(5...5).count >= 2, "a constant domain still gets an axis")
    }

    func sampleChart(title: String = "Карта школ <A & B>") -> Chart {
        Chart(
            title: title,
            xAxis: Axis(title: "PC1", kind: .linear(domain: -2...3)),
            yAxis: Axis(title: "PC2", kind: .linear(domain: -1...1)),
            marks: [
                .point(x: 1, y: 0.5, color: 0, label: "S01 \"quoted\"", tooltip: "S01"),
                .point(x: -1.5, y: -0.2, color: 1, label: "S02", tooltip: nil),
                .line(points: [(x: -2, y: -1), (x: 3, y: 1)], color: 2, dashed: true),
                .referenceY(value: 0.7, label: "цель 70 %"),
            ],
            legend: [LegendEntry(label: "Кластер 1", color: 0), LegendEntry(label: "Кластер 2", color: 1)])
    }

    @Test("the SVG is well-formed XML with escaped texts, the same bytes every time")
    func wellFormed() throws {
        let svg = sampleChart().svg()
        #expect(svg == sampleChart().svg())
        #expect(svg.contains("Карта школ &lt;A &amp; B&gt;"))
        #expect(svg.contains("S01 &quot;quoted&quot;"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "SVG parses as XML: \(String(describing: parser.parserError))")
        #expect(!svg.contains("href"), "no external resources")
    }

    @Test("points land inside the plot area in the right order")
    func placement() {
        let chart = sampleChart()
        let layout = ChartLayout(chart: chart)
        #expect(layout.x(1) > layout.x(-1.5))
        #expect(layout.y(0.5) < layout.y(-0.2), "higher values are drawn higher")
        #expect(layout.x(-2) >= layout.left && layout.x(3) <= layout.right)
    }

    @Test("the palette is the Okabe–Ito set and wraps around")
    func palette() {
        #expect(Palette.color(0) == "#0072B2")
        #expect(Palette.color(8) == Palette.color(0))
        #expect(Palette.color(-1) == "#000000")
    }

    @Test("stacked segments and dots: a faded segment is pale with an outline, the neutral grey is outside the cycle, long legend labels are cut with the full text as tooltip")
    func segmentsAndDots() throws {
        let chart = Chart(
            title: "Потребность",
            xAxis: Axis(title: "балл", kind: .linear(domain: 0...10)),
            yAxis: Axis(title: "", kind: .band(categories: ["S01", "S02"])),
            marks: [
                .segment(category: 0, start: 0, end: 4, color: 0, faded: false, tooltip: "a"),
                .segment(category: 0, start: 4, end: 6, color: 0, faded: true, tooltip: "b"),
                .segment(category: 1, start: 0, end: 3, color: Palette.neutral, faded: false, tooltip: nil),
                .dot(x: 5, y: 1, color: 7, radius: 3, tooltip: "медиана"),
            ],
            legend: [LegendEntry(label: "Профилактика безнадзорности и правонарушений", color: 0),
                     LegendEntry(label: "возможные", color: 0, faded: true)],
            description: "Описание")
        let svg = chart.svg()
        #expect(svg == chart.svg())
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.contains("fill=\"#0072B2\" fill-opacity=\"0.3\" stroke=\"#0072B2\""), "the faded segment")
        #expect(svg.contains("fill=\"#999999\""), "the neutral grey")
        #expect(svg.contains("<circle cx=") && svg.contains("r=\"3\" fill=\"#000000\"><title>медиана</title>"))
        #expect(svg.contains("<title>Профилактика безнадзорности и правонарушений</title>Профилактика"), "full label as tooltip")
        #expect(svg.contains("<desc>Описание</desc>"))
        let layout = ChartLayout(chart: chart)
        #expect(layout.x(4) < layout.x(6), "segments stack left to right")
        #expect(Palette.color(Palette.neutral) == Palette.neutralColor)
    }

    @Test("small multiples: one SVG with its title and description, each panel a group at its cell of the grid")
    func smallMultiples() throws {
        let panel = { (title: String) in
            Chart(title: title, width: 300, height: 200,
                  xAxis: Axis(title: "", kind: .linear(domain: 2020...2026)), yAxis: Axis(title: "", kind: .linear(domain: 0...100)),
                  marks: [.trace(points: [(x: 2020, y: 40), (x: 2023, y: 55)], color: Palette.neutral, opacity: 0.4, tooltip: "S01"),
                          .line(points: [(x: 2020, y: 50), (x: 2023, y: 60)], color: 0, dashed: false),
                          .band(points: [(x: 2023, low: 60, middle: 60, high: 60), (x: 2026, low: 55, middle: 70, high: 85)], color: 1)])
        }
        let chart = SmallMultiples(title: "Динамика <район>", description: "Панель — показатель",
                                   panels: ["A", "B", "C", "D"].map(panel), columns: 3,
                                   legend: [LegendEntry(label: "район", color: 0)])
        let svg = chart.svg()
        #expect(svg == chart.svg())
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(chart.width == 900 && chart.height == 52 + 400)
        #expect(svg.contains("<desc>Панель — показатель</desc>") && svg.contains("Динамика &lt;район&gt;"))
        #expect(svg.components(separatedBy: "<svg ").count - 1 == 1, "one SVG element: panels are groups")
        #expect(svg.components(separatedBy: "<g transform=").count - 1 == 4)
        #expect(svg.contains("<g transform=\"translate(0 252)\">\n<title>D</title>"), "the fourth panel starts the second row")
        #expect(svg.contains("stroke-opacity=\"0.4\"><title>S01</title>"), "a faint trace with its tooltip")
    }

    @Test("a hexbin mark bins points into hexagons: one polygon per occupied cell, the most frequent group's colour, the count as tooltip")
    func hexbin() throws {
        // Three points at the same place (groups 1, 1, 2) and one far away (group 0).
        let points: [(x: Double, y: Double, group: Int)] = [(x: 1, y: 1, group: 1), (x: 1, y: 1, group: 1), (x: 1, y: 1, group: 2), (x: 9, y: 9, group: 0)]
        let chart = Chart(title: "Карта", xAxis: Axis(title: "", kind: .linear(domain: 0...10)), yAxis: Axis(title: "", kind: .linear(domain: 0...10)),
                          marks: [.hexbin(points: points, radius: 9, noun: "школ")])
        let svg = chart.svg()
        #expect(svg == chart.svg())
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 2)
        #expect(svg.contains("fill=\"\(Palette.color(1))\" fill-opacity=\"1\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>3 школ</title>"))
        #expect(svg.contains("fill=\"\(Palette.color(0))\" fill-opacity=\"0.68\""), "one of three: 0.25 + 0.75 × √(1/3)")
    }
}
