import Foundation

/// The charts a notebook links (`<!-- output figure=PATH name=NAME -->`):
/// kept beside the notebook as `figures/<notebook>-<NAME>.svg`.
extension NotebookRunner {
    /// The figure files of `notebook` (`figures/<name>-*.svg` beside it) that
    /// differ from the regeneration's, are missing, or are no longer linked.
    public static func staleFigures(_ regeneration: Regeneration, notebook: URL) -> [String] {
        let folder = notebook.deletingLastPathComponent()
        var stale = regeneration.figures.filter { figure in
            (try? Data(contentsOf: folder.appendingPathComponent(figure.path))) != figure.contents
        }.map(\.path)
        let linked = Set(regeneration.figures.map(\.path))
        stale += existingFigures(of: notebook).filter { !linked.contains($0) }
        return stale
    }

    /// Writes the regeneration's figures beside `notebook` and removes the
    /// notebook's figures it no longer links.
    public static func writeFigures(_ regeneration: Regeneration, notebook: URL) throws {
        let folder = notebook.deletingLastPathComponent()
        let manager = FileManager.default
        for figure in regeneration.figures {
            let file = folder.appendingPathComponent(figure.path)
            try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            if (try? Data(contentsOf: file)) != figure.contents { try figure.contents.write(to: file) }
        }
        let linked = Set(regeneration.figures.map(\.path))
        for path in existingFigures(of: notebook) where !linked.contains(path) {
            try manager.removeItem(at: folder.appendingPathComponent(path))
        }
    }

    /// `figures/<notebook name>-*.svg` beside the notebook, as relative paths.
    static func existingFigures(of notebook: URL) -> [String] {
        let prefix = notebook.deletingPathExtension().lastPathComponent + "-"
        let folder = notebook.deletingLastPathComponent().appendingPathComponent("figures")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".svg") }.sorted().map { "figures/" + $0 }
    }

    /// The text of an SVG's first `<title>`, for the image's alternative text.
    static func figureTitle(svg: Data) -> String? {
        let text = String(decoding: svg, as: UTF8.self)
        guard let open = text.range(of: "<title>"), let close = text.range(of: "</title>", range: open.upperBound..<text.endIndex) else { return nil }
        var title = String(text[open.upperBound..<close.lowerBound])
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            title = title.replacingOccurrences(of: entity, with: character)
        }
        title = title.replacingOccurrences(of: "[", with: "(").replacingOccurrences(of: "]", with: ")")
            .replacingOccurrences(of: "\n", with: " ")
        return title.isEmpty ? nil : title
    }
}
