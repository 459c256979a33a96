import COpenBLAS

/// The minimum-norm least-squares solution of A·X ≈ B.
public struct LeastSquaresSolution: Sendable {
    /// The n × k solution X (n = columns of A, k = columns of B).
    public let solution: Matrix
    /// The effective rank of A: singular values above rcond·σ₁ count.
    public let rank: Int
    /// The singular values of A, non-increasing.
    public let singularValues: [Double]
}

extension Matrix {
    /// Minimises ‖B − A·X‖₂ column by column through LAPACK `dgelsd` (SVD,
    /// divide and conquer); for a rank-deficient A it returns the solution of
    /// smallest norm, as numpy `linalg.lstsq` and R's `lm.fit` pivoting do not
    /// (R drops columns instead).
    ///
    /// - Parameters:
    ///   - b: the m × k right-hand sides (m = rows of A).
    ///   - rcond: singular values ≤ rcond·σ₁ are treated as zero; the default
    ///     ε·max(m, n) is numpy's.
    /// - Throws: `dimensionMismatch`; `empty`; `nonFinite` (A checked first);
    ///   `computationFailed` when the SVD does not converge.
    public func leastSquares(_ b: Matrix, rcond: Double? = nil) throws -> LeastSquaresSolution {
        guard b.rows == rows else {
            throw LinearAlgebraError.dimensionMismatch("least squares: A is \(rows)×\(columns), B is \(b.rows)×\(b.columns)")
        }
        guard rows > 0, columns > 0, b.columns > 0 else {
            throw LinearAlgebraError.empty("least squares with A \(rows)×\(columns), B \(b.rows)×\(b.columns)")
        }
        try checkFinite()
        try b.checkFinite()
        var m = try BLAS.int32(rows, "rows"), n = try BLAS.int32(columns, "columns")
        var nrhs = try BLAS.int32(b.columns, "right-hand sides")
        let leading = max(rows, columns)
        var a = elements
        var lda = m
        // B must hold max(m, n) rows: the n-row solution is written over it.
        var x = [Double](repeating: 0, count: leading * b.columns)
        for j in 0..<b.columns {
            for i in 0..<rows { x[i + j * leading] = b.elements[i + j * rows] }
        }
        var ldb = try BLAS.int32(leading, "leading dimension")
        var s = [Double](repeating: 0, count: min(rows, columns))
        var threshold = rcond ?? Double.ulpOfOne * Double(leading)
        var rank: Int32 = 0
        var info: Int32 = 0
        var lwork: Int32 = -1
        var workQuery = [0.0]
        var iworkQuery: [Int32] = [0]
        dgelsd_(&m, &n, &nrhs, &a, &lda, &x, &ldb, &s, &threshold, &rank, &workQuery, &lwork, &iworkQuery, &info)
        try LAPACK.check("dgelsd", info)
        lwork = Int32(workQuery[0].rounded(.up))
        var work = [Double](repeating: 0, count: Int(max(lwork, 1)))
        var iwork = [Int32](repeating: 0, count: Int(max(iworkQuery[0], 1)))
        dgelsd_(&m, &n, &nrhs, &a, &lda, &x, &ldb, &s, &threshold, &rank, &work, &lwork, &iwork, &info)
        try LAPACK.check("dgelsd", info)
        var solution = Matrix(rows: columns, columns: b.columns)
        for j in 0..<b.columns {
            for i in 0..<columns { solution.elements[i + j * columns] = x[i + j * leading] }
        }
        return LeastSquaresSolution(solution: solution, rank: Int(rank), singularValues: s)
    }

    /// The least-squares solution for one right-hand side vector.
    public func leastSquares(_ b: [Double], rcond: Double? = nil) throws -> (solution: [Double], rank: Int) {
        let result = try leastSquares(Matrix(rows: b.count, columns: 1, columnMajor: b), rcond: rcond)
        return (result.solution.elements, result.rank)
    }
}
