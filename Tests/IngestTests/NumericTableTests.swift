import Foundation
import Testing
import MsokoStatistics
import MsokoIngest
import MsokoLinearAlgebra
import MsokoTestSupport

@Suite("numeric tables for msoko kmeans and pca")
struct NumericTableTests {
    private func parse(_ text: String, identifier: Bool = true) throws -> NumericTable {
        try NumericTable.parse(Array(text.utf8), file: "t.csv", hasIdentifierColumn: identifier)
    }

    private func error(_ text: String, identifier: Bool = true) -> IngestError? {
        do {
            _ = try parse(text, identifier: identifier)
            return nil
        } catch let error as IngestError {
            return error
        } catch {
            return nil
        }
    }

    @Test("MCAS parses to 220 rows × 11 columns with identifiers and exact values")
    func mcas() throws {
        let table = try parse(Fixtures.mcasCSV)
        #expect(table.rowCount == 220)
        #expect(table.identifierColumn == "code")
        #expect(table.columnNames.first == "regday" && table.columnNames.count == 11)
        #expect(table.identifiers.prefix(2) == ["1", "2"])
        #expect(table.values[0, 1] == 7375.68994140625)
        #expect(table.values[1, 10] == 1.24610590934753)
        #expect(table.rowMajorValues == Fixtures.mcas.flatMap { $0 }, "every cell as Double(_:) reads its text")
    }

    @Test("CRLF line ends, a byte-order mark, blank lines, signs, exponents and long mantissas read as RFC 4180 and strtod would")
    func formats() throws {
        let text = "\u{FEFF}id,a,b\r\n\r\nx,-1.5,+2\r\ny,1e3,0.1000000000000000055511151231257827\r\n\nz,.5,7.\r\n"
        let table = try parse(text)
        #expect(table.identifiers == ["x", "y", "z"])
        #expect(table.rowMajorValues == [-1.5, 2, 1000, 0.1, 0.5, 7])
        let quoted = try parse("id,\"a\",b\n\"x, y\",1,2\n")
        #expect(quoted.identifiers == ["x, y"] && quoted.rowMajorValues == [1, 2])
        let bare = try parse("a,b\n1,2\n3,4", identifier: false)
        #expect(bare.identifierColumn == nil && bare.rowMajorValues == [1, 2, 3, 4])
    }

    @Test("every cell reads bit-identically to NumberParser, across digit counts, signs, zeros and exponents")
    func matchesNumberParser() throws {
        var generator = SeededGenerator(seed: 99)
        var cells: [String] = ["0", "-0", "0.0", "007", "1.", ".5", "-.25", "+3.75", "123456789012345678", "1234567890123456789",
                               "12345678901234567890", "0.000000000000000000001", "9007199254740993", "4.9e-324", "1e22", "1e23",
                               "0.30000000000000004", "99999999.99999999", "12345678", "1234567.8", "-98765432.1"]
        for _ in 0..<3000 {
            let magnitude = pow(10, Double(generator.nextInt(below: 16)) - 6) * generator.nextDouble()
            let value = generator.nextInt(below: 2) == 0 ? magnitude : -magnitude
            switch generator.nextInt(below: 4) {
            case 0: cells.append(String(format: "%.6f", value))
            case 1: cells.append(String(format: "%.17g", value))
            case 2: cells.append("\(value)")
            default: cells.append(String(format: "%.\(generator.nextInt(below: 12))f", value))
            }
        }
        let text = "id,x\n" + cells.enumerated().map { "\($0.offset),\($0.element)" }.joined(separator: "\n") + "\n"
        let table = try parse(text)
        for (index, cell) in cells.enumerated() {
            let expected = try #require(NumberParser.parse(cell), "\(cell)")
            #expect(table.rowMajorValues[index].bitPattern == expected.bitPattern, "\(cell)")
        }
    }

    @Test("a file of several megabytes is parsed in chunks with the same values and rows in order")
    func chunkedMatchesSequential() throws {
        var text = "id,a,b,c,d\n"
        for row in 0..<120_000 {
            text += "r\(row),\(Double(row) * 0.001),\(-Double(row % 977) / 7),1.25e-3,12345.678901234\n"
            if row == 50_000 { text += "\n" }
        }
        let chunked = try NumericTable.parse(Array(text.utf8), file: "big.csv")
        let sequential = try NumericTable.parse(Array(text.utf8), file: "big.csv", usesConcurrency: false)
        #expect(chunked.rowCount == 120_000)
        #expect(chunked.rowMajorValues == sequential.rowMajorValues)
        #expect(chunked.identifiers == sequential.identifiers)
        #expect(text.utf8.count > 6 << 20)  // at least 3 chunks of 2 MB
        #expect(chunked.rowMajorValues[4 * 99_999 + 1] == -Double(99_999 % 977) / 7)
        #expect(chunked.identifiers.last == "r119999")
        // An error deep in the file names its line.
        let broken = text.replacingOccurrences(of: "\nr100000,100.0,", with: "\nr100000,1O0.0,")
        #expect(self.error(broken)?.line == 100_003)
    }

    @Test("bad cells and rows are errors naming the file, line and column", arguments: [
        ("id,a,b\n1,1,2\n2,3\n", 3, nil as String?, "2 fields, the header has 3"),
        ("id,a,b\n1,1,2\n2,3,4,5\n", 3, nil, "4 fields, the header has 3"),
        ("id,a,b\n1,1,x\n", 2, "b", "`x` in column 3 (`b`) is not a number"),
        ("id,a,b\n1,1,2\n2,nan,2\n", 3, "a", "not a finite number"),
        ("id,a,b\n1,1,2\n2,Inf,2\n", 3, "a", "not a finite number"),
        ("id,a,b\n1,,2\n", 2, "a", "empty cell in column 2 (`a`)"),
        ("id,a,b\n1,\"1,5\",2\n", 2, "a", "has a decimal comma in a comma-separated file"),
        ("id,a,b\n1,1e999,2\n", 2, "a", "overflows"),
        ("id,a,b\n1,1 x,2\n", 2, "a", "not a number"),
        ("id,a\n", 1, nil, "no data rows"),
        ("id\n1\n", 1, nil, "expected an identifier column"),
    ])
    func badInput(text: String, line: Int, column: String?, message: String) {
        let error = self.error(text)
        #expect(error?.file == "t.csv")
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("an empty file is an error")
    func emptyFile() {
        #expect(error("")?.message.contains("empty") == true)
        #expect(error("\n\n")?.message.contains("empty") == true)
    }
}
