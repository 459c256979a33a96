import Foundation
import Testing
import MsokoAnalysis
import MsokoModel

@Suite("The sample district's planted structure is found")
struct SampleDistrictTests {
    @Test("dump")
    func dump() throws {
        let result = SampleDistrict.result
        for name in ["school_ranking", "best_practices", "roadmap", "early_warnings", "sensitivity", "normalization_notes"] {
            print("== \(name)")
            print(result.table(name)!.csv)
        }
        print(result.table("deficits")!.csv.split(separator: "\n").prefix(30).joined(separator: "\n"))
        print(result.table("recommendations")!.csv.split(separator: "\n").prefix(20).joined(separator: "\n"))
        print(result.table("trends")!.csv.split(separator: "\n").filter { $0.hasPrefix("district") }.joined(separator: "\n"))
    }
}
