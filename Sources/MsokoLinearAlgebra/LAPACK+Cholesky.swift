import COpenBLAS

/// The Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix.
public struct CholeskyFactorization: Sendable {
    /// The lower-triangular factor L (zeros above the diagonal).
    public let lower: Matrix

    /// Solves A·X = B through LAPACK `dpotrs` with the stored factor.
    /// - Throws: `dimensionMismatch`; `nonFinite` in B.
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == lower.rows else {
            throw LinearAlgebraError.dimensionMismatch("Cholesky solve: A is \(lower.rows)×\(lower.rows), B is \(b.rows)×\(b.columns)")
        }
        if b.columns == 0 { return b }
        try b.checkFinite()
        var uplo = Int8(UInt8(ascii: "L"))
        var n = try BLAS.int32(lower.rows, "order"), nrhs = try BLAS.int32(b.columns, "right-hand sides")
        var lda = n, ldb = n
        var x = b.elements
        var info: Int32 = 0
        lower.elements.withUnsafeBufferPointer { factor in
            dpotrs_(&uplo, &n, &nrhs, factor.baseAddress, &lda, &x, &ldb, &info, 1)
        }
        try LAPACK.check("dpotrs", info)
        return Matrix(rows: b.rows, columns: b.columns, columnMajor: x)
    }

    /// Solves A·x = b for one vector.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
    }
}

extension Matrix {
    /// The Cholesky factor through LAPACK `dpotrf`; only the lower triangle
    /// is read.
    ///
    /// - Throws: `dimensionMismatch` for a non-square matrix; `empty`;
    ///   `nonFinite`; `computationFailed(routine: "dpotrf", info: k)` when the
    ///   leading minor of order k is not positive (the matrix is not
    ///   positive definite, e.g. singular).
    public func cholesky() throws -> CholeskyFactorization {
        guard rows == columns else {
            throw LinearAlgebraError.dimensionMismatch("Cholesky of a non-square \(rows)×\(columns) matrix")
        }
        guard rows > 0 else { throw LinearAlgebraError.empty("Cholesky of a 0×0 matrix") }
        for j in 0..<columns {
            for i in j..<rows where !self[i, j].isFinite {
                throw LinearAlgebraError.nonFinite(row: i, column: j, value: self[i, j])
            }
        }
        var uplo = Int8(UInt8(ascii: "L"))
        var n = try BLAS.int32(rows, "order")
        var lda = n
        var a = elements
        var info: Int32 = 0
        dpotrf_(&uplo, &n, &a, &lda, &info, 1)
        try LAPACK.check("dpotrf", info)
        for j in 1..<max(columns, 1) {
            for i in 0..<j { a[i + j * rows] = 0 }
        }
        return CholeskyFactorization(lower: Matrix(rows: rows, columns: columns, columnMajor: a))
    }
}
