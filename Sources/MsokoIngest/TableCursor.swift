import Foundation

/// Reads a table's rows one at a time, as byte ranges (`CSVField`).
///
/// A large delimited file is tokenized on a second thread, a batch of
/// records ahead of the reader (`ProducerThread`): splitting the bytes
/// into fields is a sixth of reading a national file, and the checks of
/// each row need not wait for it. The rows, their lines and a syntax error
/// come in the same order as from one thread. Copies of such a cursor share
/// its thread, so read through one copy only.
public struct TableCursor: Sendable {
    private let document: TableDocument
    private var reader: CSVReader?
    private var prefetch: PrefetchHandle?
    private var batch = RecordBatch()
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
            prefetch = PrefetchHandle(bytes: document.bytes, separator: document.delimiter)
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
                    guard let next = try prefetch.producer.next() else { return nil }
                    (batch, position) = (next, 0)
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
/// tokenizing thread stops (a reader may stop early, at a bad header).
final class PrefetchHandle: Sendable {
    let producer: ProducerThread<RecordBatch>

    init(bytes: [UInt8], separator: UInt8) {
        let source = RecordBatches(CSVReader(bytes: bytes, separator: separator))
        producer = ProducerThread(name: "msoko csv records") { try source.next() }
    }

    deinit { producer.cancel() }
}

/// Records in a row: their fields, where each ends, their lines.
struct RecordBatch: Sendable {
    var fields: [CSVField] = []
    var ends: [Int] = []
    var lines: [Int] = []
    static let size = 4096
}

/// A reader's records a batch at a time, for the producer thread (the only
/// caller). A syntax error ends the batch it falls in and is thrown at the
/// next call, so the records before it are handed over first.
final class RecordBatches: @unchecked Sendable {
    private var reader: CSVReader
    private var cells: [CSVField] = []
    private var pending: Error?
    private var done = false

    init(_ reader: CSVReader) { self.reader = reader }

    func next() throws -> RecordBatch? {
        if let pending { throw pending }
        guard !done else { return nil }
        var batch = RecordBatch()
        // The reader and its field list as locals in the loop: a class's
        // stored properties are checked for exclusive access on every use.
        var reader = self.reader, cells = self.cells
        defer { (self.reader, self.cells) = (reader, cells) }
        do {
            while batch.lines.count < RecordBatch.size, let line = try reader.nextRecord(into: &cells) {
                batch.fields += cells
                batch.ends.append(batch.fields.count)
                batch.lines.append(line)
            }
            done = batch.lines.count < RecordBatch.size
        } catch {
            guard !batch.lines.isEmpty else { throw error }
            pending = error
        }
        return batch.lines.isEmpty ? nil : batch
    }
}
