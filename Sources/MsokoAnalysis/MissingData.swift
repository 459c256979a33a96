import MsokoLinearAlgebra
import MsokoModel
import MsokoStatistics

/// Missing data (пропуски): an explicit policy, every filled cell flagged
/// (OECD/JRC Handbook on Constructing Composite Indicators, 2008, step 3).
///
/// The policy is decided once per cell (`Origins`); the analysed period's
/// grid turns the decisions into `IndicatorValue`s with their evidence, and
/// an earlier year, of which only the scores are needed, into plain values.
public enum MissingData {
    /// Builds the value grid of `period` for `schoolIDs` and applies `policy`:
    ///
    /// - `reweight`: missing stays missing (`reweighted`);
    /// - `district_median`: median of the reported values of the same
    ///   indicator in the period (R `median`);
    /// - `last_value`: the school's latest earlier value (LOCF); when it has
    ///   none, the district median.
    ///
    /// An indicator no school reported stays missing under every policy
    /// (there is nothing to impute from); normalisation reports it.
    static func grid(index: PeriodLookup, schoolIDs: [String], indicators: [Indicator],
                     period: Period, policy: MissingDataPolicy) -> ValueGrid {
        let origins = Origins(index: index, schoolIDs: schoolIDs, indicators: indicators, period: period, policy: policy)
        let missing = IndicatorValue(value: nil, period: nil, source: nil, imputation: .reweighted)
        let width = indicators.count
        // The grid is kept with the result: its rows are made in parallel.
        let cells: [[IndicatorValue]] = Parallelism.map(schoolIDs.count) { i in
            (0..<width).map { j in
                let cell = i * width + j
                switch origins.imputations[cell] {
                case .none, .lastValue:
                    return index.value(row: Int(origins.rows[cell]), imputation: origins.imputations[cell])
                case .districtMedian:
                    return IndicatorValue(value: origins.medians[j], period: period, source: nil, imputation: .districtMedian)
                case .reweighted:
                    return missing
                }
            }
        }
        return ValueGrid(period: period, schoolIDs: schoolIDs, indicators: indicators, cells: cells)
    }

    /// The values of `grid(…)`'s cells (nil = missing), by indicator: for a
    /// period whose scores are all that is needed (an earlier year).
    static func values(index: PeriodLookup, schoolIDs: [String], indicators: [Indicator],
                       period: Period, policy: MissingDataPolicy) -> [[Double?]] {
        let origins = Origins(index: index, schoolIDs: schoolIDs, indicators: indicators, period: period, policy: policy)
        let width = indicators.count
        return indicators.indices.map { j in
            schoolIDs.indices.map { i in
                let cell = i * width + j
                switch origins.imputations[cell] {
                case .none, .lastValue: return index.panel.value(at: Int(origins.rows[cell]))
                case .districtMedian: return origins.medians[j]
                case .reweighted: return nil
                }
            }
        }
    }

    /// Where each cell of a period's grid takes its value from under the
    /// policy (see `grid`). Cells are school-major: cell `i · width + j` is
    /// school `i`, indicator `j`.
    struct Origins {
        /// The panel row a cell reads (reported, or the last value); −1 when none.
        private(set) var rows: [Int32]
        private(set) var imputations: [Imputation]
        /// Per indicator: the district median of its reported values, when
        /// the policy imputes and some school reported it.
        private(set) var medians: [Double?]

        init(index: PeriodLookup, schoolIDs: [String], indicators: [Indicator], period: Period,
             policy: MissingDataPolicy) {
            let schoolCodes = schoolIDs.map { index.panel.schoolCode($0) }
            let indicatorCodes = indicators.map { index.panel.indicatorCode($0.id) }
            let frequencies = indicators.map(\.frequency)
            let width = indicators.count
            // The row standing for each cell, found in parallel.
            var rows = [Int32](repeating: -1, count: schoolIDs.count * width)
            Parallelism.fill(&rows) { cell in
                guard let school = schoolCodes[cell / width], let indicator = indicatorCodes[cell % width],
                      let row = index.current(school: school, indicator: indicator, frequency: frequencies[cell % width],
                                              period: period) else { return -1 }
                return Int32(row)
            }
            var imputations = rows.map { $0 >= 0 ? Imputation.none : .reweighted }
            var medians = [Double?](repeating: nil, count: width)
            if policy != .reweight {
                for j in 0..<width {
                    let reported = schoolIDs.indices.compactMap { i in
                        imputations[i * width + j] == .none ? index.panel.value(at: Int(rows[i * width + j])) : nil
                    }
                    let median = reported.isEmpty ? nil : Descriptive.median(reported)
                    medians[j] = median
                    for i in schoolIDs.indices where imputations[i * width + j] == .reweighted {
                        if policy == .lastValue, let school = schoolCodes[i], let code = indicatorCodes[j],
                           let earlier = index.lastEarlier(school: school, indicator: code, period: period) {
                            rows[i * width + j] = Int32(earlier)
                            imputations[i * width + j] = .lastValue
                        } else if median != nil {
                            imputations[i * width + j] = .districtMedian
                        }
                    }
                }
            }
            self.rows = rows
            self.imputations = imputations
            self.medians = medians
        }
    }
}
