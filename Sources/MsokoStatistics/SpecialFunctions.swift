import Foundation

/// Special functions behind the distribution functions. Internal: the public
/// surface is `Normal` and `StudentT`.
enum SpecialFunctions {
    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), a, b > 0.
    ///
    /// For b = 1/2 and large a (the Student-t case with many degrees of
    /// freedom) the three log-gammas are huge and nearly cancel, so the
    /// difference ln Γ(a) − ln Γ(a + 1/2) is taken from the Stirling series
    /// instead, which keeps the result accurate to a few ulps for any a.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        if b == 0.5 && a >= 20 {
            return 0.5 * log(Double.pi) + logGammaRatioHalf(a)
        }
        if a == 0.5 && b >= 20 {
            return 0.5 * log(Double.pi) + logGammaRatioHalf(b)
        }
        return lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    /// ln Γ(a) − ln Γ(a + 1/2) for a ≥ 20, from the Stirling series of each
    /// log-gamma (terms to z⁻⁹, truncation below 2·10⁻¹⁵ at a = 20):
    /// −½ ln a − a·ln(1 + 1/(2a)) + ½ + c(a) − c(a + ½).
    static func logGammaRatioHalf(_ a: Double) -> Double {
        func correction(_ z: Double) -> Double {
            let inverse = 1 / z, inverseSquared = inverse * inverse
            return inverse * (1.0 / 12 - inverseSquared * (1.0 / 360 - inverseSquared
                * (1.0 / 1260 - inverseSquared * (1.0 / 1680 - inverseSquared / 1188))))
        }
        return -0.5 * log(a) - (a * log1p(0.5 / a) - 0.5) + (correction(a) - correction(a + 0.5))
    }

    /// The regularised incomplete beta function as the pair
    /// (I_x(a, b), 1 − I_x(a, b)), each accurate in relative terms.
    ///
    /// `y` must be 1 − x, passed separately so that callers who know it
    /// exactly (e.g. t²/(ν + t²)) do not lose it to cancellation.
    /// Evaluated by the continued fraction of Abramowitz & Stegun 26.5.8 with
    /// the modified Lentz method, on the side x < (a + 1)/(a + b + 2) where
    /// it converges fast, and by the symmetry I_x(a, b) = 1 − I_y(b, a) on
    /// the other side.
    static func incompleteBeta(a: Double, b: Double, x: Double, y: Double) -> (lower: Double, upper: Double) {
        if x <= 0 { return (0, 1) }
        if y <= 0 { return (1, 0) }
        // x^a · y^b / (a · B(a, b)), the prefactor of the continued fraction.
        let logFront = a * log(x) + b * log(y) - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            let lower = exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
            return (lower, 1 - lower)
        } else {
            let upper = exp(logFront) * continuedFraction(a: b, b: a, x: y) / b
            return (1 - upper, upper)
        }
    }

    /// The continued fraction of A&S 26.5.8, modified Lentz (Press et al.,
    /// Numerical Recipes 3rd ed. §5.2 and §6.4 describe the method).
    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let mDouble = Double(m), m2 = 2 * mDouble
            // Even step.
            var aa = mDouble * (b - mDouble) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            aa = -(a + mDouble) * (qab + mDouble) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= 2 * Double.ulpOfOne { break }
        }
        return h
    }
}
