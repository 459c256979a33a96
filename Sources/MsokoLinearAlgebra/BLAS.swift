import COpenBLAS

/// Level-3 and level-1 BLAS on `Matrix`, through OpenBLAS's CBLAS.
public enum BLAS {
    /// Sets the number of threads OpenBLAS uses for subsequent calls.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The number of threads OpenBLAS will use.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// `C ← alpha · op(A) · op(B) + beta · C`, where `op` transposes when asked.
    ///
    /// - Throws: `LinearAlgebraError.dimensionMismatch` when the shapes do not fit.
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false,
        _ b: Matrix, transposeB: Bool = false,
        alpha: Double = 1, beta: Double = 0, into c: inout Matrix
    ) throws {
        try gemm(a.wholeView, transposeA: transposeA, b.wholeView, transposeB: transposeB,
                 alpha: alpha, beta: beta, into: &c)
    }

    /// `op(A) · op(B)` as a new matrix.
    public static func product(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false
    ) throws -> Matrix {
        var c = Matrix(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
        try gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }
}
