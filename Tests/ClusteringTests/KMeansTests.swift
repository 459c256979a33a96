import Testing
import MsokoClustering
import MsokoLinearAlgebra
import MsokoTestSupport

@Suite("k-means engine")
struct KMeansTests {
    @Test("with 30 restarts the best inertia is within 1 % of scikit-learn's on every problem and within 0.1 % in the median")
    func inertiaMatchesScikitLearn() throws {
        var relativeGaps: [Double] = []
        for (data, reference) in [(TestData.iris, Reference.irisBestInertia), (TestData.mcas, Reference.mcasBestInertia)] {
            for k in 2...6 {
                let result = try KMeans(clusterCount: k, restarts: 30, seed: 7).fit(data)
                let gap = (result.inertia - reference[k]!) / reference[k]!
                #expect(gap < 0.01, "k = \(k): \(result.inertia) vs scikit-learn \(reference[k]!)")
                relativeGaps.append(gap)
            }
        }
        let sorted = relativeGaps.sorted()
        let median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        #expect(median <= 0.001, "median relative gap \(median)")
    }

    @Test("the reported inertia equals the one recomputed from the labels and centroids")
    func inertiaIsConsistent() throws {
        for k in [2, 3, 5] {
            let result = try KMeans(clusterCount: k, restarts: 5, seed: 1).fit(TestData.mcas)
            let recomputed = TestData.inertia(TestData.mcas, labels: result.labels, centroids: result.centroids)
            #expect(isApproximatelyEqual(result.inertia, recomputed, relativeTolerance: 1e-9))
            // Every point is at its nearest centroid (a Lloyd fixpoint).
            for row in 0..<TestData.mcas.rows {
                let distances = (0..<k).map { cluster in
                    (0..<TestData.mcas.columns).reduce(0.0) { sum, column in
                        let difference = TestData.mcas[row, column] - result.centroids[cluster, column]
                        return sum + difference * difference
                    }
                }
                #expect(distances[result.labels[row]] <= distances.min()! + 1e-9)
            }
        }
    }

    @Test("from the same starting centroids with tol 0, labels and iteration count equal scikit-learn's Lloyd", arguments: [
        ("iris", 3), ("iris", 4), ("mcas", 3), ("mcas", 4),
    ])
    func lloydMatchesScikitLearn(name: String, k: Int) throws {
        let data = name == "iris" ? TestData.iris : TestData.mcas
        let reference = switch (name, k) {
        case ("iris", 3): Reference.irisLloyd3
        case ("iris", 4): Reference.irisLloyd4
        case ("mcas", 3): Reference.mcasLloyd3
        default: Reference.mcasLloyd4
        }
        for algorithm in [KMeans.Algorithm.lloyd, .hamerly] {
            let result = try KMeans(clusterCount: k, initialization: .centroids(TestData.spreadRows(data, k)),
                                    maximumIterations: 300, tolerance: 0, algorithm: algorithm).fit(data)
            #expect(result.labels == reference.labels, "\(algorithm)")
            #expect(result.iterations == reference.iterations, "\(algorithm)")
            #expect(isApproximatelyEqual(result.inertia, reference.inertia, relativeTolerance: 1e-9), "\(algorithm)")
            #expect(result.converged)
            #expect(result.restarts == 1)
        }
    }

    @Test("results do not depend on threads or on Lloyd versus Hamerly, on data split into several chunks")
    func threadIndependence() throws {
        let (points, _) = TestData.blobs(count: 20_000, dimension: 3, clusters: 5, spread: 1.5, seed: 3)
        let start = Matrix((0..<5).map { points.row($0 * 11) })
        var results: [KMeansResult] = []
        for algorithm in [KMeans.Algorithm.lloyd, .hamerly] {
            for concurrent in [false, true] {
                results.append(try KMeans(clusterCount: 5, initialization: .centroids(start), tolerance: 0,
                                          algorithm: algorithm, usesConcurrency: concurrent).fit(points))
            }
        }
        #expect(results[0] == results[1])
        #expect(results[2] == results[3])
        #expect(results[0].labels == results[2].labels)
        #expect(results[0].iterations == results[2].iterations)
        #expect(isApproximatelyEqual(results[0].inertia, results[2].inertia, relativeTolerance: 1e-9))
        #expect(results[2].algorithm == .hamerly)
        // `.automatic` takes Hamerly at this size and k-means++ restarts are reproducible.
        let automatic = try KMeans(clusterCount: 5, restarts: 2, seed: 9).fit(points)
        #expect(automatic.algorithm == .hamerly)
        #expect(try KMeans(clusterCount: 5, restarts: 2, seed: 9, usesConcurrency: false).fit(points) == automatic)
    }

    @Test("far from the origin and at a large scale, Hamerly and Lloyd still agree (points are centred, bounds keep a relative slack)")
    func largeMagnitudes() throws {
        let (points, _) = TestData.blobs(count: 6_000, dimension: 4, clusters: 4, spread: 1.2, seed: 17)
        var shifted = points
        for index in shifted.elements.indices { shifted.elements[index] = 1e6 + 1e4 * shifted.elements[index] }
        let start = Matrix((0..<4).map { shifted.row($0 * 13) })
        let lloyd = try KMeans(clusterCount: 4, initialization: .centroids(start), tolerance: 0, algorithm: .lloyd).fit(shifted)
        let hamerly = try KMeans(clusterCount: 4, initialization: .centroids(start), tolerance: 0, algorithm: .hamerly).fit(shifted)
        #expect(lloyd.labels == hamerly.labels)
        #expect(lloyd.iterations == hamerly.iterations)
        #expect(isApproximatelyEqual(lloyd.inertia, hamerly.inertia, relativeTolerance: 1e-9))
    }

    @Test("the same seed gives the same clustering; k-means++ restarts run side by side or one after another alike")
    func seededReproducibility() throws {
        let first = try KMeans(clusterCount: 4, restarts: 8, seed: 42).fit(TestData.iris)
        let second = try KMeans(clusterCount: 4, restarts: 8, seed: 42, usesConcurrency: false).fit(TestData.iris)
        #expect(first == second)
        #expect(first.restarts == 8)
    }

    @Test("an empty cluster is re-seeded from the farthest point, and no cluster stays empty")
    func emptyClusterIsReseeded() throws {
        // Centroid 3 is far from every point, so it is empty after the first assignment.
        let start = Matrix([[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.4, 1.4], [6.8, 3.0, 5.7, 2.1], [100, 100, 100, 100]])
        for algorithm in [KMeans.Algorithm.lloyd, .hamerly] {
            let result = try KMeans(clusterCount: 4, initialization: .centroids(start), tolerance: 0, algorithm: algorithm).fit(TestData.iris)
            #expect(result.clusterSizes.allSatisfy { $0 > 0 }, "\(algorithm): \(result.clusterSizes)")
            #expect(result.centroids[3, 0] < 50)
        }
        // All points identical: k clusters cannot all be filled apart, but nothing traps.
        let same = Matrix(rows: 5, columns: 2, repeating: 1)
        let degenerate = try KMeans(clusterCount: 3, restarts: 2).fit(same)
        #expect(degenerate.inertia == 0)
    }

    @Test("a positive tolerance stops early; the iteration limit stops unconverged, with labels of the returned centroids")
    func stoppingRules() throws {
        let start = TestData.spreadRows(TestData.mcas, 4)
        let loose = try KMeans(clusterCount: 4, initialization: .centroids(start), tolerance: 0.5).fit(TestData.mcas)
        #expect(loose.iterations < Reference.mcasLloyd4.iterations)
        #expect(loose.converged)
        let limited = try KMeans(clusterCount: 4, initialization: .centroids(start), maximumIterations: 2, tolerance: 0).fit(TestData.mcas)
        #expect(limited.iterations == 2)
        #expect(!limited.converged)
        let recomputed = TestData.inertia(TestData.mcas, labels: limited.labels, centroids: limited.centroids)
        #expect(isApproximatelyEqual(limited.inertia, recomputed, relativeTolerance: 1e-9))
    }

    @Test("k = 1 and k = n are handled: one centroid at the mean, or every point its own centre")
    func extremeK() throws {
        let one = try KMeans(clusterCount: 1).fit(TestData.iris)
        #expect(one.labels.allSatisfy { $0 == 0 })
        #expect(isApproximatelyEqual(one.centroids[0, 0], 5.843333333333334, absoluteTolerance: 1e-12))
        let small = Matrix([[0.0, 0], [1, 0], [0, 5]])
        let every = try KMeans(clusterCount: 3, restarts: 3).fit(small)
        #expect(Set(every.labels).count == 3)
        #expect(every.inertia == 0)
    }

    @Test("bad input is a typed error naming the problem, never a trap")
    func badInput() {
        #expect(throws: KMeansError.invalidClusterCount(0, rows: 150)) { try KMeans(clusterCount: 0).fit(TestData.iris) }
        #expect(throws: KMeansError.invalidClusterCount(151, rows: 150)) { try KMeans(clusterCount: 151).fit(TestData.iris) }
        #expect(throws: KMeansError.emptyData(rows: 0, columns: 0)) { try KMeans(clusterCount: 1).fit(Matrix(rows: 0, columns: 0)) }
        var withNaN = TestData.iris
        withNaN[7, 2] = .nan
        #expect(thrownMessage(KMeansError.self) { try KMeans(clusterCount: 2).fit(withNaN) } == "non-finite value nan at row 8, column 3")
        #expect(throws: KMeansError.initialCentroidsShape(expectedRows: 3, expectedColumns: 4, rows: 2, columns: 4)) {
            try KMeans(clusterCount: 3, initialization: .centroids(Matrix(rows: 2, columns: 4))).fit(TestData.iris)
        }
        // The rules of KMeans.parameterConstraints, named as the properties (`msoko kmeans` names its options).
        #expect(thrownMessage(KMeansError.self) { try KMeans(clusterCount: 2, tolerance: -1).fit(TestData.iris) }
                == "tolerance must be a finite number ≥ 0, got -1.0")
        #expect(thrownMessage(KMeansError.self) { try KMeans(clusterCount: 2, maximumIterations: 0).fit(TestData.iris) }
                == "maximumIterations must be at least 1, got 0")
        #expect(thrownMessage(KMeansError.self) { try KMeans(clusterCount: 2, restarts: 0).fit(TestData.iris) }
                == "restarts must be at least 1, got 0")
    }
}
