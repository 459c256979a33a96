import Testing
@testable import MsokoAnalysis
import MsokoLinearAlgebra
import MsokoStatistics

@Suite("peer search")
struct PeerSearchTests {
    /// The rule `PeerSearch` implements, candidate by candidate: the
    /// acceptable candidate other than the school with the smallest exact
    /// squared distance (no row: infinite), ties to the smaller id.
    static func scalarNearest(_ query: PeerSearch.Query, among candidates: [PeerSearch.Candidate],
                              search: PeerSearch) -> Int? {
        var best: (position: Int, distance: Double)?
        for (position, candidate) in candidates.enumerated() where candidate.id != query.school {
            if let window = query.window {
                guard let key = candidate.key, abs(key - window.center) <= window.radius else { continue }
            }
            var distance = Double.infinity
            if let row = query.row, let other = candidate.row { distance = search.squaredDistance(row, other) }
            if let current = best {
                if distance > current.distance { continue }
                if distance == current.distance && candidate.id >= candidates[current.position].id { continue }
            }
            best = (position, distance)
        }
        return best?.position
    }

    @Test("the blocked search gives each query exactly the scalar rule's peer, with duplicate profiles (exact ties), schools and candidates without a row, windows on keys that are missing or NaN, and the school among its own candidates")
    func equalsScalarRule() {
        var generator = SeededGenerator(seed: 47)
        for trial in 0..<40 {
            let schools = 30 + trial * 17
            let dimension = 1 + trial % 9
            // Coarse scores, and some schools copying another's profile, so that equal distances occur.
            var rows = (0..<schools).map { _ in (0..<dimension).map { _ in Double(Int.random(in: 0...4, using: &generator)) * 25 } }
            for school in rows.indices where generator.nextDouble() < 0.2 { rows[school] = rows[Int.random(in: 0..<schools, using: &generator)] }
            let ids = (0..<schools).map { "S" + String($0 * 7919 % 10007) }
            let matrix = ScoreMatrix(schoolIDs: ids, indicatorIDs: (0..<dimension).map { "i\($0)" }, scores: Matrix(rows))
            let search = PeerSearch(matrix: matrix)
            func key() -> Double? {
                let draw = generator.nextDouble()
                return draw < 0.1 ? nil : (draw < 0.15 ? .nan : Double(Int.random(in: -8...8, using: &generator)) / 4)
            }
            // Distinct candidates; a few are not in the matrix (no row).
            let candidates = (0..<(schools + 5)).shuffled(using: &generator).prefix(1 + schools / 3).map { school in
                school < schools ? PeerSearch.Candidate(id: ids[school], row: school, key: key())
                    : PeerSearch.Candidate(id: "X\(school)", row: nil, key: key())
            }
            let queries = (0..<(schools + 3)).map { position in
                let window = generator.nextDouble() < 0.5 ? key().map { PeerSearch.Window(center: $0, radius: 0.5) } : nil
                return position < schools ? PeerSearch.Query(school: ids[position], row: position, window: window)
                    : PeerSearch.Query(school: "Y\(position)", row: nil, window: window)
            }
            let found = search.nearest(queries, among: candidates)
            for (query, answer) in zip(queries, found) {
                #expect(answer == Self.scalarNearest(query, among: candidates, search: search), "trial \(trial), \(query.school)")
            }
        }
    }
}
