import MsokoLinearAlgebra

/// Nearest-peer search over the rows of the score matrix, for many schools
/// at once (a country has 40,000 schools and thousands of best practices per
/// area, so one scalar scan per school and area was the run's hot spot).
///
/// The answer is exactly the scalar rule's: the candidate with the smallest
/// squared Euclidean distance, ties to the smaller id; a school or candidate
/// without a row is at infinite distance. How it gets there:
/// 1. Distances as a product: `‖q − c‖² = ‖q‖² + ‖c‖² − 2·q·c`, with `q·c`
///    for a block of queries against every candidate by one `dgemm`, blocks
///    in parallel (as the k-means engine computes distances to centres).
/// 2. The product's rounding error is bounded by a small multiple of
///    `ε·(‖q‖² + ‖c‖²)`; every candidate within `tolerance` of the smallest
///    approximate distance can still win, and only those are measured
///    exactly, term by term, and compared with their ids.
///
/// The scans over a block's products run on contiguous arrays of plain
/// values (the candidates' rows and keys gathered once per search): a
/// national run makes hundreds of millions of candidate tests, so a closure
/// call or a reference count per test would cost more than the product.
struct PeerSearch {
    /// Row-major `n × d` profiles of the matrix's schools.
    let profiles: [Double]
    let dimension: Int
    let norms: [Double]
    let ids: [String]

    /// The relative width of the band of possible winners: far above the
    /// product's error (about `(d + 2)·ε`, below 10⁻¹³ for any catalog), far
    /// below any real difference between schools' profiles.
    static let relativeTolerance = 1e-9
    /// Queries per `dgemm` block.
    static let blockSize = 256

    init(matrix: ScoreMatrix) {
        dimension = matrix.scores.columns
        profiles = matrix.scores.transposed.elements
        ids = matrix.schoolIDs
        norms = (0..<matrix.schoolIDs.count).map { [profiles, dimension] row in
            var sum = 0.0
            for column in 0..<dimension { sum += profiles[row * dimension + column] * profiles[row * dimension + column] }
            return sum
        }
    }

    /// The exact squared distance of rows `i` and `j`, term by term.
    func squaredDistance(_ i: Int, _ j: Int) -> Double {
        var sum = 0.0
        for column in 0..<dimension {
            let difference = profiles[i * dimension + column] - profiles[j * dimension + column]
            sum += difference * difference
        }
        return sum
    }

    /// A candidate peer: its id, its row (nil when it has none) and an
    /// optional key that a query's `window` may restrict on.
    struct Candidate: Sendable {
        let id: String
        let row: Int?
        let key: Double?
    }

    /// Acceptable candidates are those whose key `k` has
    /// `abs(k − center) <= radius`; a candidate without a key (or with a
    /// NaN key) never is.
    struct Window: Sendable {
        let center: Double
        let radius: Double

        @inline(__always)
        func contains(_ key: Double) -> Bool { abs(key - center) <= radius }
    }

    /// One search: `school` (its id and row, nil when it has none) among the
    /// candidates, keeping only those inside `window` (nil: every
    /// candidate); the school itself is never its own peer.
    struct Query: Sendable {
        let school: String
        let row: Int?
        let window: Window?
    }

    /// For each query, the position in `candidates` of its nearest accepted
    /// candidate, or nil when it has none.
    func nearest(_ queries: [Query], among candidates: [Candidate]) -> [Int?] {
        guard !queries.isEmpty, !candidates.isEmpty else { return queries.map { _ in nil } }
        // Candidates with a row, gathered contiguously for the product and the scans.
        let placed = candidates.indices.filter { candidates[$0].row != nil }
        let placedRows = placed.map { candidates[$0].row! }
        let placedKeys = placed.map { candidates[$0].key ?? .nan }
        var gathered = [Double](repeating: 0, count: placed.count * dimension)
        for (position, row) in placedRows.enumerated() {
            for column in 0..<dimension { gathered[position * dimension + column] = profiles[row * dimension + column] }
        }
        let block = gathered
        let candidateNorms = placedRows.map { norms[$0] }
        let largestNorm = candidateNorms.max() ?? 0
        let blockCount = (queries.count + Self.blockSize - 1) / Self.blockSize
        // Our blocks are the parallelism: OpenBLAS on one thread inside them.
        let answers: [[Int?]] = Parallelism.withSingleThreadedBLAS(Parallelism.isParallel) { Parallelism.map(blockCount) { blockIndex in
            let range = (blockIndex * Self.blockSize)..<min(queries.count, (blockIndex + 1) * Self.blockSize)
            let withRows = range.filter { queries[$0].row != nil }
            var queryBlock = [Double](repeating: 0, count: withRows.count * dimension)
            for (position, query) in withRows.enumerated() {
                let row = queries[query].row!
                for column in 0..<dimension { queryBlock[position * dimension + column] = profiles[row * dimension + column] }
            }
            var products = [Double](repeating: 0, count: withRows.count * placed.count)
            queryBlock.withUnsafeBufferPointer { a in
                block.withUnsafeBufferPointer { b in
                    products.withUnsafeMutableBufferPointer { c in
                        BLAS.gemmRowMajorTransposedB(rows: withRows.count, columns: placed.count, inner: dimension, alpha: 1,
                                                     a.baseAddress!, leadingDimensionA: dimension,
                                                     b.baseAddress!, leadingDimensionB: dimension,
                                                     beta: 0, into: c.baseAddress!, leadingDimensionC: placed.count)
                    }
                }
            }
            // The product row of each query of the block (only those with a row have one).
            var productRow = [Int](repeating: -1, count: range.count)
            for (position, query) in withRows.enumerated() { productRow[query - range.lowerBound] = position }
            return placedRows.withUnsafeBufferPointer { rows in
                placedKeys.withUnsafeBufferPointer { keys in
                    candidateNorms.withUnsafeBufferPointer { candidateNorms in
                        products.withUnsafeMutableBufferPointer { products in
                            range.map { query in
                                let position = productRow[query - range.lowerBound]
                                guard position >= 0 else { return nearestWithoutDistances(queries[query], among: candidates) }
                                let distances = UnsafeMutableBufferPointer(rebasing: products[(position * placed.count)..<((position + 1) * placed.count)])
                                return answer(queries[query], among: candidates, placed: placed, rows: rows, keys: keys,
                                              candidateNorms: candidateNorms, largestNorm: largestNorm, products: distances)
                            }
                        }
                    }
                }
            }
        } }
        return answers.flatMap { $0 }
    }

    /// The answer for a query with a row, from its products with the placed
    /// candidates (`products`, overwritten by the approximate distances).
    private func answer(_ query: Query, among candidates: [Candidate], placed: [Int], rows: UnsafeBufferPointer<Int>,
                         keys: UnsafeBufferPointer<Double>, candidateNorms: UnsafeBufferPointer<Double>, largestNorm: Double,
                         products: UnsafeMutableBufferPointer<Double>) -> Int? {
        let row = query.row!
        let norm = norms[row]
        // 1. The approximate distance of every acceptable placed candidate,
        //    +∞ for the others (so the band below never admits them). In
        //    the scans a placed candidate is the school itself exactly when
        //    it has the school's row (rows and ids correspond one to one).
        var smallest = Double.infinity
        if let window = query.window {
            for position in 0..<products.count {
                var distance = Double.infinity
                if rows[position] != row && window.contains(keys[position]) {
                    distance = norm + candidateNorms[position] - 2 * products[position]
                    smallest = min(smallest, distance)
                }
                products[position] = distance
            }
        } else {
            for position in 0..<products.count {
                var distance = Double.infinity
                if rows[position] != row {
                    distance = norm + candidateNorms[position] - 2 * products[position]
                    smallest = min(smallest, distance)
                }
                products[position] = distance
            }
        }
        guard smallest.isFinite else { return nearestWithoutDistances(query, among: candidates) }
        // 2. The candidates that can still win, measured exactly.
        let band = smallest + Self.relativeTolerance * (norm + largestNorm) + Double.leastNormalMagnitude
        var best: (position: Int, distance: Double)?
        for position in 0..<products.count where products[position] <= band {
            let distance = squaredDistance(row, rows[position])
            if let current = best,
               distance > current.distance
                || (distance == current.distance && candidates[placed[position]].id > candidates[placed[current.position]].id) {
                continue
            }
            best = (position, distance)
        }
        return best.map { placed[$0.position] }
    }

    /// The answer when every distance is infinite (the school has no row,
    /// or no acceptable candidate has one): the acceptable candidate with
    /// the smallest id.
    private func nearestWithoutDistances(_ query: Query, among candidates: [Candidate]) -> Int? {
        var best: Int?
        for (position, candidate) in candidates.enumerated() where candidate.id != query.school {
            if let window = query.window {
                guard let key = candidate.key, window.contains(key) else { continue }
            }
            if let current = best, candidates[current].id <= candidate.id { continue }
            best = position
        }
        return best
    }
}
