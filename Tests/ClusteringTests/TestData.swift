import MsokoClustering
import MsokoLinearAlgebra
import MsokoStatistics
import MsokoTestSupport

/// Data sets shared by the clustering tests.
enum TestData {
    static let iris = Matrix(Fixtures.iris)

    /// MCAS's 11 complete numeric columns z-scored with the population standard deviation.
    static let mcas = Standardization(Matrix(Fixtures.mcas)).standardized

    /// `k` rows at `linspace(0, n − 1, k)`, the starting centroids of the reference Lloyd runs.
    static func spreadRows(_ data: Matrix, _ k: Int) -> Matrix {
        let rows = (0..<k).map { index -> [Double] in
            let row = Int(Double(index) * Double(data.rows - 1) / Double(max(k - 1, 1)))
            return data.row(row)
        }
        return Matrix(rows)
    }

    /// `clusters` Gaussian blobs (sd `spread`) around well separated centres, seeded.
    static func blobs(count: Int, dimension: Int, clusters: Int, spread: Double = 0.5, seed: UInt64) -> (points: Matrix, truth: [Int]) {
        var generator = SeededGenerator(seed: seed)
        let centres = (0..<clusters).map { cluster in (0..<dimension).map { column in Double((cluster * 7 + column * 3) % 11) * 2.0 } }
        var rows: [[Double]] = []
        var truth: [Int] = []
        for point in 0..<count {
            let cluster = point % clusters
            truth.append(cluster)
            rows.append(centres[cluster].map { $0 + spread * generator.nextNormal() })
        }
        return (Matrix(rows), truth)
    }

    /// `Σ ‖x − c_label‖²` recomputed naively.
    static func inertia(_ data: Matrix, labels: [Int], centroids: Matrix) -> Double {
        var total = 0.0
        for row in 0..<data.rows {
            for column in 0..<data.columns {
                let difference = data[row, column] - centroids[labels[row], column]
                total += difference * difference
            }
        }
        return total
    }
}
