import MsokoLinearAlgebra
import MsokoStatistics

/// Column z-scores: `(x − mean) / sd` with the population standard deviation
/// (divide by `n`), as scikit-learn's `StandardScaler`.
///
/// A constant column (every value identical, compared exactly) has no scale:
/// it becomes all zeros and is listed in `constantColumns`, so callers can
/// warn rather than divide by zero.
public struct Standardization: Sendable {
    /// The column means.
    public let means: [Double]
    /// The population standard deviations (0 for constant columns).
    public let standardDeviations: [Double]
    /// 0-based indices of the constant columns.
    public let constantColumns: [Int]
    /// The standardised matrix.
    public let standardized: Matrix

    /// Standardises the columns of `matrix` (which should be finite).
    public init(_ matrix: Matrix) {
        var means = [Double](repeating: 0, count: matrix.columns)
        var deviations = [Double](repeating: 0, count: matrix.columns)
        var constant: [Int] = []
        var result = matrix
        for column in 0..<matrix.columns {
            let values = matrix.column(column)
            guard let first = values.first else { continue }
            // The statistics layer's mean and population deviation (corrected
            // two-pass), as `Descriptive.zScores` uses for a single series.
            let mean = Descriptive.mean(values)
            means[column] = mean
            if values.allSatisfy({ $0 == first }) {
                constant.append(column)
                for row in 0..<matrix.rows { result[row, column] = 0 }
                continue
            }
            let deviation = Descriptive.standardDeviation(values, sample: false)
            deviations[column] = deviation
            for row in 0..<matrix.rows { result[row, column] = (matrix[row, column] - mean) / deviation }
        }
        self.means = means
        self.standardDeviations = deviations
        self.constantColumns = constant
        self.standardized = result
    }
}
