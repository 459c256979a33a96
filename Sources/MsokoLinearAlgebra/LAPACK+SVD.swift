import COpenBLAS

/// The thin singular value decomposition `A = U · diag(S) · Vᵀ`.
public struct SingularValueDecomposition: Sendable {
    /// `m × r` left singular vectors, `r = min(m, n)`.
    public let u: Matrix
    /// The `r` singular values, non-increasing, non-negative.
    public let singularValues: [Double]
    /// `r × n` right singular vectors, transposed.
    public let vt: Matrix
}

extension Matrix {
    /// The thin SVD through LAPACK `dgesdd` (divide and conquer).
    ///
    /// - Throws: `nonFinite` naming the first NaN/Inf; `empty` for a matrix
    ///   with no elements; `computationFailed` when `dgesdd` does not converge.
    public func singularValueDecomposition() throws -> SingularValueDecomposition {
        guard rows > 0, columns > 0 else { throw LinearAlgebraError.empty("SVD of a \(rows)×\(columns) matrix") }
        try checkFinite()
        var m = Int32(rows), n = Int32(columns)
        let r = Int(min(m, n))
        var a = elements
        var lda = m
        var s = [Double](repeating: 0, count: r)
        var u = [Double](repeating: 0, count: rows * r)
        var ldu = m
        var vt = [Double](repeating: 0, count: r * columns)
        var ldvt = Int32(r)
        var iwork = [Int32](repeating: 0, count: 8 * r)
        var info: Int32 = 0
        var jobz = Int8(UInt8(ascii: "S"))
        // Workspace query: lwork = -1 returns the optimal size in work[0].
        var lwork: Int32 = -1
        var query = [Double](repeating: 0, count: 1)
        dgesdd_(&jobz, &m, &n, &a, &lda, &s, &u, &ldu, &vt, &ldvt, &query, &lwork, &iwork, &info, 1)
        try LAPACK.check("dgesdd", info)
        lwork = Int32(query[0].rounded(.up))
        var work = [Double](repeating: 0, count: Int(max(lwork, 1)))
        dgesdd_(&jobz, &m, &n, &a, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &iwork, &info, 1)
        try LAPACK.check("dgesdd", info)
        return SingularValueDecomposition(
            u: Matrix(rows: rows, columns: r, columnMajor: u),
            singularValues: s,
            vt: Matrix(rows: r, columns: columns, columnMajor: vt))
    }
}

/// Shared handling of LAPACK's `info` codes.
enum LAPACK {
    static func check(_ routine: String, _ info: Int32) throws {
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, argument: Int(-info)) }
        if info > 0 { throw LinearAlgebraError.computationFailed(routine: routine, info: Int(info)) }
    }
}
