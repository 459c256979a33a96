import Foundation
import MsokoIngest
import MsokoLinearAlgebra

/// The series of a `series,t,value` file (docs/contract.md §4), grouped: series k
/// has its points at `offsets[k]..<offsets[k + 1]` of `times` and `values`,
/// in file order, and the series are in order of first appearance.
struct TrendInput: Sendable {
    /// The series names as bytes (UTF-8 as read), in order of first appearance.
    var names: ByteInterner
    var offsets: [Int]
    var times: [Double]
    var values: [Double]

    var seriesCount: Int { names.count }
}

/// Reads `series,t,value` files for `msoko trend`.
///
/// Two paths, with the same result:
/// - Plain comma-separated UTF-8 without any `"` is read by a specialised
///   line parser, one chunk per thread, chunks cut at line ends
///   (`LineChunks`). Measured on 1.6 M series × 8 points (397 MB): the
///   general RFC 4180 `CSVReader` plus per-row work takes several times
///   longer than this path on one core, and the benchmark budget is 10 s
///   for everything.
/// - Any other table of docs/contract.md §7.1 (quoted names with commas, quotes or
///   line breaks; `;` or tab; Windows-1251; decimal commas; a sheet) goes
///   through its `TableCursor` on one thread.
///
/// Rules: the header must be exactly `series,t,value`; `t` must be a number;
/// `value` is a number or empty (missing — dropped by the analysis); every
/// row has exactly three fields; blank lines are skipped. The first error in
/// file order is reported, with its 1-based line and column name.
enum TrendInputReader {
    static let header = ["series", "t", "value"]

    static func read(bytes: [UInt8], file: String, threads: Int) throws -> TrendInput {
        try read(TableDocument(delimited: bytes, path: file), threads: threads)
    }

    /// Plain comma-separated UTF-8 without quotes takes the parallel line
    /// parser; every other table (quoted fields, `;` or tab, Windows-1251,
    /// decimal commas, a sheet) goes row by row through its cursor.
    static func read(_ document: TableDocument, threads: Int) throws -> TrendInput {
        let chunks = document.isPlainCommaCSV
            ? try readUnquoted(bytes: document.bytes, file: document.file, threads: threads)
            : [try readRows(document)]
        return group(chunks)
    }

    /// Rows of one chunk: a local series index per row, the local names in
    /// order of first appearance.
    struct Chunk: Sendable {
        var names = ByteInterner()
        var rowSeries: [Int32] = []
        var times: [Double] = []
        var values: [Double] = []
        var lineCount = 0
    }

    // MARK: - Unquoted files, in parallel

    private static func readUnquoted(bytes: [UInt8], file: String, threads: Int) throws -> [Chunk] {
        try bytes.withUnsafeBufferPointer { buffer -> [Chunk] in
            let count = buffer.count
            var start = 0
            if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
            // Header: the first line.
            var headerEnd = start
            while headerEnd < count && buffer[headerEnd] != UInt8(ascii: "\n") { headerEnd += 1 }
            var headerContentEnd = headerEnd
            if headerContentEnd > start && buffer[headerContentEnd - 1] == UInt8(ascii: "\r") { headerContentEnd -= 1 }
            let headerText = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<headerContentEnd]), as: UTF8.self)
            try checkHeader(headerText.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
                            text: headerText, file: file)
            let bodyStart = min(headerEnd + 1, count)
            // Cut the body into chunks at line ends.
            let chunkCount = max(1, min(threads, (count - bodyStart) / (1 << 20) + 1))
            let cuts = LineChunks.boundaries(buffer, from: bodyStart, chunks: chunkCount)
            let results = UnsafeMutableBufferPointer<Result<Chunk, LocatedError>>.allocate(capacity: chunkCount)
            defer { results.deallocate() }
            let sharedResults = SharedPointer(results)
            let sharedBuffer = SharedPointer(buffer)
            let parse: @Sendable (Int) -> Void = { index in
                let result: Result<Chunk, LocatedError>
                do throws(LocatedError) {
                    result = .success(try parseLines(sharedBuffer.base, from: cuts[index], to: cuts[index + 1]))
                } catch {
                    result = .failure(error)
                }
                (sharedResults.base.baseAddress! + index).initialize(to: result)
            }
            if chunkCount == 1 { parse(0) } else { DispatchQueue.concurrentPerform(iterations: chunkCount, execute: parse) }
            var chunks: [Chunk] = []
            var linesBefore = 1  // the header
            for index in 0..<chunkCount {
                switch results[index] {
                case .success(let chunk):
                    chunks.append(chunk)
                    linesBefore += chunk.lineCount
                case .failure(let error):
                    for rest in index..<chunkCount { _ = (results.baseAddress! + rest).move() }
                    throw IngestError(file: file, line: linesBefore + error.line, column: error.column, error.message)
                }
            }
            for index in 0..<chunkCount { _ = (results.baseAddress! + index).move() }
            return chunks
        }
    }

    /// An error at a line relative to the start of a chunk (1-based).
    struct LocatedError: Error, Sendable {
        let line: Int
        let column: String?
        let message: String
    }

    /// Parses whole lines `from..<to` (every line of the range is complete).
    private static func parseLines(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) throws(LocatedError) -> Chunk {
        var chunk = Chunk()
        let estimate = (end - from) / 24
        chunk.rowSeries.reserveCapacity(estimate)
        chunk.times.reserveCapacity(estimate)
        chunk.values.reserveCapacity(estimate)
        var previousStart = -1, previousEnd = -1
        var previousSeries: Int32 = -1
        var position = from
        var line = 0
        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let base = buffer.baseAddress!
        while position < end {
            line += 1
            // The line's extent.
            var lineEnd = position
            if let found = memchr(base + position, Int32(newline), end - position) {
                lineEnd = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            } else {
                lineEnd = end
            }
            let next = lineEnd + 1
            var contentEnd = lineEnd
            if contentEnd > position && buffer[contentEnd - 1] == carriageReturn { contentEnd -= 1 }
            if contentEnd == position {  // blank line
                position = next
                continue
            }
            // Fields.
            var firstComma = position
            while firstComma < contentEnd && buffer[firstComma] != comma { firstComma += 1 }
            guard firstComma < contentEnd else {
                throw LocatedError(line: line, column: "t", message: "row has 1 field, expected 3 (series,t,value)")
            }
            var secondComma = firstComma + 1
            while secondComma < contentEnd && buffer[secondComma] != comma { secondComma += 1 }
            guard secondComma < contentEnd else {
                throw LocatedError(line: line, column: "value", message: "row has 2 fields, expected 3 (series,t,value)")
            }
            var extra = secondComma + 1
            while extra < contentEnd && buffer[extra] != comma { extra += 1 }
            guard extra == contentEnd else {
                var fields = 4
                for cursor in (extra + 1)..<contentEnd where buffer[cursor] == comma { fields += 1 }
                throw LocatedError(line: line, column: nil,
                                   message: "row has \(fields) fields, expected 3 (series,t,value)")
            }
            // Series: the same bytes as the previous row (the usual case of
            // a file sorted by series) need no lookup.
            let nameLength = firstComma - position
            var series: Int32
            if previousSeries >= 0 && nameLength == previousEnd - previousStart
                && memcmp(base + position, base + previousStart, nameLength) == 0 {
                series = previousSeries
            } else {
                series = Int32(chunk.names.index(of: UnsafeRawBufferPointer(start: base + position, count: nameLength)))
                previousSeries = series
                previousStart = position
                previousEnd = firstComma
            }
            guard let time = NumberParser.parse(buffer, from: firstComma + 1, to: secondComma) else {
                let text = String(decoding: UnsafeBufferPointer(start: base + firstComma + 1, count: secondComma - firstComma - 1), as: UTF8.self)
                throw LocatedError(line: line, column: "t",
                                   message: text.isEmpty ? "the time is empty" : "\"\(text)\" is not a number")
            }
            let value: Double
            if secondComma + 1 == contentEnd {
                value = .nan
            } else if let parsed = NumberParser.parse(buffer, from: secondComma + 1, to: contentEnd) {
                value = parsed
            } else {
                let text = String(decoding: UnsafeBufferPointer(start: base + secondComma + 1, count: contentEnd - secondComma - 1), as: UTF8.self)
                throw LocatedError(line: line, column: "value", message: "\"\(text)\" is not a number")
            }
            chunk.rowSeries.append(series)
            chunk.times.append(time)
            chunk.values.append(value)
            position = next
        }
        chunk.lineCount = line
        return chunk
    }

    // MARK: - Any other table, row by row

    private static func readRows(_ document: TableDocument) throws -> Chunk {
        let file = document.file
        var cursor = document.makeCursor()
        var fields: [CSVField] = []
        guard let headerLine = try cursor.next(into: &fields) else {
            throw IngestError(file: file, line: 1, "the file is empty; expected the header series,t,value")
        }
        let names = document.headerNames(fields)
        try checkHeader(names, text: names.joined(separator: ","), file: file, line: headerLine)
        var chunk = Chunk()
        while let line = try cursor.next(into: &fields) {
            guard document.fit(&fields, width: 3) else {
                let column: String? = fields.count < 3 ? header[fields.count] : nil
                throw IngestError(file: file, line: line, column: column,
                                  "row has \(fields.count) field\(fields.count == 1 ? "" : "s"), expected 3 (series,t,value)")
            }
            var name = document.string(fields[0]) ?? document.lossyString(fields[0])
            let series = name.withUTF8 { Int32(chunk.names.index(of: UnsafeRawBufferPointer($0))) }
            guard case .number(let time) = document.number(fields[1]) else {
                let text = document.lossyString(fields[1])
                throw IngestError(file: file, line: line, column: "t",
                                  text.isEmpty ? "the time is empty" : "\"\(text)\" is not a number")
            }
            let value: Double
            if document.isBlank(fields[2]) {
                value = .nan
            } else if case .number(let parsed) = document.number(fields[2]) {
                value = parsed
            } else {
                throw IngestError(file: file, line: line, column: "value", "\"\(document.lossyString(fields[2]))\" is not a number")
            }
            chunk.rowSeries.append(series)
            chunk.times.append(time)
            chunk.values.append(value)
        }
        return chunk
    }

    private static func checkHeader(_ names: [String], text: String, file: String, line: Int = 1) throws {
        guard names == header else {
            throw IngestError(file: file, line: line, column: nil,
                              "expected the header \"series,t,value\", found \"\(text)\"")
        }
    }

    // MARK: - Grouping

    /// Joins the chunks: global series numbers in order of first appearance,
    /// then the rows grouped by series (a stable counting sort, skipped when
    /// every series already occupies one run of rows in order).
    private static func group(_ chunks: [Chunk]) -> TrendInput {
        var names = chunks.first?.names ?? ByteInterner()
        var maps: [[Int]] = [Array(0..<names.count)]
        for chunk in chunks.dropFirst() {
            var map = [Int](repeating: 0, count: chunk.names.count)
            chunk.names.bytes.withUnsafeBytes { stored in
                for local in 0..<chunk.names.count {
                    let start = chunk.names.offsets[local], end = chunk.names.offsets[local + 1]
                    map[local] = names.index(of: UnsafeRawBufferPointer(rebasing: stored[start..<end]))
                }
            }
            maps.append(map)
        }
        let rowCount = chunks.reduce(0) { $0 + $1.rowSeries.count }
        var counts = [Int](repeating: 0, count: names.count + 1)
        var inOrder = true
        var last = -1
        for (chunk, map) in zip(chunks, maps) {
            for local in chunk.rowSeries {
                let series = map[Int(local)]
                counts[series + 1] += 1
                if series != last {
                    if series != last + 1 { inOrder = false }
                    last = series
                }
            }
        }
        var offsets = counts
        for k in 0..<names.count { offsets[k + 1] += offsets[k] }
        if inOrder {
            var times: [Double] = [], values: [Double] = []
            times.reserveCapacity(rowCount)
            values.reserveCapacity(rowCount)
            for chunk in chunks {
                times.append(contentsOf: chunk.times)
                values.append(contentsOf: chunk.values)
            }
            return TrendInput(names: names, offsets: offsets, times: times, values: values)
        }
        var times = [Double](repeating: 0, count: rowCount), values = [Double](repeating: 0, count: rowCount)
        var cursor = offsets
        for (chunk, map) in zip(chunks, maps) {
            for row in chunk.rowSeries.indices {
                let series = map[Int(chunk.rowSeries[row])]
                times[cursor[series]] = chunk.times[row]
                values[cursor[series]] = chunk.values[row]
                cursor[series] += 1
            }
        }
        return TrendInput(names: names, offsets: offsets, times: times, values: values)
    }
}
