import Foundation

/// A monitoring area (направление мониторинга) that groups indicators.
public struct Area: Hashable, Sendable {
    public let id: String
    public let name: LocalizedText
}

/// The unit in which an indicator's values are reported.
public enum IndicatorUnit: String, CaseIterable, Sendable {
    /// A percentage, 0…100.
    case percent
    /// A non-negative count (people, events).
    case count
    /// A rate per 100 students, ≥ 0.
    case per100 = "per_100"
    /// A score on the indicator's own scale (e.g. a survey index).
    case score
    /// A yes/no fact: 1 or 0.
    case bool
}

/// Which way is better.
public enum Direction: String, CaseIterable, Sendable {
    /// Higher is better.
    case up
    /// Lower is better (e.g. offences, asocial behaviour).
    case down
}

/// What an indicator describes (docs/contract.md §8).
public enum IndicatorRole: String, CaseIterable, Sendable {
    /// A result the school can act on: scored, aggregated, tested for
    /// trends and deficits, recommended on.
    case outcome
    /// A condition the school cannot change in a term (share of low-income
    /// families, rural location, size): only described, and combined into the
    /// context index; never scored, imputed or recommended on.
    case context
}

/// How often the indicator is reported.
public enum Frequency: String, CaseIterable, Sendable {
    /// Once a school year.
    case year
    /// Every term (and may also have a year value).
    case term
}

/// An indicator of the approved system (система показателей, road map item 2.1).
public struct Indicator: Hashable, Sendable {
    public let id: String
    public let name: LocalizedText
    /// The id of the area it belongs to; empty for a context indicator
    /// declared without one (`area` is optional for `role: context`).
    public let area: String
    public let unit: IndicatorUnit
    public let direction: Direction
    /// The approved target in the indicator's unit, if the road map sets one.
    public let target: Double?
    /// The weight within its area (default 1).
    public let weight: Double
    /// Where the value comes from (provenance note), e.g. `self_assessment 1.18`.
    public let source: String?
    /// The number of the road map's goal indicator (паспорт, row 3) it measures.
    public let roadmapGoal: Int?
    /// How often it is reported.
    public let frequency: Frequency
    /// The smallest `base` from which a value may be published: survey
    /// results are personal data, so a figure from fewer respondents (e.g. 5)
    /// is withheld at ingest and treated as missing.
    public let minimumBase: Double?
    /// The 1-based line of its entry in the catalog file.
    public let line: Int?
    /// `role:` outcome (default) or context.
    public var role: IndicatorRole = .outcome

    /// A context indicator (`role: context`).
    public var isContext: Bool { role == .context }

    /// The codes of the self-assessment report's indicator table (Order
    /// No. 1324 of 2013) whose values it takes; several codes are added
    /// (`self_assessment: ["1.19.2", "1.19.3"]`). Empty: not in that form.
    public var selfAssessmentCodes: [String] = []
}

/// The approved indicator system: areas and indicators, loaded from
/// `indicators.yaml` (docs/contract.md §2). It is data the department edits, not code.
public struct Catalog: Sendable {
    public let areas: [Area]
    public let indicators: [Indicator]
    private let indicatorIndex: [String: Int]
    private let areaIndex: [String: Int]

    public init(areas: [Area], indicators: [Indicator]) {
        self.areas = areas
        self.indicators = indicators
        self.indicatorIndex = Dictionary(indicators.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.areaIndex = Dictionary(areas.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func indicator(_ id: String) -> Indicator? { indicatorIndex[id].map { indicators[$0] } }
    public func area(_ id: String) -> Area? { areaIndex[id].map { areas[$0] } }
    public func indicators(inArea id: String) -> [Indicator] { indicators.filter { $0.area == id } }
    /// The outcome indicators, in catalog order: everything scored and analysed.
    public var outcomeIndicators: [Indicator] { indicators.filter { !$0.isContext } }
    /// The context indicators (`role: context`), in catalog order.
    public var contextIndicators: [Indicator] { indicators.filter(\.isContext) }
    /// The catalog restricted to its outcome indicators (the same areas):
    /// what the scoring, trend, deficit and recommendation stages see.
    public var outcomes: Catalog {
        contextIndicators.isEmpty ? self : Catalog(areas: areas, indicators: outcomeIndicators)
    }

    /// Reads and validates a catalog file.
    public static func load(path: String, displayName: String? = nil) throws -> Catalog {
        let name = displayName ?? path
        return try parse(YAMLMap.readText(path: path, displayName: name, what: "catalog file"), file: name)
    }

    /// Parses and validates catalog text. Errors name the line: an unknown
    /// area, a duplicate id, a missing unit or direction, a target outside
    /// the unit's range, a non-positive weight.
    public static func parse(_ text: String, file: String) throws -> Catalog {
        let root = try YAMLMap.parse(text, file: file)
        try root.rejectUnknownKeys(["areas", "indicators", "title", "version", "approved"], context: "the catalog")
        var areas: [Area] = []
        var seenAreas = Set<String>()
        for entry in try root.maps("areas") {
            try entry.rejectUnknownKeys(["id", "name"], context: "an area")
            let id = try entry.requiredString("id")
            if let problem = Identifier.problem(id) {
                throw entry.error("id", "area id `\(id)`: \(problem)")
            }
            guard seenAreas.insert(id).inserted else { throw entry.error("id", "duplicate area id `\(id)`") }
            guard let name = try entry.localized("name") else { throw entry.error(nil, "area `\(id)` has no `name`") }
            areas.append(Area(id: id, name: name))
        }
        guard !areas.isEmpty else { throw root.error(nil, "the catalog lists no `areas`") }

        var indicators: [Indicator] = []
        var seenIndicators = Set<String>()
        let allowed: Set<String> = ["id", "name", "area", "unit", "direction", "target", "weight", "source", "goal", "frequency", "description", "minimum_base", "self_assessment", "role"]
        for entry in try root.maps("indicators") {
            try entry.rejectUnknownKeys(allowed, context: "an indicator")
            let id = try entry.requiredString("id")
            if let problem = Identifier.problem(id) {
                throw entry.error("id", "indicator id `\(id)`: \(problem)")
            }
            guard seenIndicators.insert(id).inserted else { throw entry.error("id", "duplicate indicator id `\(id)`") }
            guard let name = try entry.localized("name") else { throw entry.error(nil, "indicator `\(id)` has no `name`") }
            let roleText = try entry.string("role") ?? IndicatorRole.outcome.rawValue
            guard let role = IndicatorRole(rawValue: roleText) else {
                throw entry.error("role", "unknown role `\(roleText)`; use outcome or context")
            }
            let declaredArea = try entry.string("area")
            guard let area = declaredArea ?? (role == .context ? "" : nil) else {
                throw entry.error(nil, "indicator `\(id)` has no `area` (only a `role: context` indicator may omit it)")
            }
            if declaredArea != nil, !seenAreas.contains(area) {
                throw entry.error("area", "indicator `\(id)` refers to unknown area `\(area)`")
            }
            guard let unitText = try entry.string("unit") else { throw entry.error(nil, "indicator `\(id)` has no `unit`") }
            guard let unit = IndicatorUnit(rawValue: unitText) else {
                throw entry.error("unit", "unknown unit `\(unitText)`; use one of \(IndicatorUnit.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let directionText = try entry.string("direction") else {
                throw entry.error(nil, "indicator `\(id)` has no `direction` (up: higher is better, down: lower is better)")
            }
            guard let direction = Direction(rawValue: directionText) else {
                throw entry.error("direction", "unknown direction `\(directionText)`; use up or down")
            }
            let target = try entry.double("target")
            if let target {
                switch unit {
                case .percent where !(0...100).contains(target):
                    throw entry.error("target", "target \(target) of a percent indicator is outside 0…100")
                case .bool where target != 0 && target != 1:
                    throw entry.error("target", "target of a yes/no indicator must be 1 or 0")
                case .count where target < 0, .per100 where target < 0:
                    throw entry.error("target", "target \(target) must not be negative")
                default: break
                }
            }
            let weight = try entry.double("weight") ?? 1
            guard weight > 0 else { throw entry.error("weight", "weight must be positive, got \(weight)") }
            let goal = try entry.int("goal")
            if let goal, !(1...11).contains(goal) {
                throw entry.error("goal", "`goal` is the number of a road map goal indicator, 1…11")
            }
            let frequencyText = try entry.string("frequency") ?? "year"
            guard let frequency = Frequency(rawValue: frequencyText) else {
                throw entry.error("frequency", "unknown frequency `\(frequencyText)`; use year or term")
            }
            let minimumBase = try entry.double("minimum_base")
            if let minimumBase, minimumBase <= 0 {
                throw entry.error("minimum_base", "`minimum_base` must be positive (e.g. 5 respondents), got \(minimumBase)")
            }
            let codes = try entry.strings("self_assessment").map { $0.trimmingCharacters(in: .whitespaces) }
            for code in codes where !SelfAssessmentCode.isCode(code) {
                throw entry.error("self_assessment", "`\(code)` is not a code of the self-assessment form (such as 1.18 or 1.19.1)")
            }
            indicators.append(Indicator(
                id: id, name: name, area: area, unit: unit, direction: direction, target: target,
                weight: weight, source: try entry.string("source"), roadmapGoal: goal,
                frequency: frequency, minimumBase: minimumBase, line: entry.line, role: role, selfAssessmentCodes: codes))
        }
        guard !indicators.isEmpty else { throw root.error(nil, "the catalog lists no `indicators`") }
        guard indicators.contains(where: { !$0.isContext }) else {
            throw root.error(nil, "the catalog lists only context indicators; at least one outcome indicator is needed")
        }
        return Catalog(areas: areas, indicators: indicators)
    }
}
