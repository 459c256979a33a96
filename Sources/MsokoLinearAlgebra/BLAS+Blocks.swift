import COpenBLAS

extension BLAS {
    /// `C ← alpha · A · Bᵀ + beta · C` on row-major blocks given by pointers:
    /// `A` is `m × k` with leading dimension `lda`, `B` is `n × k` with
    /// leading dimension `ldb`, `C` is `m × n` with leading dimension `ldc`.
    ///
    /// This is the distance kernel's product of a block of points (rows of a
    /// row-major point table) with the centres (rows of a row-major `k × d`
    /// table): the caller owns the memory and guarantees the extents; nothing
    /// is copied. A call with `m`, `n` or `k` zero does nothing (beta is not
    /// applied), so callers never pass zero-sized blocks expecting a scaling.
    public static func gemmRowMajorTransposedB(
        rows m: Int, columns n: Int, inner k: Int,
        alpha: Double,
        _ a: UnsafePointer<Double>, leadingDimensionA lda: Int,
        _ b: UnsafePointer<Double>, leadingDimensionB ldb: Int,
        beta: Double,
        into c: UnsafeMutablePointer<Double>, leadingDimensionC ldc: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
