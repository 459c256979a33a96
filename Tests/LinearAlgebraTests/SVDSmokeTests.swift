import Testing
@testable import MsokoLinearAlgebra
import MsokoTestSupport

@Suite("SVD through dgesdd")
struct SVDSmokeTests {
    @Test("singular values of diag(3, 2) are 3 and 2, and U·S·Vᵀ rebuilds the matrix")
    func diagonal() throws {
        let a = Matrix([[3, 0], [0, -2]])
        let svd = try a.singularValueDecomposition()
        #expect(isApproximatelyEqual(svd.singularValues[0], 3, absoluteTolerance: 1e-12))
        #expect(isApproximatelyEqual(svd.singularValues[1], 2, absoluteTolerance: 1e-12))
        var us = svd.u
        for j in 0..<2 { for i in 0..<2 { us[i, j] *= svd.singularValues[j] } }
        let rebuilt = try BLAS.product(us, svd.vt)
        for (x, y) in zip(rebuilt.elements, a.elements) { #expect(isApproximatelyEqual(x, y, absoluteTolerance: 1e-12)) }
    }

    @Test("a NaN input is a typed error naming its 1-based position, not a trap")
    func nanInput() {
        let a = Matrix([[1, 2], [3, .nan]])
        #expect(thrownMessage(LinearAlgebraError.self) {
            try a.singularValueDecomposition()
        } == "non-finite value nan at row 2, column 2")
    }
}
