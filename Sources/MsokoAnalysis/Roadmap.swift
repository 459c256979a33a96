import MsokoModel
import MsokoStatistics

/// What the road map claims for a goal indicator (паспорт, row 3).
public enum RoadmapClaimKind: String, CaseIterable, Sendable {
    /// «положительная динамика»: the indicator improves (goals 2, 3).
    case positiveDynamics = "positive_dynamics"
    /// «сокращение»: the value goes down (goal 4).
    case reduction
    /// A number to reach (goals 7, 8, 9).
    case target
    /// «в 100 % ОУ»: every school has it (goals 1, 5, 6, 10, 11).
    case allSchools = "all_schools"

    /// The claim of goal `number` of the Mosalsk road map (2021–2024).
    public static func forGoal(_ number: Int) -> RoadmapClaimKind {
        switch number {
        case 2, 3: return .positiveDynamics
        case 4: return .reduction
        case 7, 8, 9: return .target
        default: return .allSchools
        }
    }
}

/// The verdict on a claim for the district.
public enum RoadmapVerdict: String, CaseIterable, Sendable {
    case achieved
    /// Not reached yet, but the forecast's whole interval reaches it by the end of the road map.
    case onTrack = "on_track"
    /// Not reached; the forecast interval contains the target.
    case atRisk = "at_risk"
    /// Not reached; the whole forecast interval misses the target.
    case offTrack = "off_track"
    case notAchieved = "not_achieved"
    /// No significant change: the claimed dynamics are not shown.
    case notConfirmed = "not_confirmed"
    case insufficientData = "insufficient_data"
}

/// One goal indicator's claim evaluated for the district (`roadmap.csv`).
public struct RoadmapClaim: Sendable {
    public let goal: Int
    public let indicatorID: String
    public let kind: RoadmapClaimKind
    public let target: Double?
    /// The district value of the analysed period (pooled as in the district trend).
    public let districtValue: Double?
    public let period: Period
    public let trend: TrendDirection
    public let assessment: Assessment
    /// For `all_schools`: schools whose value meets it, and schools that reported.
    public let schoolsMeeting: Int?
    public let schoolsReporting: Int?
    /// Schools that did not report or do not meet it (`all_schools` claims).
    public let schoolsMissing: [String]
    public let forecast: TargetForecast?
    public let verdict: RoadmapVerdict
}

/// Evaluates the road map's claims from the district trends and the analysed
/// period's reported values:
/// - positive dynamics: district assessment improving → achieved, worsening →
///   not achieved, stable → not confirmed (Mann–Kendall at `trend_alpha`);
/// - reduction: district trend decreasing → achieved, increasing → not
///   achieved, no trend → not confirmed;
/// - target: the district value meets the target → achieved; otherwise the
///   forecast's outlook (on track / at risk / off track), or not achieved
///   without a forecast;
/// - all schools: every analysed school reported a value meeting the target
///   (a yes/no fact without a target: 1) → achieved, else not achieved.
public enum RoadmapAnalysis {
    /// `trends` are laid out over the grid's schools and indicators.
    static func evaluate(catalog: Catalog, grid: ValueGrid, trends: TrendLayout) -> [RoadmapClaim] {
        var claims: [RoadmapClaim] = []
        let goalIndicators = grid.indicators.enumerated().filter { $0.element.roadmapGoal != nil }
            .sorted { ($0.element.roadmapGoal!, $0.offset) < ($1.element.roadmapGoal!, $1.offset) }
        for (j, indicator) in goalIndicators {
            let goal = indicator.roadmapGoal!
            let kind = RoadmapClaimKind.forGoal(goal)
            let district: TrendResult? = trends.district(indicator: j)
            let trend = district?.summary.direction ?? .insufficientData
            let assessment = district?.assessment ?? .insufficientData
            let reported = grid.cells.compactMap { $0[j].imputation == .none && $0[j].value != nil ? $0[j] : nil }
            let value = pooled(reported)
            var meeting: Int?, reporting: Int?
            var missing: [String] = []
            let verdict: RoadmapVerdict
            switch kind {
            case .positiveDynamics:
                verdict = switch assessment {
                case .improving: .achieved
                case .worsening: .notAchieved
                case .stable: .notConfirmed
                case .insufficientData: .insufficientData
                }
            case .reduction:
                verdict = switch trend {
                case .decreasing: .achieved
                case .increasing: .notAchieved
                case .noTrend: .notConfirmed
                case .insufficientData: .insufficientData
                }
            case .target:
                if let value, Normalization.meetsTarget(value, indicator: indicator) == true {
                    verdict = .achieved
                } else if let outlook = district?.forecast?.outlook {
                    verdict = switch outlook {
                    case .onTrack: .onTrack
                    case .atRisk: .atRisk
                    case .offTrack: .offTrack
                    }
                } else {
                    verdict = value == nil ? .insufficientData : .notAchieved
                }
            case .allSchools:
                var count = 0
                for (i, school) in grid.schoolIDs.enumerated() {
                    let cell = grid.cells[i][j]
                    let meets: Bool
                    if cell.imputation == .none, let value = cell.value {
                        // Without a target, "in place" means yes (1) — or, for a
                        // `down` fact (something that should be absent), no (0).
                        meets = Normalization.meetsTarget(value, indicator: indicator)
                            ?? (indicator.direction == .up ? value > 0 : value == 0)
                    } else {
                        meets = false
                    }
                    if meets { count += 1 } else { missing.append(school) }
                }
                meeting = count
                reporting = reported.count
                verdict = reported.isEmpty ? .insufficientData : (missing.isEmpty ? .achieved : .notAchieved)
            }
            claims.append(RoadmapClaim(goal: goal, indicatorID: indicator.id, kind: kind, target: indicator.target,
                                       districtValue: value, period: grid.period, trend: trend, assessment: assessment,
                                       schoolsMeeting: meeting, schoolsReporting: reporting, schoolsMissing: missing,
                                       forecast: district?.forecast, verdict: verdict))
        }
        return claims
    }

    /// The district value of reported cells: base-weighted when every one has a base, else the mean.
    static func pooled(_ cells: [IndicatorValue]) -> Double? {
        guard !cells.isEmpty else { return nil }
        return DistrictValue.pooled(values: cells.map { $0.value! }, bases: cells.map(\.base))
    }
}
