import MsokoLinearAlgebra
import MsokoModel

/// The analysis tables of `OUT/tables/` (docs/contract.md §3): the contract's
/// columns first, in its order; msoko's own columns after them. Every number
/// goes through `Table.number`.
struct AnalysisTables {
    let period: Period
    let language: Language
    let catalog: Catalog
    let settings: AnalysisSettings

    private func number(_ value: Double?) -> String { Table.number(value) }
    private func short(_ value: Double?) -> String { Table.number(value, digits: 2) }
    private func text(_ value: Period?) -> String { value?.description ?? "" }

    /// The rows of items `0..<count` of a national-size table. The costly
    /// cells of each item (numbers, periods), `format(item, k)` for `k` in
    /// `0..<width`, are made in parallel into a buffer of this thread, a
    /// chunk of items at a time; then `row(item, cells)` assembles each row
    /// here. The rows live until the tables are written, so they are
    /// allocated on this thread: memory a worker thread frees stays with
    /// its malloc arena, out of reach of the report made after.
    static func rows(_ count: Int, width: Int, format: @Sendable (_ item: Int, _ k: Int) -> String,
                     row: (_ item: Int, _ cells: ArraySlice<String>) -> [String]) -> [[String]] {
        var rows: [[String]] = []
        rows.reserveCapacity(count)
        let chunk = 16384
        for start in stride(from: 0, to: count, by: chunk) {
            let end = min(count, start + chunk)
            var cells = [String](repeating: "", count: (end - start) * width)
            Parallelism.fill(&cells) { cell in format(start + cell / width, cell % width) }
            for item in start..<end {
                rows.append(row(item, cells[(item - start) * width..<(item - start + 1) * width]))
            }
        }
        return rows
    }

    /// `school_id,indicator,period,value,score,target,meets_target` +
    /// `imputed` (true when the value was filled), `imputation` (none,
    /// district_median, last_value, reweighted), `value_period` (where the
    /// value was read), `normalization` (the method applied), `base`, `source`,
    /// `role` (outcome or context) and `z` (a context value's z-score).
    ///
    /// Context indicators follow the outcome rows: no score, never imputed
    /// (a missing value is `reweighted`: left out of the context index).
    func normalized(grid: ValueGrid, scores: CompositeScores, context: ContextAnalysis) -> Table {
        var table = Table(columns: ["school_id", "indicator", "period", "value", "score", "target", "meets_target",
                                    "imputed", "imputation", "value_period", "normalization", "base", "source", "role", "z"])
        let width = grid.indicators.count
        let period = period.description
        let targets = grid.indicators.map { number($0.target) }
        let rows = Self.rows(grid.schoolIDs.count * width, width: 4, format: { item, k in
            let cell = grid.cells[item / width][item % width]
            switch k {
            case 0: return Table.number(cell.value)
            case 1: return Table.number(scores.indicatorScores[item / width][item % width])
            case 2: return cell.period?.description ?? ""
            default: return Table.number(cell.base)
            }
        }, row: { item, formatted in
            let (i, j) = (item / width, item % width)
            let cell = grid.cells[i][j], indicator = grid.indicators[j]
            let base = formatted.startIndex
            return [grid.schoolIDs[i], indicator.id, period, formatted[base], formatted[base + 1], targets[j],
                    Table.bool(Normalization.meetsTarget(cell.value, indicator: indicator)),
                    Table.bool(cell.isImputed), cell.imputation.rawValue, formatted[base + 2],
                    scores.columns[j].method.rawValue, formatted[base + 3], cell.source?.description ?? "",
                    IndicatorRole.outcome.rawValue, ""]
        })
        for row in rows { table.append(row) }
        let values = context.values
        for (i, school) in values.schoolIDs.enumerated() {
            for (j, indicator) in values.indicators.enumerated() {
                let cell = values.cells[i][j]
                table.append([school, indicator.id, period, number(cell.value), "", number(indicator.target),
                              Table.bool(Normalization.meetsTarget(cell.value, indicator: indicator)), Table.bool(false),
                              cell.imputation.rawValue, text(cell.period), "", number(cell.base), cell.source?.description ?? "",
                              IndicatorRole.context.rawValue, number(context.zScores[i][j])])
            }
        }
        return table
    }

    /// `school_id,period,area,score` + `n_indicators` (scored indicators of
    /// the area), `n_missing` (of them filled or left out), `aggregation`.
    func areaScores(grid: ValueGrid, scores: CompositeScores) -> Table {
        var table = Table(columns: ["school_id", "period", "area", "score", "n_indicators", "n_missing", "aggregation"])
        let membership = scores.areaIDs.map { area in
            grid.indicators.indices.filter {
                grid.indicators[$0].area == area && !scores.columns[$0].notes.contains(.allMissing)
            }
        }
        for (i, school) in scores.schoolIDs.enumerated() {
            for (a, area) in scores.areaIDs.enumerated() {
                let members = membership[a]
                let missing = members.filter { grid.cells[i][$0].imputation != .none }.count
                table.append([school, period.description, area, number(scores.areaScores[i][a]), String(members.count),
                              String(missing), settings.aggregation.rawValue])
            }
        }
        return table
    }

    /// `school_id,period,index,rank,median_rank,rank_low,rank_high,robust`.
    func overallIndex(scores: CompositeScores, sensitivity: [RankUncertainty]) -> Table {
        let bySchool = Dictionary(uniqueKeysWithValues: sensitivity.map { ($0.schoolID, $0) })
        var table = Table(columns: ["school_id", "period", "index", "rank", "median_rank", "rank_low", "rank_high", "robust"])
        for (i, school) in scores.schoolIDs.enumerated() {
            let uncertainty = bySchool[school]
            table.append([school, period.description, number(scores.overallIndex[i]), uncertainty.map { String($0.nominalRank) } ?? "",
                          number(uncertainty?.medianRank), number(uncertainty?.rankLow), number(uncertainty?.rankHigh),
                          Table.bool(uncertainty?.isRobust)])
        }
        return table
    }

    /// `school_id,nominal_rank,median_rank,rank_low,rank_high,robust,draws,seed,weight_variation,methods`.
    func sensitivity(_ rows: [RankUncertainty]) -> Table {
        var table = Table(columns: ["school_id", "nominal_rank", "median_rank", "rank_low", "rank_high", "robust",
                                    "draws", "seed", "weight_variation", "methods"])
        let options = settings.sensitivity
        for row in rows.sorted(by: { $0.nominalRank < $1.nominalRank }) {
            table.append([row.schoolID, String(row.nominalRank), number(row.medianRank), number(row.rankLow),
                          number(row.rankHigh), Table.bool(row.isRobust), String(options.draws), String(options.seed),
                          number(options.weightVariation), options.methods.map(\.rawValue).joined(separator: " ")])
        }
        return table
    }

    func notes(_ notes: [NormalizationNote]) -> Table {
        Table(columns: ["indicator", "note"], rows: notes.map { [$0.indicatorID, $0.kind.rawValue] })
    }

    /// Per indicator: cells reported, filled by each method, left out.
    func missingData(_ byIndicator: [String: [Imputation: Int]]) -> Table {
        var table = Table(columns: ["indicator", "policy", "reported", "district_median", "last_value", "reweighted"])
        for indicator in catalog.indicators {
            let counts = byIndicator[indicator.id] ?? [:]
            table.append([indicator.id, settings.missing.rawValue] + Imputation.allCases.map { String(counts[$0] ?? 0) })
        }
        return table
    }

    /// Contract columns + `direction,target,forecast_period,forecast,forecast_low,forecast_high,outlook`.
    func trends(_ trends: [TrendResult]) -> Table {
        var table = Table(columns: ["entity", "indicator", "n_periods", "first_period", "last_period", "ols_slope",
                                    "ols_slope_low", "ols_slope_high", "mk_s", "mk_z", "mk_p", "sen_slope", "trend",
                                    "assessment", "direction", "target", "forecast_period", "forecast", "forecast_low",
                                    "forecast_high", "outlook"])
        let catalog = catalog
        let rows = Self.rows(trends.count, width: 15, format: { item, k in
            let trend = trends[item], summary = trend.summary, forecast = trend.forecast
            switch k {
            case 0: return String(summary.n)
            case 1: return trend.periods.first?.description ?? ""
            case 2: return trend.periods.last?.description ?? ""
            case 3: return Table.number(summary.ols?.slope)
            case 4: return Table.number(summary.olsSlopeLow)
            case 5: return Table.number(summary.olsSlopeHigh)
            case 6: return Table.number(summary.mannKendall?.s)
            case 7: return Table.number(summary.mannKendall?.z)
            case 8: return Table.number(summary.mannKendall?.p)
            case 9: return Table.number(summary.sen?.slope)
            case 10: return Table.number(catalog.indicator(trend.indicatorID)?.target)
            case 11: return forecast?.period.description ?? ""
            case 12: return Table.number(forecast?.estimate)
            case 13: return Table.number(forecast?.low)
            default: return Table.number(forecast?.high)
            }
        }, row: { item, cells in
            let trend = trends[item]
            let base = cells.startIndex
            return [trend.entity, trend.indicatorID, cells[base], cells[base + 1], cells[base + 2], cells[base + 3],
                    cells[base + 4], cells[base + 5], cells[base + 6], cells[base + 7], cells[base + 8], cells[base + 9],
                    trend.summary.direction.rawValue, trend.assessment.rawValue,
                    catalog.indicator(trend.indicatorID)?.direction.rawValue ?? "", cells[base + 10], cells[base + 11],
                    cells[base + 12], cells[base + 13], cells[base + 14], trend.forecast?.outlook.rawValue ?? ""]
        })
        for row in rows { table.append(row) }
        return table
    }

    func roadmap(_ claims: [RoadmapClaim]) -> Table {
        var table = Table(columns: ["goal", "indicator", "claim", "target", "district_value", "period", "trend", "assessment",
                                    "schools_meeting", "schools_reporting", "schools_missing", "forecast_period", "forecast",
                                    "forecast_low", "forecast_high", "verdict"])
        for claim in claims {
            table.append([String(claim.goal), claim.indicatorID, claim.kind.rawValue, number(claim.target),
                          number(claim.districtValue), claim.period.description, claim.trend.rawValue, claim.assessment.rawValue,
                          claim.schoolsMeeting.map { String($0) } ?? "", claim.schoolsReporting.map { String($0) } ?? "",
                          claim.schoolsMissing.joined(separator: " "), text(claim.forecast?.period),
                          number(claim.forecast?.estimate), number(claim.forecast?.low), number(claim.forecast?.high),
                          claim.verdict.rawValue])
        }
        return table
    }

    /// `school_id,indicator,area,value,target,gap,severity` +
    /// `period,status,low,high,reference,reference_kind,base,source`: each row
    /// names the value, what it is compared with, the period and input row; +
    /// the terms of the severity (`district_median`, `spread`,
    /// `spreads_beyond_median` = z⁺, `target_shortfall` = q, see
    /// `DeficitAnalysis`) + the comparison with the school's cluster
    /// (`cluster`, `cluster_median`, `spreads_below_cluster`, `group_weak`,
    /// `below_peers`; empty before the cluster stage, see `PeerComparison`).
    func deficits(_ deficits: [Deficit]) -> Table {
        var table = Table(columns: ["school_id", "indicator", "area", "value", "target", "gap", "severity", "period", "status",
                                    "low", "high", "reference", "reference_kind", "base", "source",
                                    "district_median", "spread", "spreads_beyond_median", "target_shortfall",
                                    "cluster", "cluster_median", "spreads_below_cluster", "group_weak", "below_peers"])
        for deficit in deficits {
            let peer = deficit.peer
            table.append([deficit.schoolID, deficit.indicatorID, deficit.areaID, number(deficit.value), number(deficit.target),
                          number(deficit.gap), short(deficit.severity), deficit.period.description, deficit.status.rawValue,
                          number(deficit.low), number(deficit.high), number(deficit.reference), deficit.referenceKind.rawValue,
                          number(deficit.base), deficit.source?.description ?? "",
                          number(deficit.districtMedian), number(deficit.spread), number(deficit.spreadsBeyondMedian),
                          number(deficit.targetShortfall),
                          peer.map { String($0.cluster) } ?? "", number(peer?.clusterMedian), number(peer?.spreadsBelowCluster),
                          Table.bool(peer?.groupWeak), Table.bool(peer?.belowPeers)])
        }
        return table
    }

    func earlyWarnings(_ warnings: [EarlyWarning]) -> Table {
        var table = Table(columns: ["school_id", "indicator", "area", "value", "reference", "reference_kind", "period",
                                    "sen_slope", "mk_p", "forecast_period", "forecast", "forecast_low", "forecast_high",
                                    "outlook", "source"])
        for warning in warnings {
            table.append([warning.schoolID, warning.indicatorID, warning.areaID, number(warning.value), number(warning.reference),
                          warning.referenceKind.rawValue, warning.period.description, number(warning.senSlope),
                          number(warning.mannKendallP), text(warning.forecast?.period), number(warning.forecast?.estimate),
                          number(warning.forecast?.low), number(warning.forecast?.high),
                          warning.forecast?.outlook.rawValue ?? "", warning.source?.description ?? ""])
        }
        return table
    }

    /// Contract columns + `n_confirmed,overall_index,early_warnings`.
    /// `school_ranking.csv`; `school_name` last (issue 12: the list a reader opens in a spreadsheet names the schools).
    func ranking(_ entries: [RankingEntry], names: (String) -> String?) -> Table {
        var table = Table(columns: ["rank", "school_id", "deficit_score", "n_deficits", "main_deficit_area", "n_confirmed",
                                    "overall_index", "early_warnings", "school_name"])
        for entry in entries {
            table.append([String(entry.rank), entry.schoolID, short(entry.deficitScore), String(entry.deficitCount),
                          entry.mainDeficitAreaID ?? "", String(entry.confirmedCount), number(entry.overallIndex),
                          String(entry.earlyWarningCount), names(entry.schoolID) ?? ""])
        }
        return table
    }

    /// Contract columns (evidence in the report's language) + `rank_in_area,threshold,measure`.
    func bestPractices(_ practices: [BestPractice], measures: [Measure]) -> Table {
        var table = Table(columns: ["area", "school_id", "score", "trend", "evidence", "rank_in_area", "threshold", "measure"])
        let measureText = measures.map(\.id).joined(separator: " ")
        for practice in practices {
            table.append([practice.areaID, practice.schoolID, number(practice.score), practice.trend.rawValue,
                          practice.evidence[language], String(practice.rankInArea), number(practice.threshold), measureText])
        }
        return table
    }

    /// Contract columns + `kind,roadmap_item,severity,text` (the measure in
    /// the report's language) + `peer_basis` (best_practice, or top_quartile
    /// when the area has no best practice besides the school).
    func recommendations(_ recommendations: [Recommendation]) -> Table {
        var table = Table(columns: ["school_id", "area", "indicator", "measure", "peer_school_id", "kind", "roadmap_item",
                                    "severity", "text", "peer_basis"])
        for recommendation in recommendations {
            table.append([recommendation.schoolID, recommendation.areaID, recommendation.indicatorID, recommendation.measure.id,
                          recommendation.peerSchoolID ?? "", recommendation.kind.rawValue, recommendation.measure.roadmapItem,
                          short(recommendation.severity), recommendation.measure.text[language],
                          recommendation.peerSchoolID == nil ? "" : (recommendation.peerIsBestPractice ? "best_practice" : "top_quartile")])
        }
        return table
    }
}
