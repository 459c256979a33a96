import Foundation
import Testing
@testable import MsokoIngest

@Suite("Tokenizing through a pointer: the prefetching cursor and the reader give the expected records on tricky input")
struct PointerTokenizerTests {
    /// An input, its records (line, fields) and the error that ends it.
    struct Case: CustomTestStringConvertible, Sendable {
        let text: String
        let records: [Record]
        let error: String?
        var testDescription: String { text.debugDescription }
    }

    struct Record: Equatable, Sendable {
        let line: Int
        let fields: [String]
        init(_ line: Int, _ fields: [String]) { (self.line, self.fields) = (line, fields) }
    }

    static let cases: [Case] = [
        // A byte-order mark, CRLF, a blank CRLF line, no final newline.
        Case(text: "\u{FEFF}id,v\r\n1,2\r\n\r\n3,4", records: [Record(1, ["id", "v"]), Record(2, ["1", "2"]), Record(4, ["3", "4"])], error: nil),
        // Quoted separators, doubled quotes, a line break in quotes, a trailing separator at the end.
        Case(text: "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,",
             records: [Record(1, ["a", "b"]), Record(2, ["x, y", "say \"hi\""]), Record(3, ["two\nlines", "z"]), Record(5, ["last", ""])],
             error: nil),
        // Blank lines first and last; spaces are kept (trimming is the reader's).
        Case(text: "\n\n a , b \n\n", records: [Record(3, [" a ", " b "])], error: nil),
        // A carriage return inside a field is text; a quoted field before CRLF.
        Case(text: "a\rb,c\r\nd,\"e\"\r\n\"\"", records: [Record(1, ["a\rb", "c"]), Record(2, ["d", "e"]), Record(3, [""])], error: nil),
        Case(text: "", records: [], error: nil),
        Case(text: "\r\n\n", records: [], error: nil),
        // A quote that never closes: the records before it, then the error at the line where it opened.
        Case(text: "a,b\n1,2\n\"open,3\n4,5\n", records: [Record(1, ["a", "b"]), Record(2, ["1", "2"])],
             error: "big.csv:3: a quoted field opened here never closes"),
        Case(text: "a,b\n\"x\"y,1\n", records: [Record(1, ["a", "b"])], error: "big.csv:2: unexpected text after a closing quote"),
    ]

    @Test("each tricky input reads as expected, through the prefetching cursor and through the reader", arguments: cases)
    func trickyInput(_ input: Case) throws {
        let bytes = Array(input.text.utf8)
        let cursor = try TableCursorTests.throughCursor(bytes), reader = TableCursorTests.throughReader(bytes)
        #expect(cursor.records.map { Record($0.0, $0.1) } == input.records)
        #expect(reader.records.map { Record($0.0, $0.1) } == input.records)
        #expect(cursor.error == input.error)
        #expect(reader.error == input.error)
    }

    @Test("records and an error at a batch's boundary come as one thread reads them",
          arguments: [RecordBatch.size - 1, RecordBatch.size, RecordBatch.size + 1, 2 * RecordBatch.size])
    func batchBoundaries(records: Int) throws {
        for broken in [false, true] {
            var text = ""
            for row in 0..<records { text += "r\(row),\(row)\n" }
            if broken { text += "\"open,1\nr,1\n" }
            let bytes = Array(text.utf8)
            let cursor = try TableCursorTests.throughCursor(bytes), reader = TableCursorTests.throughReader(bytes)
            #expect(cursor.records.count == records)
            #expect(cursor.records.map(\.0) == reader.records.map(\.0))
            #expect(cursor.records.map(\.1) == reader.records.map(\.1))
            #expect(cursor.error == reader.error)
            #expect(cursor.error == (broken ? "big.csv:\(records + 1): a quoted field opened here never closes" : nil))
        }
    }

    @Test("a producer's values come before its error, and cancelling tells its body to stop")
    func producerThread() throws {
        let failing = ProducerThread<Int>(name: "test values") { hand in
            for value in 0..<3 { _ = hand(value) }
            throw CSVSyntaxError(line: 7, message: "after the values")
        }
        #expect(try failing.next() == 0)
        #expect(try failing.next() == 1)
        #expect(try failing.next() == 2)
        #expect(throws: CSVSyntaxError(line: 7, message: "after the values")) { try failing.next() }

        let stopped = DispatchSemaphore(value: 0)
        let endless = ProducerThread<Int>(name: "test endless") { hand in
            var value = 0
            while hand(value) { value += 1 }
            stopped.signal()
        }
        #expect(try endless.next() == 0)
        endless.cancel()
        #expect(stopped.wait(timeout: .now() + 60) == .success, "the body returned once `hand` said the consumer cancelled")
        #expect(try endless.next() == nil)
    }

    @Test("cells read through the lent pointer: trimmed, blank, numbers and keys as the document gives them")
    func cellBytes() throws {
        let document = try TableDocument(delimited: Array("a,b,c\n  x\t, 12.5 ,\"1\"\"2\"\n".utf8), path: "cells.csv")
        var cursor = document.makeCursor(prefetching: true)
        var cells: [CSVField] = []
        _ = try cursor.next(into: &cells)
        _ = try cursor.next(into: &cells)
        let lent = document.withCellBytes { lent in
            (trimmed: lent.trimmed(cells[0]), key: String(decoding: lent.bytes(of: lent.trimmed(cells[0])), as: UTF8.self),
             blank: lent.isBlank(cells[0]), spaces: lent.isBlank(CSVField(start: cells[0].start, end: cells[0].start + 2)),
             number: lent.number(cells[1]), quoted: lent.number(cells[2]))
        }
        #expect(document.string(lent.trimmed) == "x" && lent.key == "x")
        #expect(!lent.blank && lent.spaces)
        #expect(lent.number == .number(12.5))
        #expect(lent.quoted == .notANumber, "doubled quotes are no number")
        #expect(document.string(cells[2]) == "1\"2")
        #expect(document.number(cells[1]) == .number(12.5) && document.isBlank(CSVField(start: 0, end: 0)))
    }
}
