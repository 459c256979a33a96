import Testing
import MsokoClustering
import MsokoLinearAlgebra
import MsokoTestSupport

@Suite("cluster stability and principal components")
struct StabilityAndPCATests {
    @Test("well separated clusters have bootstrap Jaccard similarity near 1; 50 resamples are made")
    func separatedClustersAreStable() throws {
        let (points, truth) = TestData.blobs(count: 60, dimension: 2, clusters: 3, spread: 0.3, seed: 21)
        let stability = try ClusterStability(points, labels: truth, clusterCount: 3, resampleCount: 50, seed: 8)
        #expect(stability.resampleCount == 50)
        #expect(stability.meanJaccard.allSatisfy { $0 > 0.95 })
        #expect(stability.unstableClusters.isEmpty)
        let again = try ClusterStability(points, labels: truth, clusterCount: 3, resampleCount: 50, seed: 8, usesConcurrency: false)
        #expect(again == stability)
    }

    @Test("an arbitrary split of one round cloud into 4 clusters has unstable clusters")
    func arbitrarySplitIsUnstable() throws {
        let (points, _) = TestData.blobs(count: 80, dimension: 2, clusters: 1, spread: 1, seed: 5)
        let fit = try KMeans(clusterCount: 4, restarts: 5, seed: 1).fit(points)
        let stability = try ClusterStability(points, labels: fit.labels, clusterCount: 4, resampleCount: 50, seed: 3)
        #expect(stability.meanJaccard.contains { $0 < 0.85 })
        #expect(stability.meanJaccard.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test("explained variance, its ratio, the first component and scores equal scikit-learn's PCA", arguments: ["iris", "mcas"])
    func pcaMatchesScikitLearn(name: String) throws {
        let data = name == "iris" ? TestData.iris : TestData.mcas
        let pca = try PrincipalComponents(data)
        let (variance, ratio, first, scores) = name == "iris"
            ? (Reference.irisExplainedVariance, Reference.irisExplainedVarianceRatio, Reference.irisFirstComponent, Reference.irisFirstScores)
            : (Reference.mcasExplainedVariance, Reference.mcasExplainedVarianceRatio, Reference.mcasFirstComponent, Reference.mcasFirstScores)
        for index in ratio.indices {
            #expect(isApproximatelyEqual(pca.explainedVarianceRatio[index], ratio[index], absoluteTolerance: 1e-9))
            #expect(isApproximatelyEqual(pca.explainedVariance[index], variance[index], absoluteTolerance: 1e-9 * variance[0]))
        }
        // scikit-learn's signs happen to follow the same rule for the first component here.
        for column in first.indices { #expect(isApproximatelyEqual(pca.components[0, column], first[column], absoluteTolerance: 1e-9)) }
        #expect(isApproximatelyEqual(pca.scores[0, 0], scores[0], absoluteTolerance: 1e-9))
    }

    @Test("each component's largest-magnitude loading is positive, and scores are the centred data times the loadings")
    func signRuleAndScores() throws {
        let pca = try PrincipalComponents(TestData.mcas, componentCount: 3)
        #expect(pca.components.rows == 3 && pca.scores.columns == 3)
        for component in 0..<3 {
            let loadings = pca.components.row(component)
            let largest = loadings.indices.max { abs(loadings[$0]) < abs(loadings[$1]) }!
            #expect(loadings[largest] > 0)
            for row in [0, 17, 219] {
                var score = 0.0
                for column in 0..<TestData.mcas.columns { score += (TestData.mcas[row, column] - pca.means[column]) * loadings[column] }
                #expect(isApproximatelyEqual(score, pca.scores[row, component], absoluteTolerance: 1e-9))
            }
        }
        #expect(pca.explainedVarianceRatio.reduce(0, +) < 1)
    }

    @Test("PCA rejects one row, a bad component count and NaN; constant data have zero ratios")
    func pcaEdgeCases() throws {
        #expect(throws: PrincipalComponentsError.tooFewRows(rows: 1, columns: 2)) { try PrincipalComponents(Matrix([[1.0, 2]])) }
        #expect(throws: PrincipalComponentsError.invalidComponentCount(5, maximum: 4)) { try PrincipalComponents(TestData.iris, componentCount: 5) }
        #expect(throws: PrincipalComponentsError.nonFinite(row: 1, column: 0, value: .infinity)) {
            try PrincipalComponents(Matrix([[1.0, 2], [.infinity, 3]]))
        }
        let constant = try PrincipalComponents(Matrix(rows: 4, columns: 2, repeating: 3))
        #expect(constant.explainedVarianceRatio == [0, 0])
    }

    @Test("standardisation uses the population sd and keeps a constant column at 0, listing it")
    func standardization() {
        let matrix = Matrix([[1.0, 5, 0.1], [2, 5, 0.1], [3, 5, 0.1], [4, 5, 0.1]])
        let result = Standardization(matrix)
        #expect(result.constantColumns == [1, 2])
        #expect(isApproximatelyEqual(result.standardDeviations[0], 1.118033988749895, absoluteTolerance: 1e-15))
        #expect(isApproximatelyEqual(result.standardized[0, 0], -1.3416407864998738, absoluteTolerance: 1e-12))
        #expect((0..<4).allSatisfy { result.standardized[$0, 1] == 0 && result.standardized[$0, 2] == 0 })
    }
}
