import Foundation
import Testing
@testable import msoko
import MsokoTestSupport

@Suite("msoko trend: input reading and JSON")
struct TrendCommandTests {
    func json(_ text: String, threads: Int = 1) throws -> [[String: Any]] {
        let input = try TrendInputReader.read(bytes: Array(text.utf8), file: "series.csv", threads: threads)
        let bytes = TrendReport.json(input, threads: threads).flatMap { $0 }
        return try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
    }

    @Test("one object per series in first-appearance order; interleaved rows are grouped; empty values are missing")
    func grouping() throws {
        let objects = try json("""
            series,t,value
            b,2019,1
            a,2019,5
            b,2020,2
            a,2020,
            b,2021,3
            b,2022,5
            a,2021,4

            """)
        #expect(objects.map { $0["series"] as? String } == ["b", "a"])
        #expect(objects[0]["n"] as? Int == 4)
        #expect(objects[1]["n"] as? Int == 2)
        #expect(objects[1]["trend"] as? String == "insufficient_data")
        #expect(objects[0]["mk_s"] as? Double == 6)
        // Sen's slope of (2019,1),(2020,2),(2021,3),(2022,5): median of the six pairwise slopes {1,1,4/3,1,1.5,2} = 1.1666…
        let sen = try #require(objects[0]["sen_slope"] as? Double)
        #expect(isApproximatelyEqual(sen, 7.0 / 6.0, absoluteTolerance: 1e-12))
        #expect(objects[1]["ols_slope"] is NSNull, "OLS needs 3 points: null, not a number")
    }

    @Test("one JSON number rule for kmeans, pca and trend: whole numbers without a fraction, else the shortest round trip, null when not finite")
    func jsonNumbers() throws {
        let cases: [(Double, String)] = [(12, "12"), (-0.0, "0"), (-3, "-3"), (0.1, "0.1"), (-2.5, "-2.5"),
                                         (1e15, "1000000000000000"), (9007199254740992, "9007199254740992"), (1e16, "1e+16"), (-1.25e17, "-1.25e+17"),
                                         (1.5e-20, "1.5e-20"), (.nan, "null"), (-.infinity, "null")]
        for (value, text) in cases {
            var bytes: [UInt8] = []
            JSONText.appendNumber(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == text, "\(value)")
        }
        let trend = TrendReport.json(try TrendInputReader.read(bytes: Array("series,t,value\na,1,2\na,2,4\na,3,6\n".utf8), file: "s.csv", threads: 1),
                                     threads: 1).flatMap { $0 }
        #expect(String(decoding: trend, as: UTF8.self).contains("\"n\":3,\"mk_s\":3,"))
        var kmeans = JSONText()
        kmeans.numbers([12, 0.5])
        #expect(String(decoding: kmeans.bytes, as: UTF8.self) == "[12,0.5]", "kmeans and pca write 12, as trend does, not 12.0")
    }

    @Test("the result does not depend on the number of threads")
    func threadIndependence() throws {
        var text = "series,t,value\n"
        for series in 0..<300 {
            for t in 0..<8 { text += "s\(series),\(2016 + t),\(Double((series * 7 + t * 13) % 17) + Double(t) * 0.5)\n" }
        }
        let one = try TrendInputReader.read(bytes: Array(text.utf8), file: "f.csv", threads: 1)
        let two = try TrendInputReader.read(bytes: Array(text.utf8), file: "f.csv", threads: 2)
        #expect(TrendReport.json(one, threads: 1).flatMap { $0 } == TrendReport.json(two, threads: 2).flatMap { $0 })
    }

    @Test("quoted series names with commas and quotes are read by the RFC 4180 path")
    func quotedNames() throws {
        let objects = try json("series,t,value\n\"a, \"\"b\"\"\",1,1\n\"a, \"\"b\"\"\",2,2\n")
        #expect(objects.first?["series"] as? String == "a, \"b\"")
    }

    @Test("a non-numeric t, a wrong header and a ragged row are errors naming line and column")
    func errors() {
        for (text, expected) in [
            ("series,t,value\na,x,1\n", "series.csv:2"),
            ("name,t,value\na,1,1\n", "series.csv:1"),
            ("series,t,value\na,1\n", "series.csv:2"),
        ] {
            do {
                _ = try TrendInputReader.read(bytes: Array(text.utf8), file: "series.csv", threads: 1)
                Issue.record("no error for \(text)")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
            }
        }
    }
}
