import Foundation
import Testing
@testable import MsokoIngest
@testable import MsokoModel
import MsokoTestSupport

/// Windows-1251 bytes of a text, from the code page's table (the inverse of
/// `TextDecoding.transcode1251`, for Cyrillic and ASCII only).
func windows1251(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar in
        switch scalar.value {
        case 0..<0x80: return UInt8(scalar.value)
        case 0x0410...0x044F: return UInt8(scalar.value - 0x0410 + 0xC0)
        case 0x0401: return 0xA8
        case 0x0451: return 0xB8
        case 0x00A0: return 0xA0
        case 0x2116: return 0xB9
        default: fatalError("not in the test's table: \(scalar)")
        }
    }
}

@Suite("Text encodings: UTF-8 or Windows-1251, detected; binary refused")
struct TextDecodingTests {
    @Test("Windows-1251 Cyrillic is detected and transcoded to UTF-8")
    func detects1251() throws {
        let decoded = try TextDecoding.decode(windows1251("школа;Ёлка №1\r\n"), declared: nil, file: "a.csv")
        #expect(decoded.encoding == .windows1251)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == "школа;Ёлка №1\r\n")
    }

    @Test("valid UTF-8 is never taken for 1251, with or without a byte-order mark, over random Cyrillic texts")
    func utf8StaysUTF8() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ №«»—0123456789;,.")
        for _ in 0..<300 {
            let text = String((0..<Int.random(in: 1...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let plain = try TextDecoding.decode(Array(text.utf8), declared: nil, file: "a.csv")
            #expect(plain.encoding == .utf8 && plain.bytes == Array(text.utf8), "\(text)")
            let marked = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(text.utf8), declared: nil, file: "a.csv")
            #expect(marked.bytes == Array(text.utf8), "the byte-order mark is dropped")
        }
    }

    @Test("a mostly-UTF-8 file with one broken byte stays UTF-8, so only that row is rejected")
    func damagedUTF8() throws {
        let bytes = Array("школа,гимназия,лицей\n".utf8) + [0xFF] + Array(",x\n".utf8)
        #expect(try TextDecoding.decode(bytes, declared: nil, file: "a.csv").encoding == .utf8)
    }

    @Test("a binary file is an error naming the byte, its offset and line")
    func binary() {
        #expect(throws: IngestError(file: "a.csv", line: 2,
                                    "byte 0x00 at offset 6 is neither UTF-8 nor Windows-1251 text (a binary file?); msoko reads CSV, XLSX and DOCX tables")) {
            try TextDecoding.decode(Array("a,b\nc,".utf8) + [0x00, 0x01], declared: nil, file: "a.csv")
        }
    }

    @Test("a zip archive named as CSV is told to take its .xlsx or .docx extension")
    func zipAsCSV() {
        #expect(throws: IngestError(file: "a.csv", line: 1,
                                    "the file is a zip archive (an XLSX or DOCX document?), not delimited text; give it its .xlsx or .docx extension")) {
            try TextDecoding.decode([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], declared: nil, file: "a.csv")
        }
    }

    @Test("`encoding:` overrides detection")
    func override() throws {
        // Bytes that are valid UTF-8 ("Р°" in 1251 is D0 B0, which is UTF-8 "а").
        let bytes: [UInt8] = [0xD0, 0xB0]
        #expect(String(decoding: try TextDecoding.decode(bytes, declared: nil, file: "a").bytes, as: UTF8.self) == "а")
        #expect(String(decoding: try TextDecoding.decode(bytes, declared: .windows1251, file: "a").bytes, as: UTF8.self) == "Р°")
    }
}

@Suite("Delimiters and numbers as schools write them")
struct DialectTests {
    @Test("the delimiter is sniffed from the header and the first rows", arguments: [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n4;5,5;6\n", ";"),
        ("a\tb\tc\n1\t2,5\t3\n", "\t"),
        ("\"a;x\",b,c\n1,2,3\n", ","),
        ("only\n1\n", ","),
    ])
    func sniff(text: String, expected: String) {
        #expect(TableDocument.sniffDelimiter(Array(text.utf8)) == expected.utf8.first!)
    }

    @Test("numbers: decimal comma where allowed, thousands separators, percent sign, minus sign", arguments: [
        ("37,5", true, CellNumber.Reading.number(37.5)),
        ("37,5", false, .decimalComma),
        ("1 234", false, .number(1234)),
        ("1\u{A0}234,5", true, .number(1234.5)),
        ("1\u{2009}234", false, .number(1234)),
        ("1\u{202F}234", false, .number(1234)),
        ("45 %", false, .number(45)),
        ("37,5\u{A0}%", true, .number(37.5)),
        ("−3,5", true, .number(-3.5)),
        (" 12 ", false, .number(12)),
        ("1.234,5", true, .notANumber),
        ("1 23 4x", false, .notANumber),
        ("12 %%", false, .notANumber),
        ("%", false, .notANumber),
        ("да", false, .notANumber),
    ])
    func numbers(text: String, decimalComma: Bool, expected: CellNumber.Reading) {
        #expect(CellNumber.read(text, decimalComma: decimalComma) == expected)
    }

    @Test("a comma-delimited file refuses a decimal comma unless `decimal: \",\"` says so; other delimiters accept it")
    func decimalCommaRule() throws {
        let comma = try TableDocument(delimited: Array("a,b\nx,\"37,5\"\n".utf8), path: "c.csv")
        #expect(!comma.acceptsDecimalComma)
        let overridden = try TableDocument(delimited: Array("a,b\nx,\"37,5\"\n".utf8), path: "c.csv",
                                           spec: TableSpec(path: "c.csv", decimalComma: true))
        #expect(overridden.acceptsDecimalComma)
        let semicolon = try TableDocument(delimited: Array("a;b\nx;37,5\n".utf8), path: "s.csv")
        #expect(semicolon.delimiter == UInt8(ascii: ";") && semicolon.acceptsDecimalComma)
    }

    @Test("a Windows-1251 `;` observations file is read like the UTF-8 comma file, rejects naming file, line and column")
    func observations1251() throws {
        let catalog = CanonicalIngestTests.catalog
        let schools = ["S1", "S2"].map { School(id: $0, name: $0, source: SourceRow(file: "schools.csv", line: 2)) }
        let utf8 = "school_id,period,indicator,value,base\nS1,2023/24,participation,37.5,120\nS2,2023/24,participation,x,\n"
        let cp1251 = windows1251("school_id;period;indicator;value;base\r\nS1;2023/24;participation;37,5 %;120\r\nS2;2023/24;participation;x;\r\n")
        var first = ObservationLedger(schools: schools, catalog: catalog)
        let a = try CanonicalIngest.readObservations(bytes: Array(utf8.utf8), file: "a.csv", index: &first)
        var second = ObservationLedger(schools: schools, catalog: catalog)
        let b = try CanonicalIngest.readObservations(bytes: cp1251, file: "b.csv", index: &second)
        #expect(first.observations.map(\.value) == second.observations.map(\.value))
        #expect(first.observations.map(\.base) == [120] && second.observations.map(\.base) == [120])
        #expect(a.rejects.map(\.reason) == b.rejects.map(\.reason))
        #expect(b.rejects == [RejectedRow(file: "b.csv", line: 3, column: "value", value: "x", reason: "not a number")])
    }

    @Test("a header given in Windows-1251 is found: Cyrillic column names")
    func cyrillicHeader() throws {
        let document = try TableDocument(delimited: windows1251("Школа;Значение\r\nСОШ №1;1\r\n"), path: "r.csv")
        var cursor = document.makeCursor()
        var cells: [CSVField] = []
        _ = try cursor.next(into: &cells)
        #expect(cells.map { document.string($0) } == ["Школа", "Значение"])
    }
}

@Suite("Tables named in a pipeline: a path or a map with overrides")
struct TableSpecTests {
    @Test("schools and observations take a path or a {file, sheet, encoding, delimiter, decimal} map")
    func mapForm() throws {
        let configuration = try PipelineConfiguration.parse("""
            catalog: indicators.yaml
            schools: {file: schools.xlsx, sheet: 2}
            observations:
              - a.csv
              - {file: b.csv, encoding: cp1251, delimiter: ";", decimal: ","}
              - {file: c.xlsx, sheet: "Лист 1"}
            """, path: "/tmp/p.yaml")
        #expect(configuration.schoolsTable == TableSpec(path: "schools.xlsx", sheet: .index(2)))
        #expect(configuration.observationTables == [
            TableSpec(path: "a.csv"),
            TableSpec(path: "b.csv", encoding: .windows1251, delimiter: UInt8(ascii: ";"), decimalComma: true),
            TableSpec(path: "c.xlsx", sheet: .name("Лист 1")),
        ])
        #expect(configuration.observationPaths == ["a.csv", "b.csv", "c.xlsx"])
    }

    @Test("a misspelt option or an unknown encoding is an error with its line")
    func errors() {
        #expect(thrownMessage(ConfigurationError.self) {
            try PipelineConfiguration.parse("catalog: c.yaml\nschools: {file: s.csv, encodng: cp1251}\nobservations: [o.csv]\n", path: "p.yaml")
        } == "p.yaml:2: unknown key `encodng` in `schools`; known keys: decimal, delimiter, encoding, file, sheet")
        do {
            _ = try PipelineConfiguration.parse("catalog: c.yaml\nschools: s.csv\nobservations:\n  - {file: o.csv, encoding: koi8}\n", path: "p.yaml")
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.line == 4 && error.message.contains("unknown encoding `koi8`"))
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite("Places of rejects in a workbook: PATH!SHEET, the sheet's row, the header text")
struct WorkbookPlaceTests {
    @Test("a value that is not a number in an XLSX observations sheet is rejected at its sheet, row and column")
    func notANumberInSheet() throws {
        let rows: [[XLSXCellValue]] = [
            [.text("Наблюдения за 2023/24")],
            [],
            [.text("school_id"), .text("period"), .text("indicator"), .text("value")],
            [.text("S1"), .text("2023/24"), .text("participation"), .percent(0.375)],
            [.text("S2"), .text("2023/24"), .text("participation"), .text("много")],
            [.text("S1"), .text("2023/24"), .text("winners"), .text("1 234")],
        ]
        // The title row above the header makes the header's row 3 here;
        // canonical tables take the first row as the header, so start there.
        let data = try XLSXWriter.data(sheets: [XLSXSheet(name: "Лист1", rows: Array(rows[2...]))])
        let opened = try TableFiles.open(TableSpec(path: "obs.xlsx"), data: data)
        var ledger = ObservationLedger(
            schools: ["S1", "S2"].map { School(id: $0, name: $0, source: SourceRow(file: "schools.csv", line: 2)) },
            catalog: CanonicalIngestTests.catalog)
        let part = try CanonicalIngest.readObservations(opened.documents[0], sha256: opened.sha256, index: &ledger)
        #expect(part.rejects == [RejectedRow(file: "obs.xlsx!Лист1", line: 3, column: "value", value: "много", reason: "not a number")])
        #expect(ledger.observations.map(\.value) == [37.5, 1234], "a percent cell is read as shown; a thousands space is accepted")
        #expect(ledger.observations.first?.source.description == "obs.xlsx!Лист1:2")
    }

    @Test("a missing sheet and an empty file are errors naming the file")
    func missingSheet() throws {
        let data = try XLSXWriter.data(sheets: [XLSXSheet(name: "Данные", rows: [[.text("a")]])])
        #expect(thrownMessage(IngestError.self) { try TableFiles.open(TableSpec(path: "a.xlsx", sheet: .name("Нет такого")), data: data) } == "a.xlsx: the workbook has no sheet `Нет такого` (its sheets: `Данные`)")
        do {
            _ = try TableFiles.open(TableSpec(path: "a.xlsx", sheet: .index(2)), data: data)
        } catch let error as IngestError {
            #expect(error.file.hasPrefix("a.xlsx") && error.message.contains("Данные"), "\(error)")
        }
    }
}

@Suite("Trailing delimiters")
struct TrailingDelimiterTests {
    @Test("a `;` file whose header and rows end with a delimiter (as Excel writes) reads every row; text past the header is a reject")
    func trailingDelimiter() throws {
        var ledger = ObservationLedger(
            schools: [School(id: "S1", name: "S1", source: SourceRow(file: "schools.csv", line: 2))],
            catalog: CanonicalIngestTests.catalog)
        let text = "school_id;period;indicator;value;\r\nS1;2023/24;participation;37,5;\r\nS1;2022/23;participation;40;x\r\n"
        let part = try CanonicalIngest.readObservations(bytes: Array(text.utf8), file: "o.csv", index: &ledger)
        #expect(ledger.observations.map(\.value) == [37.5])
        #expect(part.rejects.map(\.line) == [3])
        #expect(part.rejects.first?.reason == "the row has 5 fields, the header has 4")
    }

    @Test("the numeric tables of kmeans/pca read a `;` file with trailing delimiters by the same rule")
    func numericTable() throws {
        let table = try NumericTable.parse(Array("id;a;b;\r\nx;1,5;2;\r\ny;3;4,25;\r\n".utf8), file: "t.csv")
        #expect(table.columnNames == ["a", "b"])
        #expect(table.rowMajorValues == [1.5, 2, 3, 4.25])
        #expect(thrownMessage(IngestError.self) { try NumericTable.parse(Array("id;a;b\r\nx;1;2;9\r\n".utf8), file: "t.csv") } == "t.csv:2: the row has 4 fields, the header has 3")
    }
}
