import Foundation

/// Reads a table's rows one at a time, as byte ranges (`CSVField`).
///
/// A large delimited file is tokenized on a second thread, a batch of
/// records ahead of the reader (`RecordPrefetcher`): splitting the bytes
/// into fields is a sixth of reading a national file, and the checks of
/// each row need not wait for it. The rows, their lines and a syntax error
/// come in the same order as from one thread.
public struct TableCursor: Sendable {
    private let document: TableDocument
    private var reader: CSVReader?
    private var prefetch: PrefetchHandle?
    private var batch = RecordPrefetcher.Batch()
    private var position = 0
    private let rows: [(line: Int, cells: [CSVField])]
    private var next = 0

    /// Files from this size on are tokenized ahead on a second thread
    /// (when msoko may use more than one, `Parallelism.isParallel`).
    static let prefetchThreshold = 4 << 20

    init(document: TableDocument, rows: [(line: Int, cells: [CSVField])], prefetching: Bool) {
        self.document = document
        self.rows = rows
        guard document.format == .delimited else { return }
        if prefetching {
            prefetch = PrefetchHandle(RecordPrefetcher(bytes: document.bytes, separator: document.delimiter))
        } else {
            reader = CSVReader(bytes: document.bytes, separator: document.delimiter)
        }
    }

    /// Reads the next non-blank row into `cells` (cleared first) and returns
    /// its line (the file's line, the sheet's row, the table's row), or
    /// `nil` at the end.
    ///
    /// - Throws: `IngestError` for a delimited file whose quoting is broken
    ///   (a quote that never closes), which no reader can resynchronise.
    public mutating func next(into cells: inout [CSVField]) throws -> Int? {
        do {
            if let prefetch {
                while position == batch.lines.count {
                    if let error = batch.error { throw error }
                    if batch.isLast { return nil }
                    batch = prefetch.prefetcher.next()
                    position = 0
                }
                cells.removeAll(keepingCapacity: true)
                cells.append(contentsOf: batch.fields[(position == 0 ? 0 : batch.ends[position - 1])..<batch.ends[position]])
                position += 1
                return batch.lines[position - 1]
            }
            if reader != nil { return try reader!.nextRecord(into: &cells) }
        } catch let error as CSVSyntaxError {
            throw IngestError(file: document.file, line: error.line, error.message)
        }
        guard next < rows.count else { return nil }
        cells = rows[next].cells
        next += 1
        return rows[next - 1].line
    }
}

/// Owned by the cursors: when the last copy of a cursor is gone, the
/// prefetching thread stops (a reader may stop early, at a bad header).
final class PrefetchHandle: Sendable {
    let prefetcher: RecordPrefetcher

    init(_ prefetcher: RecordPrefetcher) { self.prefetcher = prefetcher }

    deinit { prefetcher.cancel() }
}

/// Tokenizes delimited bytes on a background thread into batches of
/// records, at most two batches ahead of the consumer.
final class RecordPrefetcher: @unchecked Sendable {
    /// Records in a row: their fields, where each ends, their lines; the
    /// last batch may end with the reader's error.
    struct Batch {
        var fields: [CSVField] = []
        var ends: [Int] = []
        var lines: [Int] = []
        var error: Error?
        var isLast = false
    }

    static let batchSize = 4096
    private let condition = NSCondition()
    private var ready: [Batch] = []
    private var cancelled = false

    /// Starts the tokenizing thread: its own thread, not a pool's, so a
    /// reader that waits for it inside a parallel loop cannot starve it.
    init(bytes: [UInt8], separator: UInt8) {
        let thread = Thread { [self] in produce(CSVReader(bytes: bytes, separator: separator)) }
        thread.name = "msoko.csv-prefetch"
        thread.start()
    }

    private func produce(_ reader: CSVReader) {
        var reader = reader
        var cells: [CSVField] = []
        while true {
            var batch = Batch()
            do {
                while batch.lines.count < Self.batchSize, let line = try reader.nextRecord(into: &cells) {
                    batch.fields += cells
                    batch.ends.append(batch.fields.count)
                    batch.lines.append(line)
                }
                batch.isLast = batch.lines.count < Self.batchSize
            } catch {
                batch.error = error
                batch.isLast = true
            }
            condition.lock()
            while ready.count >= 2 && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            ready.append(batch)
            condition.broadcast()
            condition.unlock()
            if batch.isLast { return }
        }
    }

    /// The next batch, waiting for it if need be.
    func next() -> Batch {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty { condition.wait() }
        let batch = ready.removeFirst()
        condition.broadcast()
        return batch
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
