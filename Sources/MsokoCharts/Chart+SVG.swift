import Foundation

extension Chart {
    /// The chart as a standalone SVG document (also valid inline in HTML).
    /// Fonts fall back to the reader's sans-serif; no external resources.
    public func svg() -> String {
        svgDocument(width: width, height: height, title: title, description: description, capacity: 8192) { content(into: &$0) }
    }

    /// Appends the chart as a group with its top left corner at `origin`: a
    /// panel of `SmallMultiples` (a group, not a nested `<svg>`, so that the
    /// page has one `<svg>` element per chart).
    func panel(at origin: (x: Double, y: Double), into out: inout SVGOutput) {
        out += "<g transform=\"translate(\(c(origin.x)) \(c(origin.y)))\">\n<title>\(SVGText.escape(title))</title>\n"
        out += "<rect width=\"\(c(width))\" height=\"\(c(height))\" fill=\"#ffffff\"/>\n"
        content(into: &out)
        out += "</g>\n"
    }

    /// Appends the title line, axes, marks and legend. Every part of a
    /// drawing is written into the one buffer of its document: parts made
    /// apart and joined were copied three or four times over.
    func content(into out: inout SVGOutput) {
        let layout = ChartLayout(chart: self)
        if titleLines > 1 {
            for (index, line) in layout.wrappedTitle.enumerated() {
                out += "<text x=\"8\" y=\"\(c(14 + 13 * Double(index)))\" font-size=\"11\" font-weight=\"bold\">\(SVGText.escape(line))</text>\n"
            }
        } else {
            out += "<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(SVGText.escape(layout.fittedTitle))</text>\n"
        }
        layout.axes(into: &out)
        for mark in marks { layout.draw(mark, into: &out) }
        layout.legend(into: &out)
    }
}

private func c(_ x: Double) -> SVGNumber { SVGNumber(value: x) }

/// A standalone SVG document on a white ground: its size, its `<title>` and
/// `<desc>` (the text alternative) and what `body` appends, in a buffer of
/// `capacity` bytes to start with.
private func svgDocument(width: Double, height: Double, title: String, description: String?, capacity: Int,
                         body: (inout SVGOutput) -> Void) -> String {
    var out: SVGOutput = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" aria-label=\"\(SVGText.escape(title))\" font-family=\"system-ui, Arial, sans-serif\" font-size=\"11\">\n"
    out += "<title>\(SVGText.escape(title))</title>\n"
    if let description { out += "<desc>\(SVGText.escape(description))</desc>\n" }
    out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    out.bytes.reserveCapacity(out.bytes.count + capacity)
    body(&out)
    out += "</svg>\n"
    return out.string
}

extension SmallMultiples {
    /// Height (px) above the panels: the title and the legend row.
    var header: Double { legend.isEmpty ? 30 : 52 }

    public var width: Double {
        let panelWidth = panels.map(\.width).max() ?? 0
        return panelWidth * Double(min(columns, max(panels.count, 1)))
    }

    public var height: Double {
        let panelHeight = panels.map(\.height).max() ?? 0
        return header + panelHeight * Double((panels.count + columns - 1) / columns)
    }

    /// One SVG: the title, the legend in a row, then the panels row by row.
    public func svg() -> String {
        let panelWidth = panels.map(\.width).max() ?? 0, panelHeight = panels.map(\.height).max() ?? 0
        return svgDocument(width: width, height: height, title: title, description: description, capacity: 4096 * (panels.count + 1)) { out in
            out += "<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(SVGText.escape(title))</text>\n"
            var cursor = 8.0
            for entry in legend {
                out += "<rect x=\"\(c(cursor))\" y=\"30\" width=\"10\" height=\"10\" \(ChartLayout.swatchStyle(color: entry.color, faded: entry.faded))/>\n"
                out += "<text x=\"\(c(cursor + 14))\" y=\"39\">\(SVGText.escape(entry.label))</text>\n"
                cursor += 14 + Double(CharacterCount.of(entry.label)) * ChartLayout.characterWidth + 14
            }
            for (index, panel) in panels.enumerated() {
                let origin = (x: Double(index % columns) * panelWidth, y: header + Double(index / columns) * panelHeight)
                panel.panel(at: origin, into: &out)
            }
        }
    }
}

/// Where things go: plot area, scales from data to pixels, ticks.
struct ChartLayout {
    let chart: Chart
    let left: Double, right: Double, top: Double, bottom: Double
    let xTicks: [Double], yTicks: [Double]

    /// Approximate advance of one character at 11 px (Cyrillic is wider than Latin).
    static let characterWidth = 6.6
    static let maximumLabelWidth = 300.0

    init(chart: Chart) {
        self.chart = chart
        let yLabelWidth: Double
        switch chart.yAxis.kind {
        case .band(let categories): yLabelWidth = min(ChartLayout.maximumLabelWidth, Double(categories.map(CharacterCount.of).max() ?? 4) * ChartLayout.characterWidth + 12)
        case .linear: yLabelWidth = 52
        }
        left = yLabelWidth + 8
        right = chart.width - (chart.legend.isEmpty ? 16 : chart.legendWidth)
        top = chart.titleLines > 1 ? 20 + 13 * Double(chart.titleLines) : 32
        bottom = chart.height - 44
        if case .linear(let domain) = chart.xAxis.kind { xTicks = NiceScale.ticks(domain) } else { xTicks = [] }
        if case .linear(let domain) = chart.yAxis.kind { yTicks = NiceScale.ticks(domain) } else { yTicks = [] }
    }

    func x(_ value: Double) -> Double {
        switch chart.xAxis.kind {
        case .linear:
            let low = xTicks.first ?? 0, high = xTicks.last ?? 1
            return left + (value - low) / max(high - low, 1e-12) * (right - left)
        case .band(let categories):
            let band = (right - left) / Double(max(categories.count, 1))
            return left + (value + 0.5) * band
        }
    }

    func y(_ value: Double) -> Double {
        switch chart.yAxis.kind {
        case .linear:
            let low = yTicks.first ?? 0, high = yTicks.last ?? 1
            return bottom - (value - low) / max(high - low, 1e-12) * (bottom - top)
        case .band(let categories):
            let band = (bottom - top) / Double(max(categories.count, 1))
            return top + (value + 0.5) * band
        }
    }

    var yBand: Double {
        if case .band(let categories) = chart.yAxis.kind { return (bottom - top) / Double(max(categories.count, 1)) }
        return 0
    }

    var xBand: Double {
        if case .band(let categories) = chart.xAxis.kind { return (right - left) / Double(max(categories.count, 1)) }
        return 0
    }

    func axes(into out: inout SVGOutput) {
        out += "<g class=\"axes\" stroke=\"#999999\" stroke-width=\"1\">\n"
        out += "<line x1=\"\(c(left))\" y1=\"\(c(bottom))\" x2=\"\(c(right))\" y2=\"\(c(bottom))\"/>\n"
        out += "<line x1=\"\(c(left))\" y1=\"\(c(top))\" x2=\"\(c(left))\" y2=\"\(c(bottom))\"/>\n"
        out += "</g>\n<g class=\"ticks\" fill=\"#333333\">\n"
        switch chart.xAxis.kind {
        case .linear:
            for tick in xTicks {
                // Piece by piece into `out`, as a line's points (`draw`).
                let px = c(x(tick))
                out.write("<line x1=\""); out.write(px); out.write("\" y1=\""); out.write(c(top)); out.write("\" x2=\""); out.write(px)
                out.write("\" y2=\""); out.write(c(bottom)); out.write("\" stroke=\"#eeeeee\"/>\n<text x=\""); out.write(px)
                out.write("\" y=\""); out.write(c(bottom + 14)); out.write("\" text-anchor=\"middle\">")
                out.append(SVGText.escape(chart.xAxis.tickFormat(tick))); out.write("</text>\n")
            }
        case .band(let categories):
            for (index, category) in categories.enumerated() {
                out += "<text x=\"\(c(x(Double(index))))\" y=\"\(c(bottom + 14))\" text-anchor=\"middle\">\(SVGText.escape(category))</text>\n"
            }
        }
        switch chart.yAxis.kind {
        case .linear:
            for tick in yTicks {
                let py = y(tick)
                out.write("<line x1=\""); out.write(c(left)); out.write("\" y1=\""); out.write(c(py)); out.write("\" x2=\""); out.write(c(right))
                out.write("\" y2=\""); out.write(c(py)); out.write("\" stroke=\"#eeeeee\"/>\n<text x=\""); out.write(c(left - 6))
                out.write("\" y=\""); out.write(c(py + 4)); out.write("\" text-anchor=\"end\">")
                out.append(SVGText.escape(chart.yAxis.tickFormat(tick))); out.write("</text>\n")
            }
        case .band(let categories):
            for (index, category) in categories.enumerated() {
                out += "<text x=\"\(c(left - 6))\" y=\"\(c(y(Double(index)) + 4))\" text-anchor=\"end\"><title>\(SVGText.escape(category))</title>\(SVGText.escape(ChartLayout.fitted(category)))</text>\n"
            }
        }
        out += "<text x=\"\(c((left + right) / 2))\" y=\"\(c(chart.height - 8))\" text-anchor=\"middle\" font-size=\"12\">\(SVGText.escape(chart.xAxis.title))</text>\n"
        if case .linear = chart.yAxis.kind {
            out += "<text transform=\"translate(12 \(c((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(SVGText.escape(chart.yAxis.title))</text>\n"
        }
        out += "</g>\n"
    }

    func draw(_ mark: Mark, into out: inout SVGOutput) {
        switch mark {
        case .point(let px, let py, let color, let label, let tooltip):
            out += "<circle cx=\"\(c(x(px)))\" cy=\"\(c(y(py)))\" r=\"5\" fill=\"\(Palette.color(color))\" stroke=\"#ffffff\" stroke-width=\"1\">"
            if let tooltip { out += "<title>\(SVGText.escape(tooltip))</title>" }
            out += "</circle>\n"
            if let label {
                out += "<text x=\"\(c(x(px) + 7))\" y=\"\(c(y(py) + 4))\" font-size=\"10\" fill=\"#333333\">\(SVGText.escape(label))</text>\n"
            }
        case .horizontalBar(let category, let value, let color, let offset, let thickness, let tooltip):
            let band = yBand
            let y0 = top + Double(category) * band + band * (0.1 + 0.8 * offset)
            let x0 = x(0), x1 = x(value)
            out += "<rect x=\"\(c(min(x0, x1)))\" y=\"\(c(y0))\" width=\"\(c(abs(x1 - x0)))\" height=\"\(c(band * 0.8 * thickness))\" fill=\"\(Palette.color(color))\">"
            if let tooltip { out += "<title>\(SVGText.escape(tooltip))</title>" }
            out += "</rect>\n"
        case .line(let points, let color, let dashed):
            let path = pointList(points.map { (x($0.x), y($0.y)) })
            out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(Palette.color(color))\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"5 4\"" : "")/>\n"
            let fill = Palette.color(color)
            for point in points {
                // Piece by piece into `out`: a line interpolated apart was a
                // buffer made, copied and freed per point.
                out.write("<circle cx=\""); out.write(c(x(point.x))); out.write("\" cy=\""); out.write(c(y(point.y)))
                out.write("\" r=\"2.5\" fill=\""); out.append(fill); out.write("\"/>\n")
            }
        case .band(let points, let color):
            let outline = pointList(points.map { (x($0.x), y($0.high)) } + points.reversed().map { (x($0.x), y($0.low)) })
            let middle = pointList(points.map { (x($0.x), y($0.middle)) })
            out += "<polygon points=\"\(outline)\" fill=\"\(Palette.color(color))\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"
            out += "<polyline points=\"\(middle)\" fill=\"none\" stroke=\"\(Palette.color(color))\" stroke-width=\"2\"/>\n"
        case .referenceY(let value, let label):
            let py = y(value)
            out += "<line x1=\"\(c(left))\" y1=\"\(c(py))\" x2=\"\(c(right))\" y2=\"\(c(py))\" stroke=\"#D55E00\" stroke-dasharray=\"6 3\"/>\n"
            out += "<text x=\"\(c(right - 4))\" y=\"\(c(py - 4))\" text-anchor=\"end\" fill=\"#D55E00\">\(SVGText.escape(label))</text>\n"
        case .referenceX(let value, let label):
            let px = x(value)
            out += "<line x1=\"\(c(px))\" y1=\"\(c(top))\" x2=\"\(c(px))\" y2=\"\(c(bottom))\" stroke=\"#D55E00\" stroke-dasharray=\"6 3\"/>\n"
            out += "<text x=\"\(c(px + 4))\" y=\"\(c(top + 10))\" fill=\"#D55E00\">\(SVGText.escape(label))</text>\n"
        case .cell(let column, let row, let shade, let text):
            let width = xBand, height = yBand
            let x0 = left + Double(column) * width, y0 = top + Double(row) * height
            let level = max(0, min(1, shade))
            // Blue ramp from pale (low) to deep (high); text flips to white on dark cells.
            let red = Int(240 - 200 * level), green = Int(245 - 130 * level), blue = Int(250 - 72 * level)
            let fill = "rgb(\(red),\(green),\(blue))"
            out += "<rect x=\"\(c(x0))\" y=\"\(c(y0))\" width=\"\(c(width))\" height=\"\(c(height))\" fill=\"\(fill)\" stroke=\"#ffffff\"/>\n"
            out += "<text x=\"\(c(x0 + width / 2))\" y=\"\(c(y0 + height / 2 + 4))\" text-anchor=\"middle\" fill=\"\(level > 0.6 ? "#ffffff" : "#1b1b1b")\">\(SVGText.escape(text))</text>\n"
        case .segment(let category, let start, let end, let color, let faded, let tooltip):
            let band = yBand
            let y0 = top + Double(category) * band + band * 0.15
            let x0 = x(start), x1 = x(end)
            out += "<rect x=\"\(c(min(x0, x1)))\" y=\"\(c(y0))\" width=\"\(c(abs(x1 - x0)))\" height=\"\(c(band * 0.7))\" \(ChartLayout.swatchStyle(color: color, faded: faded))>"
            if let tooltip { out += "<title>\(SVGText.escape(tooltip))</title>" }
            out += "</rect>\n"
        case .trace(let points, let color, let opacity, let tooltip):
            let path = pointList(points.map { (x($0.x), y($0.y)) })
            out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(Palette.color(color))\" stroke-width=\"1\" stroke-opacity=\"\(c(opacity))\">"
            if let tooltip { out += "<title>\(SVGText.escape(tooltip))</title>" }
            out += "</polyline>\n"
        case .hexbin(let points, let radius, let noun):
            hexagons(points, radius: radius, noun: noun, into: &out)
        case .dot(let px, let py, let color, let radius, let tooltip):
            out += "<circle cx=\"\(c(x(px)))\" cy=\"\(c(y(py)))\" r=\"\(c(radius))\" fill=\"\(Palette.color(color))\">"
            if let tooltip { out += "<title>\(SVGText.escape(tooltip))</title>" }
            out += "</circle>\n"
        }
    }

    /// The hexagons of a `hexbin` mark: pointy-top hexagons of circumradius
    /// `radius` px on the plot, each point in the hexagon whose centre is
    /// nearest (cube-coordinate rounding).
    func hexagons(_ points: [(x: Double, y: Double, group: Int)], radius: Double, noun: String, into out: inout SVGOutput) {
        struct Bin { var count = 0; var groups: [Int: Int] = [:] }
        let width = 3.0.squareRoot() * radius, rowHeight = 1.5 * radius
        var bins: [Int64: Bin] = [:]
        func key(_ q: Int, _ r: Int) -> Int64 { Int64(q) << 32 | Int64(UInt32(bitPattern: Int32(r))) }
        for point in points {
            let px = x(point.x) - left, py = y(point.y) - top
            // Axial coordinates of a pointy-top grid, rounded through cube coordinates.
            let qf = (px * 3.0.squareRoot() / 3 - py / 3) / radius, rf = py * 2 / 3 / radius
            var q = qf.rounded(), r = rf.rounded()
            let s = (-qf - rf).rounded()
            let dq = abs(q - qf), dr = abs(r - rf), ds = abs(s - (-qf - rf))
            if dq > dr && dq > ds { q = -r - s } else if dr > ds { r = -q - s }
            bins[key(Int(q), Int(r)), default: Bin()].count += 1
            bins[key(Int(q), Int(r))]!.groups[point.group, default: 0] += 1
        }
        let largest = Double(bins.values.map(\.count).max() ?? 1)
        out += "<g class=\"hexbin\">\n"
        for (code, bin) in bins.sorted(by: { $0.key < $1.key }) {
            let q = Double(Int32(truncatingIfNeeded: code >> 32)), r = Double(Int32(truncatingIfNeeded: code & 0xFFFF_FFFF))
            let cx = left + width * (q + r / 2), cy = top + rowHeight * r
            let corners = pointList((0..<6).map { corner in
                let angle = Double.pi / 180 * (60 * Double(corner) - 30)
                return (cx + radius * cos(angle), cy + radius * sin(angle))
            })
            let group = bin.groups.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
            // Opacity from 0.25 (one point) to 1 (the densest hexagon), on a square-root scale.
            let opacity = 0.25 + 0.75 * (Double(bin.count) / largest).squareRoot()
            out += "<polygon points=\"\(corners)\" fill=\"\(Palette.color(group))\" fill-opacity=\"\(c(opacity))\" stroke=\"#ffffff\" stroke-width=\"0.5\"><title>\(bin.count) \(SVGText.escape(noun))</title></polygon>\n"
        }
        out += "</g>\n"
    }

    /// Points in pixels as an SVG `points` list: `x,y x,y …`.
    func pointList(_ points: [(Double, Double)]) -> SVGOutput {
        // Written straight into one buffer: an interpolated piece per point
        // was an array made and freed per point.
        var out = SVGOutput()
        out.bytes.reserveCapacity(16 * points.count)
        for (index, point) in points.enumerated() {
            if index > 0 { out.bytes.append(UInt8(ascii: " ")) }
            ChartNumber.writeCoordinate(point.0, to: &out.bytes)
            out.bytes.append(UInt8(ascii: ","))
            ChartNumber.writeCoordinate(point.1, to: &out.bytes)
        }
        return out
    }

    /// Fill (and, when faded, a pale fill with a solid outline) of a bar or swatch.
    static func swatchStyle(color: Int, faded: Bool) -> String {
        let colour = Palette.color(color)
        return faded ? "fill=\"\(colour)\" fill-opacity=\"0.3\" stroke=\"\(colour)\" stroke-width=\"1\"" : "fill=\"\(colour)\""
    }

    func legend(into out: inout SVGOutput) {
        guard !chart.legend.isEmpty else { return }
        out += "<g class=\"legend\">\n"
        for (index, entry) in chart.legend.enumerated() {
            let py = top + 8 + Double(index) * 18
            out += "<rect x=\"\(c(right + 14))\" y=\"\(c(py - 9))\" width=\"10\" height=\"10\" \(ChartLayout.swatchStyle(color: entry.color, faded: entry.faded))/>\n"
            // A label longer than the legend column is shortened with "…"; the
            // full text stays as the entry's tooltip.
            let limit = max(6, Int((chart.legendWidth - 34) / ChartLayout.characterWidth))
            if CharacterCount.of(entry.label) > limit {
                let short = ChartLayout.shortened(entry.label, to: limit)
                out += "<text x=\"\(c(right + 30))\" y=\"\(c(py))\"><title>\(SVGText.escape(entry.label))</title>\(SVGText.escape(short))</text>\n"
            } else {
                out += "<text x=\"\(c(right + 30))\" y=\"\(c(py))\">\(SVGText.escape(entry.label))</text>\n"
            }
        }
        out += "</g>\n"
    }
}
