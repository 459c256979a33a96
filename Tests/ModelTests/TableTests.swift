import Foundation
import Testing
@testable import MsokoModel
import MsokoTestSupport

@Suite("Output tables")
struct TableTests {
    @Test("cells with commas, quotes or line breaks are quoted RFC 4180 style")
    func quoting() {
        let table = Table(columns: ["a", "b"], rows: [["x,y", "say \"hi\""], ["line\nbreak", "plain"]])
        #expect(table.csv == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",plain\n")
    }

    @Test("the CSV bytes follow the cell rules: a quote before a combining mark is doubled, CR LF quoted, a leading BOM quoted, a formula cell prefixed inside its quotes")
    func byteRules() {
        let cells = ["\"\u{301}x", "a\r\nb", "\u{FEFF}id", "=1,2", "-", "Школа «№1»", ""]
        let table = Table(columns: ["c"], rows: cells.map { [$0] })
        #expect(table.csv == "c\n\"\"\"\u{301}x\"\n\"a\r\nb\"\n\"\u{FEFF}id\"\n\"'=1,2\"\n'-\nШкола «№1»\n\n")
        #expect(Table.quote("\"\u{301}") == "\"\"\"\u{301}\"", "quote doubles quotes byte by byte, as csv does")
    }

    @Test("the CSV in pieces: whole rows, each piece at least the asked size but the last, together the bytes of csv")
    func chunks() {
        let rows = (0..<500).map { ["S\($0)", $0 % 7 == 0 ? "=\($0)" : "\(Double($0) / 3)", "a,\"b\"\n\($0)"] }
        let table = Table(columns: ["school_id", "value", "note"], rows: rows)
        for size in [1, 10, 1000, 1 << 20] {
            var pieces: [[UInt8]] = []
            table.csvChunks(chunkBytes: size) { pieces.append($0) }
            #expect(Array(pieces.joined()) == Array(table.csv.utf8), "chunks of \(size)")
            #expect(pieces.dropLast().allSatisfy { $0.count >= size && $0.last == 0x0A }, "chunks of \(size)")
            if size == 1 { #expect(pieces.count == rows.count, "a piece per row, the header with the first") }
            if size == 1 << 20 { #expect(pieces.count == 1) }
        }
        var empty: [[UInt8]] = []
        Table(columns: ["a"], rows: []).csvChunks(chunkBytes: 1) { empty.append($0) }
        #expect(empty == [Array("a\n".utf8)], "a table without rows is its header")
    }

    @Test("a text cell a spreadsheet would evaluate gets a leading quote (OWASP CSV injection); numbers stay numbers")
    func formulaSafe() {
        for cell in ["=HYPERLINK(\"http://x\",\"клик\")", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "+", "-inf", "-nan", "-1e", "-.", "=1"] {
            #expect(Table.formulaSafe(cell) == "'" + cell, "\(cell)")
        }
        for cell in ["-1", "-12.5", "+3", "-0.25", "-.5", "-1e-5", "+2E+3", "12", "", "a=b", "school", "'=x", " =x"] {
            #expect(Table.formulaSafe(cell) == cell, "\(cell)")
        }
        let table = Table(columns: ["value", "n"], rows: [["=HYPERLINK(\"http://x\",\"клик\")", "-4.5"]])
        #expect(table.csv == "value,n\n\"'=HYPERLINK(\"\"http://x\"\",\"\"клик\"\")\",-4.5\n")
        #expect(table.verbatimCSV == "value,n\n\"=HYPERLINK(\"\"http://x\"\",\"\"клик\"\")\",-4.5\n",
                "data read back by msoko stays verbatim")
    }

    @Test("numbers use a dot, at most 6 decimals, no trailing zeros, no negative zero; missing is empty")
    func numbers() {
        #expect(Table.number(12.5) == "12.5")
        #expect(Table.number(1.0 / 3.0) == "0.333333")
        #expect(Table.number(100) == "100")
        #expect(Table.number(-0.0000001) == "0")
        #expect(Table.number(nil) == "")
        #expect(Table.number(.nan) == "")
        #expect(Table.number(-12.5) == "-12.5")
        #expect(Table.number(0.000_000_4) == "0")
        #expect(Table.number(1234567.0000004) == "1234567")
        #expect(Table.number(0.05, digits: 1) == "0.1", "halves round away from zero")
        #expect(Table.number(-0.05, digits: 1) == "-0.1")
        #expect(Table.number(3.0001, digits: 3) == "3")
        #expect(Table.number(1e12) == "1000000000000", "large values take the general path")
        #expect(Table.integer(8) == "8")
    }

    @Test("the fast path agrees with printf-style rounding to within one unit of the last decimal")
    func numbersAgree() {
        var state: UInt64 = 99
        for _ in 0..<2000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = (Double(state >> 11) / Double(1 << 53) - 0.5) * 2e5
            let fast = Double(Table.number(value))!
            let reference = Double(String(format: "%.6f", value))!
            #expect(isApproximatelyEqual(fast, reference, absoluteTolerance: 1.000001e-6), "\(value)")
        }
    }
}
