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

/// A worksheet's XML handed to the zip writer in the pieces it asks for, in
/// order. When msoko may use several threads, a producer thread makes the
/// next chunks while the zip writer compresses the current one, at most
/// `queueLength` chunks ahead; else the chunks are made on demand. Either
/// way memory stays at a few chunks whatever the size of the sheet.
final class WorksheetStream: @unchecked Sendable {
    /// How many made chunks may wait for the zip writer.
    static let queueLength = 2

    let name: String
    /// The stated length of the XML (`WorksheetXML.byteCounts(_:)`).
    let size: Int
    /// The chunk being read, and where its unread bytes start.
    private var current: [UInt8] = []
    private var start = 0
    /// How many bytes were handed out.
    private var delivered = 0
    /// The chunks when made on demand (single-threaded).
    private var inline: WorksheetChunks?
    /// The thread making the chunks ahead (several threads).
    private var producer: ProducerThread<[UInt8]>?

    init(_ sheet: XLSXSheet, size: Int) {
        name = sheet.name
        self.size = size
        guard Parallelism.isParallel else {
            inline = WorksheetChunks(sheet)
            return
        }
        let chunks = ChunkSource(WorksheetChunks(sheet))
        producer = ProducerThread(name: "msoko xlsx sheet", capacity: Self.queueLength) { try chunks.next() }
    }

    /// The `count` bytes at `position`, which must follow the previous read.
    func read(position: Int64, count: Int) throws -> Data {
        guard position == delivered, delivered + count <= size else {
            throw XLSXWriterError(message: "sheet `\(name)`: read of \(count) bytes at \(position) outside the stated \(size) bytes")
        }
        var data = Data(capacity: count)
        while data.count < count {
            if start == current.count {
                guard let chunk = try nextChunk() else {
                    throw XLSXWriterError(message: "sheet `\(name)`: the XML is shorter than the stated \(size) bytes")
                }
                (current, start) = (chunk, 0)
                continue
            }
            let end = min(current.count, start + count - data.count)
            current.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(rebasing: $0[start..<end])) }
            start = end
        }
        delivered += count
        return data
    }

    /// Throws unless every byte was made and handed out, and no more.
    func finish() throws {
        guard delivered == size, start == current.count, try nextChunk() == nil else {
            throw XLSXWriterError(message: "sheet `\(name)`: the XML does not have the stated \(size) bytes")
        }
    }

    /// Stops the producer thread (after a failure: it may be waiting for room in the queue).
    func cancel() { producer?.cancel() }

    /// The next chunk, or nil after the last; throws the producer's error.
    private func nextChunk() throws -> [UInt8]? {
        if inline != nil { return try inline!.next() }
        return try producer?.next()
    }
}

/// The chunks of a sheet, for the producer thread (their only caller).
private final class ChunkSource: @unchecked Sendable {
    private var chunks: WorksheetChunks

    init(_ chunks: WorksheetChunks) { self.chunks = chunks }

    func next() throws -> [UInt8]? { try chunks.next() }
}

/// The lengths of the sheets' XML (`WorksheetXML.byteCounts(_:)`), measured
/// sheet after sheet on a thread of their own when msoko may use several, so
/// that the later sheets are measured while the first ones are compressed;
/// else each is measured when asked for.
final class WorksheetSizes: @unchecked Sendable {
    private let sheets: [XLSXSheet]
    /// How many sizes were handed out.
    private var taken = 0
    /// The thread measuring the sheets ahead (several threads).
    private var producer: ProducerThread<Int>?

    init(_ sheets: [XLSXSheet]) {
        self.sheets = sheets
        guard Parallelism.isParallel else { return }
        let source = SheetSizeSource(sheets)
        producer = ProducerThread(name: "msoko xlsx sizes", capacity: max(1, sheets.count)) { try source.next() }
    }

    /// The length of the next sheet's XML, waiting for it if need be (the
    /// sheets are asked for in order).
    func next() throws -> Int {
        defer { taken += 1 }
        guard let producer else { return try WorksheetXML.byteCounts([sheets[taken]])[0] }
        guard let size = try producer.next() else {
            throw XLSXWriterError(message: "no size was measured for sheet \(taken + 1)")
        }
        return size
    }

    /// Stops measuring after the current sheet (when writing failed).
    func cancel() { producer?.cancel() }
}

/// The sheets' lengths one after another, for the producer thread (their only caller).
private final class SheetSizeSource: @unchecked Sendable {
    private let sheets: [XLSXSheet]
    private var index = 0

    init(_ sheets: [XLSXSheet]) { self.sheets = sheets }

    func next() throws -> Int? {
        guard index < sheets.count else { return nil }
        defer { index += 1 }
        return try WorksheetXML.byteCounts([sheets[index]])[0]
    }
}
