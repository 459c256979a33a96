import Foundation
import Testing
@testable import MsokoIngest

@Suite("Table cursor: a large file tokenized ahead on a second thread reads as one thread reads it")
struct TableCursorTests {
    /// Every record as (line, texts) through the cursor, and the error that ended it.
    static func throughCursor(_ bytes: [UInt8]) throws -> (records: [(Int, [String])], error: String?) {
        let document = try TableDocument(delimited: bytes, path: "big.csv")
        var cursor = document.makeCursor(prefetching: true)
        var cells: [CSVField] = []
        var records: [(Int, [String])] = []
        do {
            while let line = try cursor.next(into: &cells) { records.append((line, cells.map { document.lossyString($0) })) }
        } catch {
            return (records, "\(error)")
        }
        return (records, nil)
    }

    /// The same through one `CSVReader` on this thread.
    static func throughReader(_ bytes: [UInt8]) -> (records: [(Int, [String])], error: String?) {
        var reader = CSVReader(bytes: bytes)
        var cells: [CSVField] = []
        var records: [(Int, [String])] = []
        do {
            while let line = try reader.nextRecord(into: &cells) { records.append((line, cells.map { reader.lossyString($0) })) }
        } catch let error as CSVSyntaxError {
            return (records, "big.csv:\(error.line): \(error.message)")
        } catch {
            return (records, "\(error)")
        }
        return (records, nil)
    }

    static func bigFile(rows: Int, tail: String = "") -> [UInt8] {
        var text = "school_id,period,indicator,value\n"
        for row in 0..<rows {
            // Blank lines, quoted fields with commas and doubled quotes, CRLF now and then.
            if row % 997 == 0 { text += "\n" }
            let name = row % 101 == 0 ? "\"S\(row), \"\"quoted\"\"\"" : "S\(row % 5000)"
            text += "\(name),2023/24,participation,\(row % 100).5" + (row % 13 == 0 ? "\r\n" : "\n")
        }
        return Array((text + tail).utf8)
    }

    @Test("every record, line and field of a file past the prefetch size comes as one thread reads it, batch boundaries included")
    func sameRecords() throws {
        let bytes = Self.bigFile(rows: 150_000)
        #expect(bytes.count >= TableCursor.prefetchThreshold, "the file is large enough to be prefetched by `makeCursor()`")
        let cursor = try Self.throughCursor(bytes), reader = Self.throughReader(bytes)
        #expect(cursor.error == nil && reader.error == nil)
        #expect(cursor.records.count == reader.records.count && cursor.records.count == 150_001)
        #expect(cursor.records.map(\.0) == reader.records.map(\.0))
        #expect(cursor.records.map(\.1) == reader.records.map(\.1))
    }

    @Test("a quote that never closes near the end is thrown after every earlier record, naming its line, as one thread does")
    func lateSyntaxError() throws {
        let bytes = Self.bigFile(rows: 150_000, tail: "S1,2023/24,\"participation,1\nS2,2023/24,participation,2\n")
        let cursor = try Self.throughCursor(bytes), reader = Self.throughReader(bytes)
        #expect(cursor.records.count == reader.records.count)
        #expect(cursor.records.last?.0 == reader.records.last?.0)
        let error = try #require(cursor.error)
        #expect(error == reader.error, "the same place and message")
        #expect(error.hasPrefix("big.csv:"))
    }

    @Test("a reader that stops after the header lets the prefetching thread go")
    func earlyStop() throws {
        let bytes = Self.bigFile(rows: 150_000)
        for _ in 0..<20 {
            let document = try TableDocument(delimited: bytes, path: "big.csv")
            var cursor = document.makeCursor(prefetching: true)
            var cells: [CSVField] = []
            #expect(try cursor.next(into: &cells) == 1)
        }
    }
}
