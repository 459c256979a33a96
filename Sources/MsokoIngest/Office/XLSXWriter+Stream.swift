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

/// The worksheets' XML chunks in sheet order, each sheet's chunks followed
/// by an end (`next()` returns nil once per sheet). When msoko may use
/// several threads they are made on a thread of its own, a couple of chunks
/// ahead of the zip writer that compresses them; else each is made when
/// asked for.
final class WorksheetChunkQueue {
    /// A chunk of a sheet's XML, or the end of that sheet.
    enum Piece: Sendable {
        case chunk([UInt8])
        case sheetEnd
    }

    private let source: Source
    private let producer: ProducerThread<Piece>?

    init(_ sheets: [XLSXSheet]) {
        source = Source(sheets)
        if Parallelism.isParallel {
            let source = source
            producer = ProducerThread(name: "msoko xlsx sheets", capacity: 2) { try source.next() }
        } else {
            producer = nil
        }
    }

    /// The current sheet's next chunk; nil at its end, after which the next
    /// call starts the next sheet.
    func next() throws -> [UInt8]? {
        let piece = try producer.map { try $0.next() } ?? source.next()
        switch piece {
        case .chunk(let bytes): return bytes
        case .sheetEnd: return nil
        case nil: throw XLSXWriterError(message: "a worksheet was asked for after the last one")
        }
    }

    /// Stops making chunks (after a failure).
    func cancel() { producer?.cancel() }

    /// The pieces one after another, for the producer thread or the caller
    /// (one at a time, never both).
    private final class Source: @unchecked Sendable {
        private let sheets: [XLSXSheet]
        private var index = 0
        private var chunks: WorksheetChunks?

        init(_ sheets: [XLSXSheet]) { self.sheets = sheets }

        func next() throws -> Piece? {
            guard index < sheets.count else { return nil }
            if chunks == nil { chunks = WorksheetChunks(sheets[index]) }
            if let chunk = try chunks?.next() { return .chunk(chunk) }
            chunks = nil
            index += 1
            return .sheetEnd
        }
    }
}
