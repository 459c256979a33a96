/// An ordinary least-squares line y = intercept + slope·x with the usual
/// normal-theory inference (independent errors of constant variance).
///
/// The fields are in the units of the data: `slope` in y-units per x-unit
/// (for a trend over school years: per year), `intercept` in y-units at x = 0.
public struct LinearFit: Sendable, Equatable {
    /// The least-squares slope Sxy / Sxx.
    public let slope: Double
    /// The least-squares intercept ȳ − slope·x̄.
    public let intercept: Double
    /// s / √Sxx.
    public let slopeStandardError: Double
    /// s·√(1/n + x̄²/Sxx).
    public let interceptStandardError: Double
    /// s = √(Σ residual² / (n − 2)), the residual standard error (R's "sigma").
    public let residualStandardError: Double
    /// The number of points fitted.
    public let n: Int
    /// x̄, kept for prediction intervals.
    public let meanX: Double
    /// Sxx = Σ(x − x̄)², kept for prediction intervals.
    public let sumSquaresX: Double

    public init(slope: Double, intercept: Double, slopeStandardError: Double,
                interceptStandardError: Double, residualStandardError: Double,
                n: Int, meanX: Double, sumSquaresX: Double) {
        self.slope = slope
        self.intercept = intercept
        self.slopeStandardError = slopeStandardError
        self.interceptStandardError = interceptStandardError
        self.residualStandardError = residualStandardError
        self.n = n
        self.meanX = meanX
        self.sumSquaresX = sumSquaresX
    }

    /// The residual degrees of freedom, n − 2.
    public var degreesOfFreedom: Int { n - 2 }

    /// The two-sided interval slope ± t_{(1+level)/2, n−2}·SE(slope), as R
    /// `confint(lm(y ~ x))`. NaN bounds for a level outside (0, 1).
    public func slopeInterval(level: Double = 0.95) -> (low: Double, high: Double) {
        let critical = StudentT.quantile((1 + level) / 2, degreesOfFreedom: Double(degreesOfFreedom))
        return slopeInterval(criticalValue: critical)
    }

    /// The slope interval for a given critical value t* (for callers that
    /// reuse one quantile across many fits).
    public func slopeInterval(criticalValue: Double) -> (low: Double, high: Double) {
        let halfWidth = criticalValue * slopeStandardError
        return (slope - halfWidth, slope + halfWidth)
    }

    /// The fitted value at `x` with the interval for a *new observation*
    /// there, ŷ ± t_{(1+level)/2, n−2}·s·√(1 + 1/n + (x − x̄)²/Sxx), as R
    /// `predict(fit, newdata, interval = "prediction")`.
    public func predictionInterval(at x: Double, level: Double = 0.95) -> (estimate: Double, low: Double, high: Double) {
        let estimate = intercept + slope * x
        let critical = StudentT.quantile((1 + level) / 2, degreesOfFreedom: Double(degreesOfFreedom))
        let deviation = x - meanX
        let standardError = residualStandardError
            * (1 + 1 / Double(n) + deviation * deviation / sumSquaresX).squareRoot()
        return (estimate, estimate - critical * standardError, estimate + critical * standardError)
    }

    /// The fitted value at `x` with the interval for the *mean response*
    /// there (R `interval = "confidence"`): ŷ ± t·s·√(1/n + (x − x̄)²/Sxx).
    public func confidenceInterval(at x: Double, level: Double = 0.95) -> (estimate: Double, low: Double, high: Double) {
        let estimate = intercept + slope * x
        let critical = StudentT.quantile((1 + level) / 2, degreesOfFreedom: Double(degreesOfFreedom))
        let deviation = x - meanX
        let standardError = residualStandardError
            * (1 / Double(n) + deviation * deviation / sumSquaresX).squareRoot()
        return (estimate, estimate - critical * standardError, estimate + critical * standardError)
    }
}

/// Simple linear regression of y on one predictor x.
public enum LinearRegression {
    /// The OLS fit of `y` on `x`, from centred sums (two passes, no normal
    /// equations), so a large offset in x (years such as 2023) costs no
    /// accuracy.
    ///
    /// - Throws: `lengthMismatch`; `nonFinite` naming the first NaN/Inf
    ///   (x checked before y); `tooFewPoints(needed: 3, …)` for n < 3, where
    ///   no standard error exists; `constantPredictor` when all x are equal.
    public static func fit(x: [Double], y: [Double]) throws -> LinearFit {
        try InputCheck.sameLength(x, y)
        try InputCheck.finite(x)
        try InputCheck.finite(y)
        guard x.count >= 3 else { throw StatisticsError.tooFewPoints(needed: 3, got: x.count) }
        let fit = x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in TrendKernels.ordinaryLeastSquares(x: xs, y: ys) }
        }
        guard let fit else { throw StatisticsError.constantPredictor }
        return fit
    }
}
