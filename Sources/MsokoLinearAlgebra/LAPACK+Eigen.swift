import COpenBLAS

/// The eigen-decomposition A = V·diag(λ)·Vᵀ of a symmetric matrix.
public struct SymmetricEigenDecomposition: Sendable {
    /// The eigenvalues in ascending order (as LAPACK and numpy `eigh`).
    public let eigenvalues: [Double]
    /// Orthonormal eigenvectors as columns, column j belonging to
    /// `eigenvalues[j]`; nil when only eigenvalues were asked for. Each
    /// vector's sign is LAPACK's (arbitrary); callers that need a fixed sign
    /// fix it themselves.
    public let eigenvectors: Matrix?
}

extension Matrix {
    /// The eigenvalues (and, by default, eigenvectors) of a symmetric matrix
    /// through LAPACK `dsyevr` (relatively robust representations, Dhillon &
    /// Parlett), with the absolute tolerance at the safe minimum for the
    /// highest relative accuracy LAPACK offers.
    ///
    /// Only the lower triangle is read (as LAPACK and numpy `eigh` do); the
    /// caller is responsible for symmetry.
    ///
    /// - Throws: `dimensionMismatch` for a non-square matrix; `empty`;
    ///   `nonFinite` naming the first NaN/Inf of the lower triangle;
    ///   `computationFailed` when `dsyevr` does not converge.
    public func symmetricEigenDecomposition(computeEigenvectors: Bool = true) throws -> SymmetricEigenDecomposition {
        guard rows == columns else {
            throw LinearAlgebraError.dimensionMismatch("eigen-decomposition of a non-square \(rows)×\(columns) matrix")
        }
        guard rows > 0 else { throw LinearAlgebraError.empty("eigen-decomposition of a 0×0 matrix") }
        for j in 0..<columns {
            for i in j..<rows where !self[i, j].isFinite {
                throw LinearAlgebraError.nonFinite(row: i, column: j, value: self[i, j])
            }
        }
        var n = try BLAS.int32(rows, "order")
        var a = elements
        var lda = n
        var jobz = Int8(UInt8(ascii: computeEigenvectors ? "V" : "N"))
        var range = Int8(UInt8(ascii: "A"))
        var uplo = Int8(UInt8(ascii: "L"))
        var lowerValue = 0.0, upperValue = 0.0
        var lowerIndex: Int32 = 0, upperIndex: Int32 = 0
        var absoluteTolerance = Double.leastNormalMagnitude
        var found: Int32 = 0
        var w = [Double](repeating: 0, count: rows)
        var z = [Double](repeating: 0, count: computeEigenvectors ? rows * rows : 1)
        var ldz = computeEigenvectors ? n : 1
        var support = [Int32](repeating: 0, count: 2 * rows)
        var info: Int32 = 0
        // Workspace query: lwork = liwork = −1 return the optimal sizes.
        var lwork: Int32 = -1, liwork: Int32 = -1
        var workQuery = [0.0]
        var iworkQuery: [Int32] = [0]
        dsyevr_(&jobz, &range, &uplo, &n, &a, &lda, &lowerValue, &upperValue, &lowerIndex, &upperIndex,
                &absoluteTolerance, &found, &w, &z, &ldz, &support, &workQuery, &lwork, &iworkQuery, &liwork,
                &info, 1, 1, 1)
        try LAPACK.check("dsyevr", info)
        lwork = max(Int32(workQuery[0].rounded(.up)), 26 * n)
        liwork = max(iworkQuery[0], 10 * n)
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        dsyevr_(&jobz, &range, &uplo, &n, &a, &lda, &lowerValue, &upperValue, &lowerIndex, &upperIndex,
                &absoluteTolerance, &found, &w, &z, &ldz, &support, &work, &lwork, &iwork, &liwork,
                &info, 1, 1, 1)
        try LAPACK.check("dsyevr", info)
        guard Int(found) == rows else { throw LinearAlgebraError.computationFailed(routine: "dsyevr", info: Int(found)) }
        return SymmetricEigenDecomposition(
            eigenvalues: w,
            eigenvectors: computeEigenvectors ? Matrix(rows: rows, columns: rows, columnMajor: z) : nil)
    }
}
