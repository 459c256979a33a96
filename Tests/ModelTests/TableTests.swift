import Testing
@testable import MsokoModel

@Suite("Output tables")
struct TableTests {
    @Test("cells with commas, quotes or line breaks are quoted RFC 4180 style")
    func quoting() {
        let table = Table(columns: ["a", "b"], rows: [["x,y", "say \"hi\""], ["line\nbreak", "plain"]])
        #expect(table.csv == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",plain\n")
    }

    @Test("numbers use a dot, at most 6 decimals, no trailing zeros, no negative zero; missing is empty")
    func numbers() {
        #expect(Table.number(12.5) == "12.5")
        #expect(Table.number(1.0 / 3.0) == "0.333333")
        #expect(Table.number(100) == "100")
        #expect(Table.number(-0.0000001) == "0")
        #expect(Table.number(nil) == "")
        #expect(Table.number(.nan) == "")
        #expect(Table.number(2.25, digits: 1) == "2.2" || Table.number(2.25, digits: 1) == "2.3")
    }
}
