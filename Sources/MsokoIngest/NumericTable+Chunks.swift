import Dispatch
import Foundation
import MsokoLinearAlgebra
import MsokoModel

extension NumericTable {
    // MARK: Parallel path for files without quotes

    /// The first failure of a chunk: the byte offset of its line, and what went wrong.
    private enum Failure: Sendable {
        case fieldCount(lineStart: Int, found: Int)
        case cell(lineStart: Int, numericIndex: Int, start: Int, end: Int)

        var lineStart: Int {
            switch self {
            case .fieldCount(let lineStart, _), .cell(let lineStart, _, _, _): return lineStart
            }
        }
    }

    /// What one chunk of lines produced (its values are written in place).
    private struct ChunkOutput: Sendable {
        var rows = 0
        var identifierRanges: [Int] = []
        var failure: Failure?
    }

    /// `10^exponent` for `0…22`, each exactly representable.
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1e0; case 1: 1e1; case 2: 1e2; case 3: 1e3; case 4: 1e4; case 5: 1e5
        case 6: 1e6; case 7: 1e7; case 8: 1e8; case 9: 1e9; case 10: 1e10; case 11: 1e11
        case 12: 1e12; case 13: 1e13; case 14: 1e14; case 15: 1e15; case 16: 1e16
        case 17: 1e17; case 18: 1e18; case 19: 1e19; case 20: 1e20; case 21: 1e21; default: 1e22
        }
    }

    /// Parses the numeric field starting at `cursor` in one pass with the
    /// field scan: `[+-]digits[.digits]` with at most 19 digits, a value up to
    /// 2⁵³ and at most 22 decimals, followed by `,`, a line end or the end of
    /// the input, is converted exactly as `NumberParser`'s fast path
    /// (Clinger 1990: one correctly rounded division by an exact power of
    /// ten), so the result is bit-identical; anything else (exponents, long
    /// mantissas, bad text) is delimited and handed to `NumberParser.parse`,
    /// then to `CellNumber` for the dialects. Returns the value (`nil` when not
    /// a number) and the field's end.
    @inline(__always)
    private static func scanNumber(_ bytes: UnsafePointer<UInt8>, at start: Int, count: Int) -> (value: Double?, end: Int) {
        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        // The sign without a branch: random signs would mispredict half the time.
        let first = start < count ? bytes[start] : 0
        let negative = first == UInt8(ascii: "-")
        var cursor = start &+ ((first &- UInt8(ascii: "+")) & 0xFD == 0 ? 1 : 0)  // `+` is 43, `-` is 45
        var mantissa: UInt64 = 0
        let integerStart = cursor
        while cursor < count {
            let digit = bytes[cursor] &- 48
            if digit >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(digit)
            cursor &+= 1
        }
        var digits = cursor &- integerStart
        var decimals = 0
        if cursor < count, bytes[cursor] == UInt8(ascii: ".") {
            cursor &+= 1
            let fractionStart = cursor
            while cursor < count {
                let digit = bytes[cursor] &- 48
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                cursor &+= 1
            }
            decimals = cursor &- fractionStart
            digits &+= decimals
        }
        let delimited = cursor == count || bytes[cursor] == comma || bytes[cursor] == newline
            || (bytes[cursor] == carriageReturn && (cursor + 1 == count || bytes[cursor + 1] == newline))
        if delimited, digits > 0, digits <= 19, mantissa <= 1 << 53, decimals <= 22 {
            let value = Double(mantissa) / powerOfTen(decimals)
            return (negative ? -value : value, cursor)
        }
        // General case: find the field's end and use the strict parser.
        var end = start
        while end < count, bytes[end] != comma, bytes[end] != newline { end += 1 }
        var fieldEnd = end
        if fieldEnd > start, bytes[fieldEnd - 1] == carriageReturn, end == count || bytes[end] == newline { fieldEnd -= 1 }
        // Spaces, thousands separators and `%` are read as in any table
        // (docs/contract.md §7.1); a decimal comma cannot occur in an unquoted field.
        let reading = CellNumber.read(UnsafeBufferPointer(start: bytes, count: count), from: start, to: fieldEnd, decimalComma: false)
        guard case .number(let value) = reading, value.isFinite else { return (nil, fieldEnd) }
        return (value, fieldEnd)
    }

    static func parseUnquoted(
        _ buffer: UnsafeBufferPointer<UInt8>, file: String, hasIdentifierColumn: Bool,
        keepsIdentifiers: Bool, usesConcurrency: Bool
    ) throws -> NumericTable {
        let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"), comma = UInt8(ascii: ",")
        let count = buffer.count
        var position = 0
        if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        // Blank lines before the header.
        while position < count, buffer[position] == newline || buffer[position] == carriageReturn { position += 1 }
        guard position < count else { throw IngestError(file: file, "the file is empty: expected a header and data rows") }
        var headerEnd = position
        while headerEnd < count, buffer[headerEnd] != newline { headerEnd += 1 }
        var headerTextEnd = headerEnd
        if headerTextEnd > position, buffer[headerTextEnd - 1] == carriageReturn { headerTextEnd -= 1 }
        let headerText = String(decoding: UnsafeBufferPointer(rebasing: buffer[position..<headerTextEnd]), as: UTF8.self)
        let names = headerText.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let (identifierColumn, columnNames) = try header(names, file: file, hasIdentifierColumn: hasIdentifierColumn)
        let fieldCount = names.count
        let numericCount = columnNames.count
        let offset = hasIdentifierColumn ? 1 : 0
        let dataStart = min(count, headerEnd + 1)

        // Chunks of about 2 MB cut at line starts (at most 16); their number
        // depends only on the size. Each chunk's line count bounds its rows,
        // so every chunk writes its values straight into the final array.
        let dataSize = count - dataStart
        let chunkCount = max(1, min(16, dataSize / (2 << 20)))
        let cuts = LineChunks.boundaries(buffer, from: dataStart, chunks: chunkCount)
        let base = SharedPointer(buffer.baseAddress!)
        let forEachChunk = { (body: @Sendable (Int) -> Void) in
            if usesConcurrency && chunkCount > 1 {
                DispatchQueue.concurrentPerform(iterations: chunkCount) { body($0) }
            } else {
                for chunk in 0..<chunkCount { body(chunk) }
            }
        }
        let lineCounts = ChunkSlots<Int>(count: chunkCount, initial: 0)
        forEachChunk { chunk in
            var lines = 0
            var cursor = cuts[chunk]
            let end = cuts[chunk + 1]
            while cursor < end {
                guard let found = memchr(base.base + cursor, Int32(newline), end - cursor) else {
                    lines += 1  // a last line without a line end
                    break
                }
                lines += 1
                cursor = base.base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            lineCounts.store(lines, at: chunk)
        }
        let capacities = lineCounts.values()
        var firstRows = [0]
        for capacity in capacities { firstRows.append(firstRows.last! + capacity) }
        let rowCapacity = firstRows.last!
        let firstRow = firstRows
        let keepsRanges = hasIdentifierColumn && keepsIdentifiers
        let outputs = ChunkSlots<ChunkOutput>(count: chunkCount, initial: ChunkOutput())
        var values = [Double](unsafeUninitializedCapacity: max(1, rowCapacity * numericCount)) { storage, initialized in
            let target = SharedPointer(storage.baseAddress!)
            forEachChunk { chunk in
                let bytes = base.base
                var output = ChunkOutput()
                var write = target.base + firstRow[chunk] * numericCount
                let end = cuts[chunk + 1]
                var cursor = cuts[chunk]
                lines: while cursor < end {
                    let lineStart = cursor
                    if bytes[cursor] == newline { cursor += 1; continue }
                    if bytes[cursor] == carriageReturn, cursor + 1 < count, bytes[cursor + 1] == newline { cursor += 2; continue }
                    if offset == 1 {
                        let fieldStart = cursor
                        while cursor < count, bytes[cursor] != comma, bytes[cursor] != newline { cursor += 1 }
                        if keepsRanges {
                            var fieldEnd = cursor
                            if fieldEnd > fieldStart, bytes[fieldEnd - 1] == carriageReturn { fieldEnd -= 1 }
                            output.identifierRanges.append(fieldStart)
                            output.identifierRanges.append(fieldEnd)
                        }
                        guard cursor < count, bytes[cursor] == comma else {
                            output.failure = .fieldCount(lineStart: lineStart, found: 1)
                            break lines
                        }
                        cursor += 1
                    }
                    for column in 0..<numericCount {
                        let (value, fieldEnd) = scanNumber(bytes, at: cursor, count: count)
                        guard let value else {
                            var end = fieldEnd
                            while end < count, bytes[end] != comma, bytes[end] != newline { end += 1 }
                            var textEnd = end
                            if textEnd > cursor, bytes[textEnd - 1] == carriageReturn { textEnd -= 1 }
                            output.failure = .cell(lineStart: lineStart, numericIndex: column, start: cursor, end: textEnd)
                            break lines
                        }
                        write[column] = value
                        cursor = fieldEnd
                        if bytes[safe: cursor, count] == carriageReturn { cursor += 1 }
                        let last = column == numericCount - 1
                        let next = cursor < count ? bytes[cursor] : newline
                        if next == comma && !last {
                            cursor += 1
                        } else if next == newline && last {
                            cursor += 1
                        } else {
                            // Too few or too many fields: count them for the message.
                            var fields = offset + column + 1
                            while cursor < count, bytes[cursor] != newline {
                                if bytes[cursor] == comma { fields += 1 }
                                cursor += 1
                            }
                            output.failure = .fieldCount(lineStart: lineStart, found: fields)
                            break lines
                        }
                    }
                    write += numericCount
                    output.rows += 1
                }
                outputs.store(output, at: chunk)
            }
            // Blank lines leave gaps at the end of a chunk's share: close them.
            let parts = outputs.values()
            var filled = 0
            for (chunk, part) in parts.enumerated() {
                let source = storage.baseAddress! + firstRow[chunk] * numericCount
                if filled != firstRow[chunk] * numericCount {
                    (storage.baseAddress! + filled).update(from: source, count: part.rows * numericCount)
                }
                filled += part.rows * numericCount
            }
            initialized = filled
        }
        let parts = outputs.values()
        for part in parts {
            guard let failure = part.failure else { continue }
            let line = LineChunks.lineNumber(ofOffset: failure.lineStart, in: buffer)
            switch failure {
            case .fieldCount(_, let found):
                throw IngestError(file: file, line: line, "the row has \(found) fields, the header has \(fieldCount)")
            case .cell(_, let index, let start, let end):
                let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
                throw cellError(file: file, line: line, columnNames: columnNames, numericIndex: index, offset: offset, text: text)
            }
        }
        let rows = parts.reduce(0) { $0 + $1.rows }
        guard rows > 0 else { throw IngestError(file: file, line: 1, "the file has a header but no data rows") }
        if values.count > rows * numericCount { values.removeLast(values.count - rows * numericCount) }
        var identifiers: [String] = []
        if keepsRanges {
            identifiers.reserveCapacity(rows)
            for part in parts {
                for pair in stride(from: 0, to: part.identifierRanges.count, by: 2) {
                    let range = part.identifierRanges[pair]..<part.identifierRanges[pair + 1]
                    identifiers.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self))
                }
            }
        }
        return NumericTable(identifierColumn: identifierColumn, columnNames: columnNames, identifiers: identifiers,
                            rowCount: rows, rowMajorValues: values)
    }

    private final class ChunkSlots<Value: Sendable>: @unchecked Sendable {
        private var slots: [Value]
        private let lock = NSLock()
        init(count: Int, initial: Value) { slots = Array(repeating: initial, count: count) }
        func store(_ value: Value, at index: Int) {
            lock.lock(); slots[index] = value; lock.unlock()
        }
        func values() -> [Value] { lock.lock(); defer { lock.unlock() }; return slots }
    }
}

extension UnsafePointer where Pointee == UInt8 {
    /// The byte at `index`, or a line feed past the end (the end of input ends a line).
    @inline(__always)
    fileprivate subscript(safe index: Int, _ count: Int) -> UInt8 {
        index < count ? self[index] : UInt8(ascii: "\n")
    }
}
