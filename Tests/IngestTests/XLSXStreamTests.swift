import Foundation
import Testing
@testable import MsokoIngest

/// The streaming writer (`XLSXWriter.write(sheets:to:)`): a sheet's rows made
/// on demand and compressed chunk by chunk give the bytes of the in-memory
/// writer (`XLSXWriter.data(sheets:)`), whatever the sheet's size.
@Suite struct XLSXStreamTests {
    /// 20,000 rows of texts that need escaping, numbers, percents and empty
    /// cells: several megabytes of XML, so several chunks per sheet.
    static let rowCount = 20_000

    static func row(_ index: Int) -> [XLSXCellValue] {
        if index == 0 { return [.text("id"), .text("name <&>"), .text("value"), .text("share"), .text("note")] }
        return [
            .text("S\(index)"),
            .text("Школа № \(index) «\(index % 7)» & <филиал> 'Б' _x000D_"),
            index % 11 == 0 ? .empty : .number(Double(index) / 8),
            .percent(Double(index % 100) / 100),
            index % 3 == 0 ? .text(String(repeating: "ж", count: index % 50)) : .empty,
        ]
    }

    static let sheets = [
        XLSXSheet(name: "Contents", rows: [[.text("Sheet"), .text("Rows")], [.text("Big"), .number(Double(rowCount))]],
                  columnWidths: [30, 8], boldHeader: true, frozenHeader: true),
        XLSXSheet(name: "Big", rowCount: rowCount, columnWidths: [10, 40], boldHeader: true, frozenHeader: true,
                  row: row),
        XLSXSheet(name: "Empty", rows: []),
    ]

    func streamed(_ sheets: [XLSXSheet]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-stream-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try XLSXWriter.write(sheets: sheets, to: url)
        return try Data(contentsOf: url)
    }

    /// Property: streaming a large sheet writes exactly the bytes of the
    /// in-memory writer, and the file reads back through `XLSXReader`.
    @Test func streamedWorkbookIsByteIdenticalToInMemoryAndReadsBack() throws {
        let parts = try XLSXWriter.parts(sheets: Self.sheets)
        #expect(parts[6].text.utf8.count > 3 * WorksheetXML.chunkBytes)  // several chunks
        let expected = try XLSXWriter.data(sheets: Self.sheets)
        let streamed = try streamed(Self.sheets)
        #expect(streamed == expected)

        #expect(try XLSXReader.sheetNames(data: streamed, file: "s.xlsx") == ["Contents", "Big", "Empty"])
        let big = try XLSXReader.read(data: streamed, file: "s.xlsx", sheet: .index(2))
        #expect(big.rows.count == Self.rowCount)
        #expect(big.rows[0].cells == ["id", "name <&>", "value", "share", "note"])
        #expect(big.rows[33].cells == ["S33", "Школа № 33 «5» & <филиал> 'Б' _x000D_", "", "33", "ж" + String(repeating: "ж", count: 32)])
        #expect(big.rows.last?.number == Self.rowCount)
        #expect(big.rows.last?.cells.prefix(4) == ["S19999", "Школа № 19999 «0» & <филиал> 'Б' _x000D_", "2499.875", "99"])
    }

    /// Property: a sheet's chunks concatenate to its whole XML, each near
    /// the chunk size; the queue hands every sheet's chunks in order, each
    /// sheet ended by nil.
    @Test func chunksConcatenateToTheWholeXML() throws {
        let texts = try Self.sheets.map { try WorksheetXML.text($0) }
        var chunks = WorksheetChunks(Self.sheets[1])
        var joined: [UInt8] = []
        var count = 0
        while let chunk = try chunks.next() {
            #expect(chunk.count < WorksheetXML.chunkBytes + 4096)
            joined += chunk
            count += 1
        }
        #expect(count > 3)
        #expect(joined == Array(texts[1].utf8))

        let queue = WorksheetChunkQueue(Self.sheets)
        for text in texts {
            var sheet: [UInt8] = []
            while let chunk = try queue.next() { sheet += chunk }
            #expect(sheet == Array(text.utf8))
        }
        #expect(throws: XLSXWriterError.self) { try queue.next() }
    }

    /// Property: writing a workbook creates no file but the workbook, whether
    /// it succeeds or fails deep in a sheet; a failed one is not a workbook.
    @Test func nothingButTheWorkbookIsWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try XLSXWriter.write(sheets: Self.sheets, to: folder.appendingPathComponent("ok.xlsx"))
        let broken = [Self.sheets[1], XLSXSheet(name: "A", rowCount: 9_000) { index in
            [.text("r\(index)"), .number(index == 8_500 ? .infinity : Double(index))]
        }, Self.sheets[2]]
        let brokenURL = folder.appendingPathComponent("broken.xlsx")
        #expect(throws: XLSXWriterError.self) { try XLSXWriter.write(sheets: broken, to: brokenURL) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["broken.xlsx", "ok.xlsx"])
        #expect(throws: (any Error).self) { try XLSXReader.sheetNames(data: Data(contentsOf: brokenURL), file: "broken.xlsx") }
    }

    /// Property: a number that is not finite deep in a streamed sheet is the
    /// same error as in memory, and no workbook is left complete.
    @Test func nonFiniteNumberFailsTheStreamLikeTheInMemoryWriter() throws {
        let sheets = [XLSXSheet(name: "A", rowCount: 9_000) { index in
            [.text("r\(index)"), .number(index == 8_500 ? .infinity : Double(index))]
        }]
        let message = "sheet `A`, cell B8501: inf is not a finite number"
        #expect(throws: XLSXWriterError(message: message)) { try XLSXWriter.data(sheets: sheets) }
        #expect(throws: XLSXWriterError(message: message)) { try streamed(sheets) }
    }

    /// Property: a sheet whose rows come from a closure equals the sheet of
    /// the same rows given as an array, and `rows` makes them all.
    @Test func rowClosureSheetEqualsArraySheet() {
        let rows = (0..<50).map(Self.row)
        let lazy = XLSXSheet(name: "Big", rowCount: 50, row: Self.row)
        #expect(lazy == XLSXSheet(name: "Big", rows: rows))
        #expect(lazy.rows == rows)
        #expect(lazy != XLSXSheet(name: "Big", rows: Array(rows.dropLast())))
    }
}
