import Testing
import MsokoModel
@testable import MsokoIngest
import MsokoTestSupport

@Suite("RFC 4180 reader")
struct CSVReaderTests {
    func records(_ text: String) throws -> [(line: Int, fields: [String])] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var fields: [CSVField] = []
        var out: [(Int, [String])] = []
        while let line = try reader.nextRecord(into: &fields) {
            out.append((line, fields.map { reader.string($0) ?? "<invalid>" }))
        }
        return out
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks; lines count physical lines")
    func quoting() throws {
        let result = try records("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n")
        #expect(result.count == 3)
        #expect(result[1].fields == ["x, y", "say \"hi\"", "two\nlines"])
        #expect(result[1].line == 2)
        #expect(result[2].line == 4)
        #expect(result[2].fields == ["last", "", ""])
    }

    @Test("a doubled quote before a combining mark is one quote, as Table writes it; the reader and the document agree")
    func quoteBeforeCombiningMark() throws {
        let text = "a,b\n\"\"\"\u{1752}\",\"x\"\"\"\"y\"\n"
        #expect(try records(text).map(\.fields) == [["a", "b"], ["\"\u{1752}", "x\"\"y"]])
        let table = Table(columns: ["a", "b"], rows: [["\"\u{1752}", "x\"\"y"]])
        #expect(table.verbatimCSV == text, "the writer doubles the quote byte by byte too")
        let document = try TableDocument(delimited: Array(text.utf8), path: "q.csv")
        var cursor = document.makeCursor()
        var cells: [CSVField] = []
        _ = try cursor.next(into: &cells)
        _ = try cursor.next(into: &cells)
        #expect(cells.map { document.string($0) } == ["\"\u{1752}", "x\"\"y"])
        #expect(cells.map { document.lossyString($0) } == ["\"\u{1752}", "x\"\"y"])
    }

    @Test("CRLF line ends, a byte-order mark, blank lines and a missing final newline are handled")
    func lineEnds() throws {
        let result = try records("\u{FEFF}id,v\r\n1,2\r\n\r\n3,4")
        #expect(result.map(\.fields) == [["id", "v"], ["1", "2"], ["3", "4"]])
        #expect(result.map(\.line) == [1, 2, 4])
    }

    @Test("a quote that never closes is a syntax error naming the line where it opened")
    func unterminated() {
        #expect(throws: CSVSyntaxError(line: 2, message: "a quoted field opened here never closes")) {
            try records("a,b\n\"open,1\n2,3\n")
        }
    }

    @Test("a line of 3 MB with no newline is refused at the 1 MiB field limit, naming the line; quoted too")
    func enormousField() throws {
        let line = String(repeating: "x", count: 3 << 20)
        #expect(thrownMessage(CSVSyntaxError.self) { try records("id,v\n" + line) } == "line 2: a field of 3145728 bytes, over the limit of 1048576 (1 MiB): the file is not a table, or a quote opened here swallows the rest of it")
        do { _ = try records("id,v\n" + line) } catch let error as CSVSyntaxError {
            #expect(error.line == 2)
            #expect(error.message.contains("limit of \(CSVReader.maximumFieldBytes)"))
        }
        #expect(thrownMessage(CSVSyntaxError.self) { try records("id,v\n1,\"" + line + "\"\n") } == "line 2: a field of 3145728 bytes, over the limit of 1048576 (1 MiB): the file is not a table, or a quote opened here swallows the rest of it")
        #expect(try records("id,v\n1," + String(repeating: "y", count: CSVReader.maximumFieldBytes) + "\n").count == 2)
    }

    @Test("a row of more than 10,000 columns is refused before its field list grows; 10,000 are read")
    func tooManyColumns() throws {
        let wide = String(repeating: "1,", count: 2_000_000)
        do {
            _ = try records("id\n" + wide)
            Issue.record("a 2,000,001-column row was read")
        } catch let error as CSVSyntaxError {
            #expect(error.line == 2)
            #expect(error.message.contains("more than \(CSVReader.maximumColumns) columns"))
        }
        let widest = Array(repeating: "1", count: CSVReader.maximumColumns).joined(separator: ",")
        #expect(try records(widest + "\n").first?.fields.count == CSVReader.maximumColumns)
    }

    @Test("text after a closing quote is a syntax error")
    func junkAfterQuote() {
        #expect(thrownMessage(CSVSyntaxError.self) { try records("a,b\n\"x\"y,1\n") } == "line 2: unexpected text after a closing quote")
    }

    @Test("invalid UTF-8 (e.g. Windows-1251 bytes) is reported as nil, not mangled")
    func invalidUTF8() throws {
        var bytes = Array("a\n".utf8)
        bytes += [0xCF, 0xF0, 0xE8, 0x0A]  // «При» in Windows-1251
        var reader = CSVReader(bytes: bytes)
        var fields: [CSVField] = []
        _ = try reader.nextRecord(into: &fields)
        _ = try reader.nextRecord(into: &fields)
        #expect(reader.string(fields[0]) == nil)
    }
}

@Suite("Strict number parsing")
struct NumberParserTests {
    @Test("canonical decimals parse exactly as the C library does (correct rounding)")
    func agreesWithStrtod() {
        let samples = ["0", "-0", "1", "+2.5", "12.345", ".5", "5.", "1e3", "1E-3", "-4.2e+10", "0.1", "0.30000000000000004",
                       "123456789012345678901234567890", "3.14159265358979323846264338327950288", "1e-320", "9007199254740993",
                       "2.2250738585072014e-308", "0.000001", "99.99", "45.5", "1e22", "1e23"]
        for text in samples {
            #expect(NumberParser.parse(text) == Double(text), "\(text)")
        }
    }

    @Test("decimal commas, spaces, nan, inf, hex, empty and trailing text are not numbers")
    func rejects() {
        for text in ["", "1,5", " 1", "1 ", "nan", "NaN", "inf", "-inf", "0x10", "1e", "e5", "-", ".", "1.2.3", "12%", "1e400"] {
            #expect(NumberParser.parse(text) == nil, "\(text)")
        }
    }

    @Test("random decimal strings agree with Double(String) bit for bit")
    func randomAgreement() {
        var state: UInt64 = 12345
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        for _ in 0..<5000 {
            let integer = next() % 100_000
            let fraction = next() % 1_000_000
            let exponent = Int(next() % 40) - 20
            let text = "\(integer).\(fraction)e\(exponent)"
            #expect(NumberParser.parse(text) == Double(text), "\(text)")
        }
    }
}

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180-4 example digests")
    func vectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
