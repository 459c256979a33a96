import Foundation
import MsokoModel

/// The kind of finding a measure answers.
public enum FindingKind: String, CaseIterable, Sendable {
    /// A confirmed deficit (the interval lies on the wrong side of the reference).
    case confirmed
    /// A possible deficit (the value misses the reference, its interval reaches it).
    case possible
    /// The school still meets the reference but the indicator worsens significantly.
    case earlyWarning = "early_warning"
}

/// A measure of the road map (section 5, «Меры. Управленческие решения»,
/// management decisions), e.g. seminars for deputy heads (5.1, 5.9).
public struct Measure: Hashable, Sendable {
    public let id: String
    /// The road map item(s) it implements, e.g. `5.2`.
    public let roadmapItem: String
    public let text: LocalizedText
    public let line: Int?
}

/// Which measures answer which findings: an area (or `*` for every area), a
/// finding kind, optionally a list of indicators.
public struct MeasureRule: Hashable, Sendable {
    /// An area id, or nil for every area (`*`).
    public let areaID: String?
    public let kind: FindingKind
    /// Restricts the rule to these indicators; empty = every indicator of the area.
    public let indicatorIDs: [String]
    public let measureIDs: [String]
    public let line: Int?
}

/// The measures file (`Pipelines/measures.yaml`): the road map's measures and
/// the rules that map findings to them. It is data the department edits.
///
/// ```yaml
/// measures:
///   - id: deputy_seminar
///     roadmap: "5.1, 5.9"
///     text: {ru: "…", en: "…"}
/// rules:
///   - area: "*"                 # or an area id of the catalog
///     kind: confirmed           # confirmed | possible | early_warning
///     indicators: [offences]    # optional
///     measures: [deputy_seminar]
/// best_practice: [share_experience]   # measures for best-practice schools
/// ```
///
/// For a finding the most specific rule applies: one naming its indicator,
/// else one for its area, else the `*` rule of its kind. Loading checks that
/// every (area, kind) pair of the catalog is answered.
public struct MeasureCatalog: Sendable {
    public let measures: [Measure]
    public let rules: [MeasureRule]
    /// Measures suggested to best-practice schools (spreading their experience, 5.6).
    public let bestPracticeMeasureIDs: [String]
    /// msoko's own measures, used because the pipeline names no measures file
    /// and has none beside it (the report says so).
    public var isBuiltIn = false

    public init(measures: [Measure], rules: [MeasureRule], bestPracticeMeasureIDs: [String] = []) {
        self.measures = measures
        self.rules = rules
        self.bestPracticeMeasureIDs = bestPracticeMeasureIDs
    }

    public func measure(_ id: String) -> Measure? { measures.first { $0.id == id } }

    /// The measures for a finding (see the type for the order of precedence).
    public func measures(area: String, indicator: String, kind: FindingKind) -> [Measure] {
        let candidates = rules.filter { $0.kind == kind }
        let rule = candidates.first { $0.areaID == area && $0.indicatorIDs.contains(indicator) }
            ?? candidates.first { $0.areaID == nil && $0.indicatorIDs.contains(indicator) }
            ?? candidates.first { $0.areaID == area && $0.indicatorIDs.isEmpty }
            ?? candidates.first { $0.areaID == nil && $0.indicatorIDs.isEmpty }
        return rule?.measureIDs.compactMap(measure) ?? []
    }

    public static func load(path: String, displayName: String, catalog: Catalog) throws -> MeasureCatalog {
        try parse(YAMLMap.readText(path: path, displayName: displayName, what: "measures file"),
                  file: displayName, catalog: catalog)
    }

    /// Parses and validates measures text against the catalog; every error names its line.
    ///
    /// - ignoringUnknown: drop the rules for areas the catalog lacks, and
    ///   the indicators it lacks from a rule's list (a rule left with none is
    ///   dropped too, so it never widens to the whole area), instead of
    ///   failing: for the built-in measures, written for the district catalog.
    public static func parse(_ text: String, file: String, catalog: Catalog,
                             ignoringUnknown: Bool = false) throws -> MeasureCatalog {
        let root = try YAMLMap.parse(text, file: file)
        try root.rejectUnknownKeys(["title", "version", "measures", "rules", "best_practice"], context: "the measures file")
        var measures: [Measure] = []
        var seen = Set<String>()
        for entry in try root.maps("measures") {
            try entry.rejectUnknownKeys(["id", "roadmap", "text"], context: "a measure")
            let id = try entry.requiredString("id")
            if let problem = Identifier.problem(id) {
                throw entry.error("id", "measure id `\(id)`: \(problem)")
            }
            guard seen.insert(id).inserted else { throw entry.error("id", "duplicate measure id `\(id)`") }
            guard let text = try entry.localized("text") else { throw entry.error(nil, "measure `\(id)` has no `text`") }
            measures.append(Measure(id: id, roadmapItem: try entry.string("roadmap") ?? "", text: text, line: entry.line))
        }
        guard !measures.isEmpty else { throw root.error(nil, "the measures file lists no `measures`") }

        func checkedMeasures(_ entry: YAMLMap, _ key: String) throws -> [String] {
            let ids = try entry.strings(key)
            for id in ids where !seen.contains(id) {
                throw entry.error(key, "unknown measure `\(id)`; known: \(measures.map(\.id).joined(separator: ", "))")
            }
            return ids
        }

        var rules: [MeasureRule] = []
        for entry in try root.maps("rules") {
            try entry.rejectUnknownKeys(["area", "kind", "indicators", "measures"], context: "a rule")
            let areaText = try entry.requiredString("area")
            if areaText != "*" && catalog.area(areaText) == nil {
                if ignoringUnknown { continue }
                throw entry.error("area", "unknown area `\(areaText)`; use an area id of the catalog or `*`")
            }
            let kindText = try entry.requiredString("kind")
            guard let kind = FindingKind(rawValue: kindText) else {
                throw entry.error("kind", "unknown kind `\(kindText)`; use \(FindingKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let listed = try entry.strings("indicators")
            var indicators: [String] = []
            for id in listed {
                guard let indicator = catalog.indicator(id) else {
                    if ignoringUnknown { continue }
                    throw entry.error("indicators", "unknown indicator `\(id)`")
                }
                if indicator.isContext {
                    if ignoringUnknown { continue }
                    throw entry.error("indicators", "indicator `\(id)` is a context indicator (`role: context`): it gets no recommendations")
                }
                if areaText != "*" && indicator.area != areaText {
                    if ignoringUnknown { continue }
                    throw entry.error("indicators", "indicator `\(id)` belongs to area `\(indicator.area)`, not `\(areaText)`")
                }
                indicators.append(id)
            }
            if !listed.isEmpty && indicators.isEmpty { continue }
            let ids = try checkedMeasures(entry, "measures")
            guard !ids.isEmpty else { throw entry.error(nil, "a rule must list at least one measure in `measures`") }
            rules.append(MeasureRule(areaID: areaText == "*" ? nil : areaText, kind: kind, indicatorIDs: indicators,
                                     measureIDs: ids, line: entry.line))
        }
        let bestPractice = try checkedMeasures(root, "best_practice")
        for area in catalog.areas {
            for kind in FindingKind.allCases {
                let answered = rules.contains { $0.kind == kind && ($0.areaID == nil || $0.areaID == area.id) && $0.indicatorIDs.isEmpty }
                guard answered else {
                    throw root.error("rules", "no rule answers kind `\(kind.rawValue)` in area `\(area.id)`; add one for the area or a rule with `area: \"*\"`")
                }
            }
        }
        return MeasureCatalog(measures: measures, rules: rules, bestPracticeMeasureIDs: bestPractice)
    }
}
