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
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        guard k == kb, c.rows == m, c.columns == n else {
            throw LinearAlgebraError.dimensionMismatch(
                "gemm: op(A) is \(m)×\(k), op(B) is \(kb)×\(n), C is \(c.rows)×\(c.columns)")
        }
        if m == 0 || n == 0 { return }
        if k == 0 {
            for index in c.elements.indices { c.elements[index] *= beta }
            return
        }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(
                        CblasColMajor,
                        transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha,
                        pa.baseAddress, Int32(max(1, a.rows)),
                        pb.baseAddress, Int32(max(1, b.rows)),
                        beta, pc.baseAddress, Int32(max(1, m)))
                }
            }
        }
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
