import Foundation
import MsokoLinearAlgebra

/// A worksheet's XML in chunks of about `WorksheetXML.chunkBytes`, in
/// order: the head with the first rows, …, the last rows with the tail.
struct WorksheetChunks {
    private var writer: WorksheetXML
    private var nextRow = 0
    private var started = false
    private var ended = false

    init(_ sheet: XLSXSheet) { writer = WorksheetXML(sheet) }

    /// The next chunk, or nil after the last.
    mutating func next() throws -> [UInt8]? {
        guard !ended else { return nil }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(WorksheetXML.chunkBytes + (1 << 16))
        if !started {
            chunk = writer.head()
            started = true
        }
        while chunk.count < WorksheetXML.chunkBytes && nextRow < writer.sheet.rowCount {
            try writer.appendRow(nextRow, to: &chunk)
            nextRow += 1
        }
        if nextRow == writer.sheet.rowCount {
            chunk.append(contentsOf: WorksheetXML.tail)
            ended = true
        }
        return chunk
    }
}

/// A worksheet's XML written once, a chunk at a time, to a temporary file
/// beside the workbook: a zip entry states its length before its data, and
/// the file gives both without making the XML twice or holding it whole.
struct SpooledSheet: Sendable {
    let url: URL
    let size: Int

    /// Writes `sheet`'s XML to a new file at `url`.
    static func write(_ sheet: XLSXSheet, to url: URL) throws -> SpooledSheet {
        do {
            let file = try PlainFile(creating: url.path, permissions: 0o600)
            defer { file.close() }
            var chunks = WorksheetChunks(sheet)
            var size = 0
            while let chunk = try chunks.next() {
                try file.write(chunk)
                size += chunk.count
            }
            return SpooledSheet(url: url, size: size)
        } catch let error as PlainFileError {
            throw XLSXWriterError(message: error.description)
        }
    }
}

/// The sheets of a workbook spooled one after another (`SpooledSheet`), in
/// order. When msoko may use several threads, the next sheet is spooled on
/// a thread of its own while the zip writer compresses the current one;
/// else each is spooled when asked for. A spooled file is removed once its
/// sheet is stored (`remove(_:)`), or by `cancel()` after a failure.
final class SheetSpool: @unchecked Sendable {
    private let sheets: [XLSXSheet]
    private let folder: URL
    private let prefix: String
    /// How many sheets were handed out.
    private var taken = 0
    /// The thread spooling ahead (several threads).
    private var producer: ProducerThread<SpooledSheet>?

    /// Spools `sheets` to hidden files named after `workbook`, in its folder.
    init(_ sheets: [XLSXSheet], beside workbook: URL) {
        self.sheets = sheets
        folder = workbook.deletingLastPathComponent()
        prefix = "." + workbook.lastPathComponent
        guard Parallelism.isParallel else { return }
        let source = SpoolSource(sheets) { [folder, prefix] index in Self.file(folder, prefix, index) }
        producer = ProducerThread(name: "msoko xlsx sheets", capacity: 1) { try source.next() }
    }

    private static func file(_ folder: URL, _ prefix: String, _ index: Int) -> URL {
        folder.appendingPathComponent("\(prefix).sheet\(index + 1).xml")
    }

    /// The next sheet's spooled XML, waiting for it if need be.
    func next() throws -> SpooledSheet {
        defer { taken += 1 }
        guard let producer else { return try SpooledSheet.write(sheets[taken], to: Self.file(folder, prefix, taken)) }
        guard let sheet = try producer.next() else {
            throw XLSXWriterError(message: "sheet \(taken + 1) was not spooled")
        }
        return sheet
    }

    /// Removes a spooled file once its sheet is stored.
    func remove(_ sheet: SpooledSheet) { try? FileManager.default.removeItem(at: sheet.url) }

    /// Stops spooling and removes every file it may have left (after a failure).
    func cancel() {
        producer?.cancel()
        producer = nil
        for index in sheets.indices { try? FileManager.default.removeItem(at: Self.file(folder, prefix, index)) }
    }
}

/// The sheets spooled one after another, for the producer thread (their only caller).
private final class SpoolSource: @unchecked Sendable {
    private let sheets: [XLSXSheet]
    private let file: @Sendable (Int) -> URL
    private var index = 0

    init(_ sheets: [XLSXSheet], file: @escaping @Sendable (Int) -> URL) {
        self.sheets = sheets
        self.file = file
    }

    func next() throws -> SpooledSheet? {
        guard index < sheets.count else { return nil }
        defer { index += 1 }
        return try SpooledSheet.write(sheets[index], to: file(index))
    }
}
