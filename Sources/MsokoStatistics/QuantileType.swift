/// The nine sample-quantile definitions of Hyndman & Fan (1996), "Sample
/// quantiles in statistical packages", numbered as R's `quantile(type =)`.
/// numpy's `quantile(method=)` names are given for each.
public enum QuantileType: Int, CaseIterable, Sendable {
    /// Inverse of the empirical CDF (numpy `inverted_cdf`).
    case type1 = 1
    /// Inverse of the empirical CDF, averaging at discontinuities (numpy `averaged_inverted_cdf`).
    case type2 = 2
    /// Nearest even order statistic, SAS definition (numpy `closest_observation`).
    case type3 = 3
    /// Linear interpolation of the empirical CDF, p(k) = k/n (numpy `interpolated_inverted_cdf`).
    case type4 = 4
    /// Piecewise linear, p(k) = (k − 0.5)/n (numpy `hazen`).
    case type5 = 5
    /// p(k) = k/(n + 1), Minitab and SPSS (numpy `weibull`).
    case type6 = 6
    /// p(k) = (k − 1)/(n − 1), the default of R, numpy (`linear`) and Excel.
    case type7 = 7
    /// Approximately median-unbiased, p(k) = (k − 1/3)/(n + 1/3) (numpy `median_unbiased`).
    case type8 = 8
    /// Approximately unbiased for normal data, p(k) = (k − 3/8)/(n + 1/4) (numpy `normal_unbiased`).
    case type9 = 9

    /// The quantile of an ascending, non-empty, NaN-free sample; `p` in [0, 1].
    ///
    /// Follows R's `quantile.default` step by step, including its fuzz of
    /// 4·ε on the order-statistic index, so that p·n landing a rounding error
    /// off an integer picks the same order statistics as R.
    /// The 1-based fractional order-statistic index of a type-7 quantile
    /// and the 0-based positions of the two order statistics it reads.
    static func type7Index(count n: Int, _ p: Double) -> (index: Double, lower: Int, upper: Int) {
        let index = 1 + Double(n - 1) * p
        return (index, Int(index.rounded(.down)) - 1, Int(index.rounded(.up)) - 1)
    }

    func quantile(sorted x: [Double], _ p: Double) -> Double {
        let n = x.count
        // 1-based order statistic, clamped to the sample as R pads x[0] = x[1]
        // and x[n + 1] = x[n].
        func order(_ k: Int) -> Double { x[min(max(k, 1), n) - 1] }
        let fuzz = 4 * Double.ulpOfOne
        switch self {
        case .type7:
            let (index, lowerPosition, upperPosition) = Self.type7Index(count: n, p)
            let lower = x[lowerPosition], upper = x[upperPosition]
            let h = index - index.rounded(.down)
            return h > 0 && upper != lower ? (1 - h) * lower + h * upper : lower
        case .type1, .type2, .type3:
            let nppm = self == .type3 ? Double(n) * p - 0.5 : Double(n) * p
            let j = (nppm + fuzz).rounded(.down)
            let h: Double
            switch self {
            case .type1: h = nppm > j + fuzz ? 1 : 0
            case .type2: h = nppm > j + fuzz ? 1 : 0.5
            default: h = (nppm != j || Int(j) % 2 == 1) ? 1 : 0
            }
            let jInt = Int(j)
            if h == 1 { return order(jInt + 1) }
            if h == 0 { return order(jInt) }
            return (1 - h) * order(jInt) + h * order(jInt + 1)
        case .type4, .type5, .type6, .type8, .type9:
            let (a, b): (Double, Double)
            switch self {
            case .type4: (a, b) = (0, 1)
            case .type5: (a, b) = (0.5, 0.5)
            case .type6: (a, b) = (0, 0)
            case .type8: (a, b) = (1.0 / 3, 1.0 / 3)
            default: (a, b) = (3.0 / 8, 3.0 / 8)
            }
            let nppm = a + p * (Double(n) + 1 - a - b)
            let j = (nppm + fuzz).rounded(.down)
            var h = nppm - j
            if abs(h) < fuzz { h = 0 }
            let jInt = Int(j)
            let lower = order(jInt), upper = order(jInt + 1)
            if h == 0 || lower == upper { return lower }
            if h == 1 { return upper }
            return (1 - h) * lower + h * upper
        }
    }
}
