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

    /// One search: `school` (its id and row, nil when it has none) among
    /// `candidates` (ids with rows, nil when none), keeping only candidates
    /// for which `accepts(candidatePosition)` holds; the school itself is
    /// never its own peer.
    struct Query: Sendable {
        let school: String
        let row: Int?
        /// nil: every candidate is acceptable.
        let accepts: (@Sendable (Int) -> Bool)?
    }

    /// For each query, the position in `candidates` of its nearest accepted
    /// candidate, or nil when it has none.
    func nearest(_ queries: [Query], among candidates: [(id: String, row: Int?)]) -> [Int?] {
        guard !queries.isEmpty, !candidates.isEmpty else { return queries.map { _ in nil } }
        // Candidates with a row, gathered contiguously for the product.
        let placed = candidates.indices.filter { candidates[$0].row != nil }
        var gathered = [Double](repeating: 0, count: placed.count * dimension)
        for (position, candidate) in placed.enumerated() {
            let row = candidates[candidate].row!
            for column in 0..<dimension { gathered[position * dimension + column] = profiles[row * dimension + column] }
        }
        let block = gathered
        let candidateNorms = placed.map { norms[candidates[$0].row!] }
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
            return range.map { query in
                answer(queries[query], candidates: candidates, placed: placed, candidateNorms: candidateNorms,
                       largestNorm: largestNorm, products: products, productRow: productRow[query - range.lowerBound])
            }
        } }
        return answers.flatMap { $0 }
    }

    private func answer(_ query: Query, candidates: [(id: String, row: Int?)], placed: [Int], candidateNorms: [Double],
                        largestNorm: Double, products: [Double], productRow: Int) -> Int? {
        func eligible(_ candidate: Int) -> Bool {
            candidates[candidate].id != query.school && (query.accepts?(candidate) ?? true)
        }
        /// The smallest id among eligible candidates: the answer when every distance is infinite.
        func smallestID(_ pool: some Sequence<Int>) -> Int? {
            pool.filter(eligible).min { candidates[$0].id < candidates[$1].id }
        }
        guard let row = query.row else { return smallestID(candidates.indices) }
        let base = productRow * placed.count
        // In the scans a placed candidate is the school itself exactly when
        // it has the school's row (rows and ids correspond one to one).
        func eligiblePlaced(_ position: Int) -> Bool {
            let candidate = placed[position]
            return candidates[candidate].row != row && (query.accepts?(candidate) ?? true)
        }
        var smallest = Double.infinity
        for position in placed.indices where eligiblePlaced(position) {
            smallest = min(smallest, norms[row] + candidateNorms[position] - 2 * products[base + position])
        }
        guard smallest.isFinite else { return smallestID(candidates.indices) }
        let band = smallest + Self.relativeTolerance * (norms[row] + largestNorm) + Double.leastNormalMagnitude
        var best: (candidate: Int, distance: Double)?
        for (position, candidate) in placed.enumerated() where eligiblePlaced(position) {
            guard norms[row] + candidateNorms[position] - 2 * products[base + position] <= band else { continue }
            let distance = squaredDistance(row, candidates[candidate].row!)
            if let current = best,
               distance > current.distance || (distance == current.distance && candidates[candidate].id > candidates[current.candidate].id) {
                continue
            }
            best = (candidate, distance)
        }
        return best?.candidate
    }
}
