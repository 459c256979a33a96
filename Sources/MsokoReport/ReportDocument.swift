/// A report as a value: a title and blocks of plain text. Rendering it to
/// Markdown or to HTML are separate, small functions, each doing its own
/// escaping, so a school name with `<`, `&`, `|` or `*` is shown as written
/// in both.
public struct ReportDocument: Sendable {
    public var title: String
    public var language: String
    public var blocks: [ReportBlock]

    public init(title: String, language: String, blocks: [ReportBlock] = []) {
        self.title = title
        self.language = language
        self.blocks = blocks
    }

    public mutating func append(_ block: ReportBlock) { blocks.append(block) }
}

/// A piece of a report. Texts are plain (never markup).
public enum ReportBlock: Sendable {
    case heading(level: Int, text: String)
    case paragraph(String)
    /// A paragraph whose parts may be emphasised.
    case richParagraph([ReportSpan])
    case bulletList([String])
    case table(ReportTable)
    /// A chart or other drawing, already SVG (embedded inline in HTML,
    /// linked from Markdown by `file`).
    case figure(svg: String, file: String, caption: String)
    /// A chart with no file of its own (a school page of a run past
    /// `TermReport.schoolChartFileLimit` schools): embedded inline in HTML;
    /// Markdown gives its caption and links the HTML page that draws it.
    case inlineFigure(svg: String, caption: String, page: ReportLink)
    /// A short remark set apart (data-quality warnings, method notes).
    case note(String)
    /// A list of links to other pages of the output folder.
    case links([ReportLink])
}

/// A link to another page of the output, by its path without extension
/// (`schools/S01`): Markdown links the `.md` page, HTML the `.html` page.
public struct ReportLink: Sendable {
    public var text: String
    public var target: String

    public init(text: String, target: String) {
        self.text = text
        self.target = target
    }
}

public struct ReportSpan: Sendable {
    public var text: String
    public var strong: Bool

    public init(_ text: String, strong: Bool = false) {
        self.text = text
        self.strong = strong
    }
}

public struct ReportTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var header: [String]
    public var rows: [[String]]
    public var alignments: [Alignment]

    public init(header: [String], rows: [[String]], alignments: [Alignment]? = nil) {
        self.header = header
        self.rows = rows
        self.alignments = alignments ?? Array(repeating: .left, count: header.count)
    }
}
