import COpenBLAS

/// Level-1 and level-2 BLAS and the symmetric rank-k update.
extension BLAS {
    /// Throws unless a dimension fits BLAS's 32-bit integers.
    static func int32(_ value: Int, _ what: String) throws -> Int32 {
        guard let result = Int32(exactly: value) else {
            throw LinearAlgebraError.dimensionMismatch("\(what) = \(value) exceeds the 32-bit BLAS interface")
        }
        return result
    }

    /// xᵀy.
    /// - Throws: `dimensionMismatch` for different lengths.
    public static func dot(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count else {
            throw LinearAlgebraError.dimensionMismatch("dot of vectors of lengths \(x.count) and \(y.count)")
        }
        let n = try int32(x.count, "vector length")
        if n == 0 { return 0 }
        return cblas_ddot(n, x, 1, y, 1)
    }

    /// y ← alpha·x + y.
    /// - Throws: `dimensionMismatch` for different lengths.
    public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) throws {
        guard x.count == y.count else {
            throw LinearAlgebraError.dimensionMismatch("axpy of vectors of lengths \(x.count) and \(y.count)")
        }
        let n = try int32(x.count, "vector length")
        if n == 0 { return }
        y.withUnsafeMutableBufferPointer { cblas_daxpy(n, alpha, x, 1, $0.baseAddress, 1) }
    }

    /// The Euclidean norm ‖x‖₂, computed by OpenBLAS with scaling so that it
    /// neither overflows nor underflows for representable results.
    public static func nrm2(_ x: [Double]) -> Double {
        guard !x.isEmpty, let n = Int32(exactly: x.count) else {
            return x.isEmpty ? 0 : x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
        return cblas_dnrm2(n, x, 1)
    }

    /// y ← alpha·op(A)·x + beta·y, op(A) = A or Aᵀ.
    /// - Throws: `dimensionMismatch` when the shapes do not fit.
    public static func gemv(_ a: MatrixView, transpose: Bool = false, _ x: [Double],
                            alpha: Double = 1, beta: Double = 0, into y: inout [Double]) throws {
        let outputLength = transpose ? a.columns : a.rows
        let inputLength = transpose ? a.rows : a.columns
        guard x.count == inputLength, y.count == outputLength else {
            throw LinearAlgebraError.dimensionMismatch(
                "gemv: op(A) is \(outputLength)×\(inputLength), x has \(x.count), y has \(y.count)")
        }
        if outputLength == 0 { return }
        if inputLength == 0 {
            for index in y.indices { y[index] *= beta }
            return
        }
        let m = try int32(a.rows, "rows"), n = try int32(a.columns, "columns")
        a.withUnsafePointer { pointer, leading in
            y.withUnsafeMutableBufferPointer { output in
                cblas_dgemv(CblasColMajor, transpose ? CblasTrans : CblasNoTrans, m, n, alpha,
                            pointer, leading, x, 1, beta, output.baseAddress, 1)
            }
        }
    }

    /// y ← alpha·op(A)·x + beta·y on a whole matrix.
    public static func gemv(_ a: Matrix, transpose: Bool = false, _ x: [Double],
                            alpha: Double = 1, beta: Double = 0, into y: inout [Double]) throws {
        try gemv(a.wholeView, transpose: transpose, x, alpha: alpha, beta: beta, into: &y)
    }

    /// op(A)·x as a new vector.
    public static func product(_ a: Matrix, transposeA: Bool = false, _ x: [Double]) throws -> [Double] {
        var y = [Double](repeating: 0, count: transposeA ? a.columns : a.rows)
        try gemv(a, transpose: transposeA, x, into: &y)
        return y
    }

    /// C ← alpha·op(A)·op(A)ᵀ + beta·C for symmetric C (`dsyrk`): op(A) = A
    /// gives A·Aᵀ, `transpose: true` gives Aᵀ·A. BLAS computes one triangle;
    /// the other is then mirrored so that C is a complete symmetric matrix.
    /// - Throws: `dimensionMismatch` when C is not the right square size.
    public static func syrk(_ a: MatrixView, transpose: Bool = false,
                            alpha: Double = 1, beta: Double = 0, into c: inout Matrix) throws {
        let n = transpose ? a.columns : a.rows
        let k = transpose ? a.rows : a.columns
        guard c.rows == n, c.columns == n else {
            throw LinearAlgebraError.dimensionMismatch("syrk: op(A)·op(A)ᵀ is \(n)×\(n), C is \(c.rows)×\(c.columns)")
        }
        if n == 0 { return }
        if k == 0 {
            for index in c.elements.indices { c.elements[index] *= beta }
            return
        }
        let n32 = try int32(n, "order"), k32 = try int32(k, "inner dimension")
        a.withUnsafePointer { pointer, leading in
            c.elements.withUnsafeMutableBufferPointer { output in
                cblas_dsyrk(CblasColMajor, CblasLower, transpose ? CblasTrans : CblasNoTrans,
                            n32, k32, alpha, pointer, leading, beta, output.baseAddress, n32)
            }
        }
        for j in 0..<n {
            for i in (j + 1)..<max(n, j + 1) { c.elements[j + i * n] = c.elements[i + j * n] }
        }
    }

    /// Aᵀ·A (the Gram matrix of the columns), complete and symmetric.
    public static func gram(_ a: Matrix) throws -> Matrix {
        var c = Matrix(rows: a.columns, columns: a.columns)
        try syrk(a.wholeView, transpose: true, into: &c)
        return c
    }

    /// C ← alpha·op(A)·op(B) + beta·C on views (blocks of larger matrices).
    /// - Throws: `dimensionMismatch` when the shapes do not fit.
    public static func gemm(
        _ a: MatrixView, transposeA: Bool = false,
        _ b: MatrixView, transposeB: Bool = false,
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
        let m32 = try int32(m, "rows"), n32 = try int32(n, "columns"), k32 = try int32(k, "inner dimension")
        a.withUnsafePointer { pa, lda in
            b.withUnsafePointer { pb, ldb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasColMajor,
                                transposeA ? CblasTrans : CblasNoTrans,
                                transposeB ? CblasTrans : CblasNoTrans,
                                m32, n32, k32, alpha, pa, lda, pb, ldb, beta, pc.baseAddress, m32)
                }
            }
        }
    }
}
