import Testing
@testable import MsokoLinearAlgebra
import MsokoTestSupport


@Suite("LAPACK decompositions")
struct DecompositionTests {
    let spd = Matrix([[4, 1, 2], [1, 3, 0.5], [2, 0.5, 5]])

    @Test("singular values of a 4×3 matrix match numpy 2.4.6 linalg.svd")
    func singularValues() throws {
        let m = Matrix([[2, 0, 1], [1, 3, -1], [0, 1, 4], [1, 1, 1]])
        let svd = try m.singularValueDecomposition()
        // numpy 2.4.6 np.linalg.svd(M, compute_uv=False)
        let expected = [4.484381758091186, 3.48558508803603, 1.9341708408927745]
        for (a, e) in zip(svd.singularValues, expected) { #expect(isApproximatelyEqual(a, e, absoluteTolerance: 1e-12, relativeTolerance: 1e-12)) }
        #expect(svd.u.rows == 4 && svd.u.columns == 3 && svd.vt.rows == 3)
    }

    @Test("symmetric eigenvalues ascend and match numpy eigh; A·v = λ·v")
    func eigen() throws {
        let decomposition = try spd.symmetricEigenDecomposition()
        // numpy 2.4.6 np.linalg.eigh(A)[0]
        let expected = [2.0965216172967187, 3.0722239520050754, 6.831254430698205]
        for (a, e) in zip(decomposition.eigenvalues, expected) { #expect(isApproximatelyEqual(a, e, absoluteTolerance: 1e-12, relativeTolerance: 1e-12)) }
        let vectors = try #require(decomposition.eigenvectors)
        for j in 0..<3 {
            let v = vectors.column(j)
            let av = try BLAS.product(spd, v)
            for i in 0..<3 { #expect(isApproximatelyEqual(av[i], decomposition.eigenvalues[j] * v[i], absoluteTolerance: 1e-12, relativeTolerance: 1e-12)) }
            #expect(isApproximatelyEqual(BLAS.nrm2(v), 1, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
        }
        let valuesOnly = try spd.symmetricEigenDecomposition(computeEigenvectors: false)
        #expect(valuesOnly.eigenvectors == nil)
        #expect(zip(valuesOnly.eigenvalues, expected).allSatisfy { isApproximatelyEqual($0, $1, absoluteTolerance: 1e-12, relativeTolerance: 1e-12) })
    }

    @Test("a singular symmetric matrix has a zero eigenvalue and is refused by Cholesky")
    func singular() throws {
        let singular = Matrix([[1, 2], [2, 4]])
        let eigenvalues = try singular.symmetricEigenDecomposition().eigenvalues
        #expect(isApproximatelyEqual(eigenvalues[0], 0, absoluteTolerance: 1e-14) && isApproximatelyEqual(eigenvalues[1], 5, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
        #expect(throws: LinearAlgebraError.computationFailed(routine: "dpotrf", info: 2)) {
            try singular.cholesky()
        }
    }

    @Test("Cholesky factor and solve match numpy linalg.cholesky and linalg.solve")
    func cholesky() throws {
        let factorization = try spd.cholesky()
        // numpy 2.4.6 np.linalg.cholesky(A)
        let expected = Matrix([[2, 0, 0], [0.5, 1.6583123951777, 0], [1, 0, 2]])
        for (a, e) in zip(factorization.lower.elements, expected.elements) { #expect(isApproximatelyEqual(a, e, absoluteTolerance: 1e-12, relativeTolerance: 1e-12)) }
        // numpy 2.4.6 np.linalg.solve(A, [1, 2, 3])
        let x = try factorization.solve([1, 2, 3])
        for (a, e) in zip(x, [-0.2215909090909091, 0.6363636363636364, 0.625]) { #expect(isApproximatelyEqual(a, e, absoluteTolerance: 1e-12, relativeTolerance: 1e-12)) }
    }

    @Test("least squares matches numpy lstsq, and a rank-deficient system gets the minimum-norm solution")
    func leastSquares() throws {
        let design = Matrix([[1, 0.5], [1, 1.5], [1, 2.0], [1, 3.5], [1, 4.0]])
        let result = try design.leastSquares(Matrix(rows: 5, columns: 1, columnMajor: [1.1, 2.3, 2.9, 5.2, 5.8]))
        // numpy 2.4.6 np.linalg.lstsq(X, y, rcond=None): solution, rank, singular values
        #expect(isApproximatelyEqual(result.solution[0, 0], 0.29819277108433695, absoluteTolerance: 1e-12, relativeTolerance: 1e-12) && isApproximatelyEqual(result.solution[1, 0], 1.374698795180723, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
        #expect(result.rank == 2)
        #expect(isApproximatelyEqual(result.singularValues[0], 6.219084433870806, absoluteTolerance: 1e-12, relativeTolerance: 1e-12) && isApproximatelyEqual(result.singularValues[1], 1.0358517289582745, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
        let deficient = try Matrix([[1, 2], [2, 4]]).leastSquares([1, 2])
        // numpy 2.4.6: solution [0.2, 0.4], rank 1
        #expect(deficient.rank == 1)
        #expect(isApproximatelyEqual(deficient.solution[0], 0.2, absoluteTolerance: 1e-12, relativeTolerance: 1e-12) && isApproximatelyEqual(deficient.solution[1], 0.4, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
    }

    @Test("NaN, non-square and empty inputs are typed errors, not traps")
    func errors() {
        let withNaN = Matrix([[1, 0], [.nan, 1]])
        #expect(thrownMessage(LinearAlgebraError.self) { try withNaN.cholesky() } == "non-finite value nan at row 2, column 1")
        #expect(thrownMessage(LinearAlgebraError.self) { try withNaN.symmetricEigenDecomposition() } == "non-finite value nan at row 2, column 1")
        #expect(thrownMessage(LinearAlgebraError.self) { try withNaN.leastSquares([1, 2]) } == "non-finite value nan at row 2, column 1")
        #expect(thrownMessage(LinearAlgebraError.self) { try Matrix(rows: 2, columns: 3).cholesky() } == "dimension mismatch: Cholesky of a non-square 2×3 matrix")
        #expect(thrownMessage(LinearAlgebraError.self) { try Matrix(rows: 0, columns: 0).symmetricEigenDecomposition() } == "empty input: eigen-decomposition of a 0×0 matrix")
        #expect(thrownMessage(LinearAlgebraError.self) { try Matrix(rows: 3, columns: 2).leastSquares([1, 2]) } == "dimension mismatch: least squares: A is 3×2, B is 2×1")
    }
}

@Suite("BLAS wrappers and views")
struct BLASTests {
    let a = Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10], [0, 1, -1]])

    @Test("dot, axpy and nrm2 agree with their definitions")
    func levelOne() throws {
        #expect(try BLAS.dot([1, 2, 3], [4, -5, 6]) == 12)
        var y = [1.0, 1, 1]
        try BLAS.axpy(2, [1, 2, 3], &y)
        #expect(y == [3, 5, 7])
        #expect(isApproximatelyEqual(BLAS.nrm2([3, 4]), 5, absoluteTolerance: 1e-12, relativeTolerance: 1e-12))
        #expect(BLAS.nrm2([]) == 0)
        #expect(thrownMessage(LinearAlgebraError.self) { try BLAS.dot([1], [1, 2]) } == "dimension mismatch: dot of vectors of lengths 1 and 2")
    }

    @Test("gemv computes A·x and Aᵀ·x")
    func levelTwo() throws {
        #expect(try BLAS.product(a, [1, 0, -1]) == [-2, -2, -3, 1])
        #expect(try BLAS.product(a, transposeA: true, [1, 1, 1, 1]) == [12, 16, 18])
        var y = [0.0, 0, 0]
        #expect(thrownMessage(LinearAlgebraError.self) { try BLAS.gemv(a, [1, 2], into: &y) } == "dimension mismatch: gemv: op(A) is 4×3, x has 2, y has 3")
    }

    @Test("syrk gives the complete symmetric Gram matrix, equal to gemm Aᵀ·A")
    func gram() throws {
        let viaSyrk = try BLAS.gram(a)
        let viaGemm = try BLAS.product(a, transposeA: true, a)
        #expect(viaSyrk == viaGemm)
        var outer = Matrix(rows: 4, columns: 4)
        try BLAS.syrk(a.wholeView, into: &outer)
        #expect(outer == (try BLAS.product(a, a, transposeB: true)))
    }

    @Test("a view of rows and columns multiplies like its copy, with the base's leading dimension")
    func views() throws {
        let block = try a.view(rows: 1..<4, columns: 1..<3)
        #expect(block.rows == 3 && block.columns == 2 && block.leadingDimension == 4)
        #expect(block[0, 0] == 5 && block[2, 1] == -1)
        let copy = block.copy()
        #expect(copy == Matrix([[5, 6], [8, 10], [1, -1]]))
        var viaView = Matrix(rows: 2, columns: 2)
        try BLAS.gemm(block, transposeA: true, block, into: &viaView)
        #expect(viaView == (try BLAS.product(copy, transposeA: true, copy)))
        #expect(try a.columns(1..<2) == Matrix([[2], [5], [8], [1]]))
        #expect(thrownMessage(LinearAlgebraError.self) { try a.view(rows: 2..<5) } == "dimension mismatch: view rows 2..<5, columns 0..<3 of a 4×3 matrix")
    }
}
