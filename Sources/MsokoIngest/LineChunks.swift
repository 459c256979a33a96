import Foundation

/// How the parallel readers (numeric tables, trend series) cut a delimited
/// file without quotes: there a record is exactly one line, so chunks cut at
/// line starts can be parsed independently and joined in order.
public enum LineChunks {
    /// `chunks + 1` offsets: the first is `start`, the last the buffer's
    /// end, and each cut between them is moved forward to a line start. The
    /// cuts depend only on the size, never on timing.
    public static func boundaries(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, chunks: Int) -> [Int] {
        let count = buffer.count
        let size = count - start
        var cuts = [start]
        for chunk in 1..<max(chunks, 1) {
            var cut = max(cuts[cuts.count - 1], start + size * chunk / chunks)
            while cut < count, cut > start, buffer[cut - 1] != UInt8(ascii: "\n") { cut += 1 }
            cuts.append(cut)
        }
        cuts.append(count)
        return cuts
    }

    /// The 1-based line of a byte offset.
    public static func lineNumber(ofOffset offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        var cursor = 0
        while cursor < offset, let found = memchr(buffer.baseAddress! + cursor, Int32(UInt8(ascii: "\n")), offset - cursor) {
            line += 1
            cursor = buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return line
    }
}
