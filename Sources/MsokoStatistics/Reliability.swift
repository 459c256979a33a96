import MsokoLinearAlgebra

/// Internal consistency of a multi-item scale.
public enum Reliability {
    /// Cronbach's alpha (Cronbach 1951),
    /// α = k/(k − 1) · (1 − Σᵢ s²ᵢ / s²ₜ),
    /// with k items (columns), s²ᵢ the sample variance of item i and s²ₜ that
    /// of the respondents' totals (rows summed); as R `psych::alpha`'s
    /// raw_alpha and pingouin `cronbach_alpha` on complete data. It is
    /// unitless, at most 1, and negative when items correlate negatively.
    ///
    /// - Parameter items: one row per respondent, one column per item;
    ///   complete cases only (drop or impute missing answers first).
    /// - Throws: `tooFewPoints` for fewer than 2 items or 2 respondents;
    ///   `nonFinite` naming the first NaN/Inf (index row-major:
    ///   row · columns + column); `undefined` when the totals do not vary.
    public static func cronbachAlpha(_ items: Matrix) throws -> Double {
        guard items.columns >= 2 else { throw StatisticsError.tooFewPoints(needed: 2, got: items.columns) }
        guard items.rows >= 2 else { throw StatisticsError.tooFewPoints(needed: 2, got: items.rows) }
        if let position = items.firstNonFinite {
            throw StatisticsError.nonFinite(index: position.row * items.columns + position.column,
                                            value: items[position.row, position.column])
        }
        var totals = [Double](repeating: 0, count: items.rows)
        var sumOfItemVariances = 0.0
        for column in 0..<items.columns {
            let values = items.column(column)
            sumOfItemVariances += Descriptive.variance(values)
            for row in 0..<items.rows { totals[row] += values[row] }
        }
        let totalVariance = Descriptive.variance(totals)
        guard totalVariance > 0 else {
            throw StatisticsError.undefined("Cronbach's alpha needs totals that vary; every respondent has the same total")
        }
        let k = Double(items.columns)
        return k / (k - 1) * (1 - sumOfItemVariances / totalVariance)
    }
}
