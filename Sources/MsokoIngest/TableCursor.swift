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
                let start = position == 0 ? 0 : batch.ends[position - 1], count = batch.ends[position] - start
                if cells.count != count {
                    cells.removeAll(keepingCapacity: true)
                    cells.append(contentsOf: repeatElement(CSVField.empty, count: count))
                }
                // Copied in place, through pointers: no slice of the batch (a
                // retain and a release per row).
                cells.withUnsafeMutableBufferPointer { target in
                    batch.fields.withUnsafeBufferPointer { source in
                        for offset in 0..<count { target[offset] = source[start + offset] }
                    }
                }
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
        producer = ProducerThread(name: "msoko csv records") { hand in
            // The thread's closure holds the array, and the pointer lives
            // only inside `withUnsafeBufferPointer`: it cannot outlive the bytes.
            try bytes.withUnsafeBufferPointer { buffer in
                var tokenizer = CSVTokenizer(buffer, separator: separator)
                while let batch = try RecordBatch.next(buffer, tokenizer: &tokenizer, hand: hand) {
                    guard hand(batch), batch.lines.count == RecordBatch.size else { return }
                }
            }
        }
    }

    deinit { producer.cancel() }
}

/// Records in a row: their fields, where each ends, their lines.
struct RecordBatch: Sendable {
    var fields: [CSVField] = []
    var ends: [Int] = []
    var lines: [Int] = []
    static let size = 4096

    /// The next batch of `buffer`'s records (at most `size`; `nil` when
    /// none is left, or the consumer cancelled). A syntax error is thrown
    /// after the records before it in the batch were handed over (`hand`),
    /// so they come first. A batch holds offsets only, never the pointer.
    static func next(_ buffer: UnsafeBufferPointer<UInt8>, tokenizer: inout CSVTokenizer,
                     hand: (RecordBatch) -> Bool) throws -> RecordBatch? {
        var batch = RecordBatch()
        batch.ends.reserveCapacity(size)
        batch.lines.reserveCapacity(size)
        do {
            while batch.lines.count < size, let line = try tokenizer.appendRecord(buffer, to: &batch.fields) {
                batch.ends.append(batch.fields.count)
                batch.lines.append(line)
                if batch.lines.count == 1 { batch.fields.reserveCapacity(size * batch.fields.count) }
            }
        } catch {
            if !batch.lines.isEmpty {
                batch.fields.removeSubrange(batch.ends.last!...)
                guard hand(batch) else { return nil }
            }
            throw error
        }
        return batch.lines.isEmpty ? nil : batch
    }
}
