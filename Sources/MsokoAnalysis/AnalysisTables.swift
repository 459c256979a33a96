import MsokoModel

/// The analysis tables of `OUT/tables/` (contract §3): the contract's
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
        for (i, school) in grid.schoolIDs.enumerated() {
            for (j, indicator) in grid.indicators.enumerated() {
                let cell = grid.cells[i][j]
                table.append([school, indicator.id, period.description, number(cell.value), number(scores.indicatorScores[i][j]),
                              number(indicator.target), Table.bool(Normalization.meetsTarget(cell.value, indicator: indicator)),
                              Table.bool(cell.isImputed), cell.imputation.rawValue, text(cell.period),
                              scores.columns[j].method.rawValue, number(cell.base), cell.source?.description ?? "",
                              IndicatorRole.outcome.rawValue, ""])
            }
        }
        let values = context.values
        for (i, school) in values.schoolIDs.enumerated() {
            for (j, indicator) in values.indicators.enumerated() {
                let cell = values.cells[i][j]
                table.append([school, indicator.id, period.description, number(cell.value), "", number(indicator.target),
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
        for (i, school) in scores.schoolIDs.enumerated() {
            for (a, area) in scores.areaIDs.enumerated() {
                let members = grid.indicators.indices.filter {
                    grid.indicators[$0].area == area && !scores.columns[$0].notes.contains(.allMissing)
                }
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
        for trend in trends {
            let summary = trend.summary
            let indicator = catalog.indicator(trend.indicatorID)
            let forecast = trend.forecast
            table.append([trend.entity, trend.indicatorID, String(summary.n), text(trend.periods.first), text(trend.periods.last),
                          number(summary.ols?.slope), number(summary.olsSlopeLow), number(summary.olsSlopeHigh),
                          number(summary.mannKendall?.s), number(summary.mannKendall?.z), number(summary.mannKendall?.p),
                          number(summary.sen?.slope), summary.direction.rawValue, trend.assessment.rawValue,
                          indicator?.direction.rawValue ?? "", number(indicator?.target), text(forecast?.period),
                          number(forecast?.estimate), number(forecast?.low), number(forecast?.high),
                          forecast?.outlook.rawValue ?? ""])
        }
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
