import Testing
@testable import MsokoStatistics
import MsokoTestSupport

@Suite("Normal and Student-t distributions")
struct DistributionTests {
    @Test("normal CDF and quantile match scipy 1.17.1 stats.norm, tails included")
    func normal() {
        #expect(isApproximatelyEqual(Normal.quantile(0.975), 1.959963984540054, absoluteTolerance: 1e-13, relativeTolerance: 1e-13))      // norm.ppf(0.975)
        #expect(isApproximatelyEqual(Normal.quantile(0.3), -0.5244005127080409, absoluteTolerance: 1e-13, relativeTolerance: 1e-13))      // norm.ppf(0.3)
        #expect(isApproximatelyEqual(Normal.quantile(1e-10), -6.361340902404056, absoluteTolerance: 1e-13, relativeTolerance: 1e-13))     // norm.ppf(1e-10)
        #expect(isApproximatelyEqual(Normal.cdf(-1.3), 0.09680048458561036, relativeTolerance: 1e-13)) // norm.cdf(-1.3)
        #expect(isApproximatelyEqual(Normal.cdf(-20), 2.7536241186061556e-89, relativeTolerance: 1e-12)) // norm.cdf(-20)
        #expect(Normal.quantile(0) == -.infinity && Normal.quantile(1) == .infinity)
        #expect(Normal.quantile(1.5).isNaN && Normal.quantile(.nan).isNaN)
    }

    /// scipy 1.17.1: (df, t.ppf(0.975, df), t.ppf(0.001, df), t.cdf(-3.2, df), t.cdf(1.1, df), t.sf(40, df))
    static let studentReference: [(Double, Double, Double, Double, Double, Double)] = [
        (1, 12.706204736174694, -318.30883898555044, 0.09641124797922958, 0.7651461721883681, 0.007956089912025812),
        (2, 4.302652729749462, -22.327124770119873, 0.04267043961997642, 0.8069800647022711, 0.0003122073360923703),
        (5, 2.5705818356363146, -5.893429531356009, 0.011997588401650239, 0.839274589503683, 9.205981085886477e-08),
        (30, 2.0422724563012378, -3.385184866829305, 0.0016193008559765656, 0.8599595409561801, 6.863022597203209e-28),
        (1000, 1.9623390808264083, -3.0984021639129233, 0.0007087691521587772, 0.8642015743040109, 5.239426077586636e-210),
        (2.5, 3.5746548420036817, -13.822193110865964, 0.031705514118190725, 0.8170652498325902, 7.09781714524669e-05),
        (0.7, 36.611415031588656, -3637.0146301057393, 0.1356922860915678, 0.7379995873051489, 0.02349836693938258),
    ]

    @Test("Student-t quantiles match scipy 1.17.1 t.ppf for df 1, 2, 5, 30, 1000, 2.5 and 0.7",
          arguments: studentReference)
    func studentQuantile(_ row: (Double, Double, Double, Double, Double, Double)) {
        let (df, upper, lower, _, _, _) = row
        #expect(isApproximatelyEqual(StudentT.quantile(0.975, degreesOfFreedom: df), upper, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "df \(df)")
        #expect(isApproximatelyEqual(StudentT.quantile(0.001, degreesOfFreedom: df), lower, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "df \(df)")
        #expect(isApproximatelyEqual(StudentT.quantile(0.025, degreesOfFreedom: df), -upper, absoluteTolerance: 1e-9, relativeTolerance: 1e-9), "df \(df)")
    }

    @Test("Student-t CDF matches scipy 1.17.1 t.cdf and t.sf in relative terms, far tails included",
          arguments: studentReference)
    func studentCDF(_ row: (Double, Double, Double, Double, Double, Double)) {
        let (df, _, _, atMinus32, atPlus11, survivalAt40) = row
        #expect(isApproximatelyEqual(StudentT.cdf(-3.2, degreesOfFreedom: df), atMinus32, relativeTolerance: 1e-9), "df \(df)")
        #expect(isApproximatelyEqual(StudentT.cdf(1.1, degreesOfFreedom: df), atPlus11, relativeTolerance: 1e-9), "df \(df)")
        #expect(isApproximatelyEqual(StudentT.survival(40, degreesOfFreedom: df), survivalAt40, relativeTolerance: 1e-9), "df \(df)")
    }

    @Test("quantile inverts the CDF and is antisymmetric")
    func roundTrip() {
        for df in [1.0, 3, 7.5, 50, 400] {
            for p in [0.0001, 0.05, 0.3, 0.5, 0.8, 0.999] {
                let t = StudentT.quantile(p, degreesOfFreedom: df)
                #expect(isApproximatelyEqual(StudentT.cdf(t, degreesOfFreedom: df), p, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
                #expect(StudentT.quantile(1 - p, degreesOfFreedom: df) == -t || isApproximatelyEqual(StudentT.quantile(1 - p, degreesOfFreedom: df), -t, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
            }
        }
    }

    @Test("invalid degrees of freedom or probabilities give NaN; p = 0 and 1 give ∓∞")
    func domain() {
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 0).isNaN)
        #expect(StudentT.cdf(1, degreesOfFreedom: -2).isNaN)
        #expect(StudentT.quantile(-0.1, degreesOfFreedom: 5).isNaN)
        #expect(StudentT.quantile(0, degreesOfFreedom: 5) == -.infinity)
        #expect(StudentT.quantile(1, degreesOfFreedom: 5) == .infinity)
        #expect(isApproximatelyEqual(StudentT.quantile(0.975, degreesOfFreedom: .infinity), 1.959963984540054, absoluteTolerance: 1e-13, relativeTolerance: 1e-13))
    }
}
