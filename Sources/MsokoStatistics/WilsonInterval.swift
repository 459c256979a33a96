import Foundation

/// The Wilson score interval for a binomial proportion (Wilson 1927), the
/// formula of statsmodels `proportion_confint(method="wilson")`:
/// centre (p̂ + z²/2n)/(1 + z²/n), half-width z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n),
/// z = Φ⁻¹((1 + confidence)/2).
public enum WilsonInterval {
    /// Bounds as proportions in 0…1 (clamped there against rounding).
    ///
    /// `successes` and `trials` may be fractional (weighted counts). NaN
    /// bounds when trials ≤ 0, successes outside 0…trials, any input is not
    /// finite, or the confidence is outside (0, 1).
    public static func interval(successes: Double, trials: Double, confidence: Double = 0.95) -> (low: Double, high: Double) {
        guard trials > 0, trials.isFinite, successes >= 0, successes <= trials,
              confidence > 0, confidence < 1 else { return (.nan, .nan) }
        let z = Normal.quantile((1 + confidence) / 2)
        let proportion = successes / trials
        let z2 = z * z
        let denominator = 1 + z2 / trials
        let center = (proportion + z2 / (2 * trials)) / denominator
        let halfWidth = z * (proportion * (1 - proportion) / trials + z2 / (4 * trials * trials)).squareRoot() / denominator
        return (max(0, center - halfWidth), min(1, center + halfWidth))
    }
}
