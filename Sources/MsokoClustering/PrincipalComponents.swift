import MsokoLinearAlgebra

/// Principal component analysis through the thin SVD of the centred data
/// `X − 1·meanᵀ = U·S·Vᵀ` (LAPACK `dgesdd`), as scikit-learn's `PCA` with
/// the full solver:
///
/// - explained variance of component `j`: `S_j² / (n − 1)`;
/// - explained variance ratio: that over the total variance `Σ var(column)`
///   (sample variances, `n − 1`), so the ratios of the kept components sum
///   to at most 1; 0 when the data have no variance at all;
/// - loadings (`components`, one row per component): the rows of `Vᵀ`;
/// - scores: `(X − mean)·V = U·S`.
///
/// Signs are fixed so that in each component the loading of largest
/// magnitude is positive (the first such loading on exact ties), with the
/// scores flipped alike; this makes the output reproducible across LAPACK
/// builds.
public struct PrincipalComponents: Sendable {
    /// `S_j² / (n − 1)` for the kept components, non-increasing.
    public let explainedVariance: [Double]
    /// `explainedVariance / total variance`.
    public let explainedVarianceRatio: [Double]
    /// `c × d` loadings, one row per component.
    public let components: Matrix
    /// `n × c` scores, one row per input row.
    public let scores: Matrix
    /// The column means subtracted before the decomposition.
    public let means: [Double]

    /// Analyses the rows of `data` (`n × d`), keeping `componentCount`
    /// components (default and maximum: `min(n, d)`).
    ///
    /// - Throws: `PrincipalComponentsError` for fewer than 2 rows, no column,
    ///   a non-finite element, or a component count outside `1…min(n, d)`;
    ///   `LinearAlgebraError` if the SVD does not converge.
    public init(_ data: Matrix, componentCount: Int? = nil) throws {
        let rows = data.rows, columns = data.columns
        guard rows >= 2, columns >= 1 else { throw PrincipalComponentsError.tooFewRows(rows: rows, columns: columns) }
        if let position = data.firstNonFinite {
            throw PrincipalComponentsError.nonFinite(row: position.row, column: position.column, value: data[position.row, position.column])
        }
        let available = min(rows, columns)
        let kept = componentCount ?? available
        guard kept >= 1, kept <= available else {
            throw PrincipalComponentsError.invalidComponentCount(kept, maximum: available)
        }
        var centred = data
        var means = [Double](repeating: 0, count: columns)
        var totalVariance = 0.0
        for column in 0..<columns {
            var sum = 0.0
            for row in 0..<rows { sum += data[row, column] }
            let mean = sum / Double(rows)
            means[column] = mean
            var squares = 0.0
            for row in 0..<rows {
                let deviation = data[row, column] - mean
                centred[row, column] = deviation
                squares += deviation * deviation
            }
            totalVariance += squares / Double(rows - 1)
        }
        let svd = try centred.singularValueDecomposition()
        var variance = [Double](repeating: 0, count: kept)
        var ratio = [Double](repeating: 0, count: kept)
        var loadings = Matrix(rows: kept, columns: columns)
        var scores = Matrix(rows: rows, columns: kept)
        for component in 0..<kept {
            let singular = svd.singularValues[component]
            variance[component] = singular * singular / Double(rows - 1)
            ratio[component] = totalVariance > 0 ? variance[component] / totalVariance : 0
            var largest = 0
            for column in 0..<columns where abs(svd.vt[component, column]) > abs(svd.vt[component, largest]) {
                largest = column
            }
            let sign: Double = svd.vt[component, largest] < 0 ? -1 : 1
            for column in 0..<columns { loadings[component, column] = sign * svd.vt[component, column] }
            for row in 0..<rows { scores[row, component] = sign * svd.u[row, component] * singular }
        }
        self.explainedVariance = variance
        self.explainedVarianceRatio = ratio
        self.components = loadings
        self.scores = scores
        self.means = means
    }
}

/// Why PCA could not run. Positions are 0-based.
public enum PrincipalComponentsError: Error, Equatable, CustomStringConvertible {
    case tooFewRows(rows: Int, columns: Int)
    case nonFinite(row: Int, column: Int, value: Double)
    case invalidComponentCount(Int, maximum: Int)

    public var description: String {
        switch self {
        case .tooFewRows(let rows, let columns):
            return "PCA needs at least 2 rows and 1 numeric column, got \(rows) × \(columns)"
        case .nonFinite(let row, let column, let value):
            return "non-finite value \(value) at row \(row + 1), column \(column + 1)"
        case .invalidComponentCount(let count, let maximum):
            return "the number of components must be between 1 and \(maximum) (min(rows, columns)), got \(count)"
        }
    }
}
