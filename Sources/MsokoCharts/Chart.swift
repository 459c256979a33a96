/// A chart as a value: data already mapped to marks, the scales that place
/// them, and the guides (axes, legend, reference lines) that explain them.
/// Drawing it to SVG is a separate function (`Chart.svg()`), in the manner of
/// ggplot2 and Vega-Lite.
public struct Chart: Sendable {
    public var title: String
    public var width: Double
    public var height: Double
    public var xAxis: Axis
    public var yAxis: Axis
    public var marks: [Mark]
    public var legend: [LegendEntry]
    /// A longer text alternative (the SVG's `<desc>`): what the chart shows
    /// and how to read it, for screen readers and for the reader of the file.
    public var description: String?
    /// Width (px) kept at the right for the legend.
    public var legendWidth: Double = 150
    /// Lines the title may wrap onto (in a smaller font when more than one,
    /// as in a small-multiples panel); the plot starts below them.
    public var titleLines: Int = 1

    public init(title: String, width: Double = 640, height: Double = 400, xAxis: Axis, yAxis: Axis,
                marks: [Mark], legend: [LegendEntry] = [], description: String? = nil) {
        self.title = title
        self.description = description
        self.width = width
        self.height = height
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.marks = marks
        self.legend = legend
    }
}

/// A continuous axis or a band (categorical) axis.
public struct Axis: Sendable {
    public enum Kind: Sendable {
        /// Continuous over `domain`, ticks at "nice" numbers.
        case linear(domain: ClosedRange<Double>)
        /// One band per category, in the given order.
        case band(categories: [String])
    }

    public var title: String
    public var kind: Kind
    /// Formats a tick value (continuous axes).
    public var tickFormat: @Sendable (Double) -> String

    public init(title: String, kind: Kind, tickFormat: @escaping @Sendable (Double) -> String = { ChartNumber.plain($0) }) {
        self.title = title
        self.kind = kind
        self.tickFormat = tickFormat
    }
}

/// A graphical mark in data coordinates. For band axes the coordinate is the
/// category's index (0-based); a bar spans its band.
public enum Mark: Sendable {
    case point(x: Double, y: Double, color: Int, label: String?, tooltip: String?)
    /// A horizontal bar from 0 to `value` in band `category` of the y axis;
    /// `offset` (0…1) and `thickness` (0…1 of the band) allow grouped bars.
    case horizontalBar(category: Int, value: Double, color: Int, offset: Double, thickness: Double, tooltip: String?)
    case line(points: [(x: Double, y: Double)], color: Int, dashed: Bool)
    /// A band between `low` and `high` (e.g. a prediction interval), shaded,
    /// with its centre line through `middle`; points in increasing x.
    case band(points: [(x: Double, low: Double, middle: Double, high: Double)], color: Int)
    /// A horizontal reference line across the plot (e.g. a target).
    case referenceY(value: Double, label: String)
    /// A vertical reference line (e.g. a target on a bar chart).
    case referenceX(value: Double, label: String)
    /// A cell of a heat map in band coordinates, shade 0…1.
    case cell(column: Int, row: Int, shade: Double, text: String)
    /// A piece of a stacked horizontal bar in band `category` of the y axis,
    /// from `start` to `end` on the x axis; `faded` draws it pale with an
    /// outline (e.g. a deficit that is only possible, not confirmed).
    case segment(category: Int, start: Double, end: Double, color: Int, faded: Bool, tooltip: String?)
    /// A small unlabelled point of radius `radius` px (strip plots, medians).
    case dot(x: Double, y: Double, color: Int, radius: Double, tooltip: String?)
    /// A thin line without point markers at `opacity` (0…1): one of many
    /// faint series behind the highlighted ones (each school behind the district).
    case trace(points: [(x: Double, y: Double)], color: Int, opacity: Double, tooltip: String?)
    /// Points binned into hexagons of circumradius `radius` px, in pixel space
    /// at drawing time (Carr et al. 1987, as in R `hexbin`): a density map for
    /// thousands of points. A hexagon takes the colour of its most frequent
    /// `group` (ties: the lower group) and an opacity that grows with its count.
    case hexbin(points: [(x: Double, y: Double, group: Int)], radius: Double, noun: String)
}

public struct LegendEntry: Sendable {
    public var label: String
    public var color: Int
    /// Drawn as the pale, outlined swatch of a faded `segment`.
    public var faded: Bool

    public init(label: String, color: Int, faded: Bool = false) {
        self.label = label
        self.color = color
        self.faded = faded
    }
}

/// The Okabe–Ito palette (Okabe & Ito 2008), distinguishable with the common
/// colour-vision deficiencies; black last.
public enum Palette {
    public static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    /// A mid grey outside the palette's cycle, for "everything else".
    public static let neutral = Int.min
    public static let neutralColor = "#999999"

    public static func color(_ index: Int) -> String {
        index == neutral ? neutralColor : colors[((index % colors.count) + colors.count) % colors.count]
    }
}

/// A chart that draws itself as one standalone SVG document.
public protocol SVGDrawable {
    func svg() -> String
}

extension Chart: SVGDrawable {}
extension SmallMultiples: SVGDrawable {}

/// Small multiples (Tufte): panels of the same kind side by side in a grid,
/// one SVG with its own title and description; each panel is a `Chart`
/// drawn in its cell (`Chart.svg(at:)`).
public struct SmallMultiples: Sendable {
    public var title: String
    public var description: String?
    public var panels: [Chart]
    public var columns: Int
    /// Shared legend, drawn in a row under the title.
    public var legend: [LegendEntry]

    public init(title: String, description: String? = nil, panels: [Chart], columns: Int = 3, legend: [LegendEntry] = []) {
        self.title = title
        self.description = description
        self.panels = panels
        self.columns = max(1, columns)
        self.legend = legend
    }
}
