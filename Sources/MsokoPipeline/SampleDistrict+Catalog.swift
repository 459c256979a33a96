import Foundation
import MsokoAnalysis
import MsokoModel

/// `--indicators K`: the built-in catalog restricted to K indicators, and the
/// built-in measures restricted to the areas left, both written as text
/// filtered from the built-in files (comments and order kept), so the
/// department's reader sees the same file with entries left out.
extension SampleDistrict {
    /// The indicators a restricted catalog always keeps: the planted ones
    /// (slopes, the missing programme), every indicator of the planted
    /// deficit areas, and the context indicators.
    static func requiredIndicators(of catalog: Catalog) -> [Indicator] {
        let areas = Set(deficitAreas.prevention + deficitAreas.additionalEducation)
        return catalog.indicators.filter { $0.isContext || areas.contains($0.area) || plantedIndicators.contains($0.id) }
    }

    /// The numbers of indicators `--indicators` accepts: from the required
    /// ones to the whole built-in catalog.
    public static var indicatorRange: ClosedRange<Int> {
        guard let catalog = try? Catalog.parse(BuiltinFiles.catalogText, file: "indicators.yaml") else { return 0...0 }
        return requiredIndicators(of: catalog).count...catalog.indicators.count
    }

    /// The catalog and measures of a sample: the built-in ones, or restricted
    /// to `count` indicators (the required ones, then the others in catalog
    /// order up to `count`, kept in catalog order; areas left without
    /// indicators dropped, and the measures' rules for them).
    static func restrictedFiles(_ builtIn: Catalog, to count: Int?)
        throws -> (catalog: Catalog, catalogText: String, measuresText: String) {
        guard let count else { return (builtIn, BuiltinFiles.catalogText, BuiltinFiles.measuresText) }
        let required = requiredIndicators(of: builtIn)
        guard count >= required.count, count <= builtIn.indicators.count else {
            throw ConfigurationError(file: "sample", line: nil,
                                     "--indicators must be from \(required.count) (the planted and context indicators) to \(builtIn.indicators.count) (the whole catalog)")
        }
        var kept = Set(required.map(\.id))
        for indicator in builtIn.indicators where kept.count < count { kept.insert(indicator.id) }
        let areas = Set(builtIn.indicators.filter { kept.contains($0.id) }.map(\.area))
        let note = "# Restricted by `msoko sample --indicators \(count)` to \(count) of the built-in catalog's indicators.\n"
        var catalogText = YAMLListFilter.keeping(BuiltinFiles.catalogText, section: "indicators", key: "id") { kept.contains($0) }
        catalogText = note + YAMLListFilter.keeping(catalogText, section: "areas", key: "id") { areas.contains($0) }
        let measuresText = note + YAMLListFilter.keeping(BuiltinFiles.measuresText, section: "rules", key: "area") {
            $0 == "*" || areas.contains($0)
        }
        // Both are checked as msoko reads them, strictly: a slip here is a bug, not a user error.
        let catalog = try Catalog.parse(catalogText, file: "indicators.yaml")
        _ = try MeasureCatalog.parse(measuresText, file: "measures.yaml", catalog: catalog)
        return (catalog, catalogText, measuresText)
    }
}

/// Leaves entries out of a list in a YAML file of the catalog's layout: a
/// top-level `section:` whose entries start with `  - KEY: VALUE` and
/// continue with deeper-indented lines; blank lines separate paragraphs that
/// may start with `  #` comments.
enum YAMLListFilter {
    /// `text` with the entries of `section` whose `key` value fails `keep`
    /// removed. A paragraph whose entries all go is removed with its comments
    /// and the blank line after it; every other line is kept as it was.
    static func keeping(_ text: String, section: String, key: String, _ keep: (String) -> Bool) -> String {
        var output: [Substring] = []
        var paragraph: [Substring] = []
        var entries = 0, keptEntries = 0
        var inSection = false, keepingEntry = true, droppedParagraph = false

        func endParagraph() {
            droppedParagraph = entries > 0 && keptEntries == 0
            if !droppedParagraph { output += paragraph }
            paragraph = []
            entries = 0
            keptEntries = 0
        }

        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let topLevel = line.first.map { $0 != " " && $0 != "#" } ?? false
            if topLevel {
                endParagraph()
                inSection = line.hasPrefix(section + ":")
                output.append(line)
                continue
            }
            guard inSection else { output.append(line); continue }
            if line.allSatisfy(\.isWhitespace) {
                endParagraph()
                if !droppedParagraph { output.append(line) }
                continue
            }
            if line.hasPrefix("  - ") {
                let field = line.dropFirst(4)
                if field.hasPrefix(key + ":") {
                    let value = field.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
                    keepingEntry = keep(value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
                } else {
                    keepingEntry = true
                }
                entries += 1
                if keepingEntry { keptEntries += 1 }
            } else if !line.hasPrefix("    ") {
                keepingEntry = true  // a comment between entries
            }
            if keepingEntry { paragraph.append(line) }
        }
        endParagraph()
        return output.joined(separator: "\n")
    }
}
