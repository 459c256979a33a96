import Testing
import MsokoClustering
import MsokoLinearAlgebra
import MsokoStatistics
import MsokoTestSupport

@Suite("choosing k: validity criteria, gap statistic, selection rule")
struct ValidityTests {
    @Test("silhouette, Calinski–Harabasz and Davies–Bouldin equal scikit-learn's on real data", arguments: ["iris", "mcas"])
    func criteriaMatchScikitLearn(name: String) throws {
        let data = name == "iris" ? TestData.iris : TestData.mcas
        for reference in name == "iris" ? [Reference.irisLloyd3, Reference.irisLloyd4] : [Reference.mcasLloyd3, Reference.mcasLloyd4] {
            let silhouette = try ClusterValidity.silhouette(data, labels: reference.labels)
            #expect(isApproximatelyEqual(silhouette.mean, reference.silhouette, absoluteTolerance: 1e-9))
            #expect(silhouette.standardError == 0 && silhouette.indices == nil)
            #expect(isApproximatelyEqual(try ClusterValidity.calinskiHarabasz(data, labels: reference.labels), reference.calinskiHarabasz, relativeTolerance: 1e-9))
            #expect(isApproximatelyEqual(try ClusterValidity.daviesBouldin(data, labels: reference.labels), reference.daviesBouldin, absoluteTolerance: 1e-9))
        }
    }

    @Test("above the exact limit the silhouette is a seeded sample whose stated error covers the exact value")
    func sampledSilhouette() throws {
        let labels = Reference.irisLloyd3.labels
        let exact = try ClusterValidity.silhouette(TestData.iris, labels: labels)
        let sampled = try ClusterValidity.silhouette(TestData.iris, labels: labels, sampleLimit: 60, seed: 5)
        #expect(sampled.values.count == 60)
        #expect(sampled.indices?.count == 60)
        #expect(sampled.standardError > 0)
        #expect(isApproximatelyEqual(sampled.mean, exact.mean, absoluteTolerance: 4 * sampled.standardError))
        #expect(try ClusterValidity.silhouette(TestData.iris, labels: labels, sampleLimit: 60, seed: 5) == sampled)
    }

    @Test("a point alone in its cluster has silhouette 0; criteria reject one cluster or one per point")
    func silhouetteEdgeCases() throws {
        let points = Matrix([[0.0], [0.1], [5], [20]])
        let silhouette = try ClusterValidity.silhouette(points, labels: [0, 0, 1, 2])
        #expect(silhouette.values[2] == 0 && silhouette.values[3] == 0)
        #expect(throws: ClusterValidityError.invalidClusterCount(1, rows: 4)) {
            try ClusterValidity.silhouette(points, labels: [0, 0, 0, 0])
        }
        #expect(throws: ClusterValidityError.invalidClusterCount(4, rows: 4)) {
            try ClusterValidity.calinskiHarabasz(points, labels: [0, 1, 2, 3])
        }
        #expect(throws: ClusterValidityError.labelCountMismatch(labels: 3, rows: 4)) {
            try ClusterValidity.daviesBouldin(points, labels: [0, 1, 1])
        }
    }

    @Test("on three separated blobs the gap rule and the silhouette rule both choose k = 3")
    func choosesThreeBlobs() throws {
        let (points, _) = TestData.blobs(count: 90, dimension: 2, clusters: 3, spread: 0.4, seed: 11)
        let gap = try GapStatistic(points, maximumClusterCount: 6, referenceCount: 10, restarts: 3, seed: 2)
        #expect(gap.tibshiraniChoice == 3)
        #expect(gap.gap.count == 6 && gap.standardError.allSatisfy { $0 > 0 })
        let selection = try ClusterCountSelection(points, maximumClusterCount: 6, restarts: 5, seed: 2, gapReferenceCount: 10)
        #expect(selection.chosen == 3)
        #expect(selection.gapChoice == 3)
        #expect(selection.criteria.map(\.clusterCount) == [2, 3, 4, 5, 6])
        let best = selection.criteria.max { $0.silhouette < $1.silhouette }!
        #expect(best.clusterCount == 3)
        #expect(selection.chosenFit.centroids.rows == 3)
    }

    @Test("on uniform noise the gap rule finds no structure (k = 1)")
    func uniformNoiseHasNoGap() throws {
        var generator = SeededGenerator(seed: 13)
        let points = Matrix((0..<120).map { _ in [generator.nextDouble(), generator.nextDouble()] })
        let gap = try GapStatistic(points, maximumClusterCount: 5, referenceCount: 20, restarts: 3, seed: 4)
        #expect(gap.tibshiraniChoice == 1)
    }

    @Test("the largest k tried is lowered to n − 1 for tiny inputs")
    func tinyInputs() throws {
        let points = Matrix([[0.0, 0], [0, 1], [10, 10]])
        let selection = try ClusterCountSelection(points, maximumClusterCount: 6, restarts: 2, seed: 1, gapReferenceCount: 5)
        #expect(selection.criteria.map(\.clusterCount) == [2])
        #expect(selection.chosen == 2)
        #expect(thrownMessage(KMeansError.self) {
            try ClusterCountSelection(Matrix([[0.0], [1]]), maximumClusterCount: 3)
        } == "choosing k needs at least 3 points (k in 2…n − 1), got 2")
    }
}
