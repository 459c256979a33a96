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
        1 + newlineCount(UnsafeBufferPointer(rebasing: buffer[..<min(offset, buffer.count)]))
    }

    /// The number of line feeds in `buffer`, counted eight bytes at a time
    /// (a `memchr` call per line cost more on rows of some forty bytes).
    public static func newlineCount(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        var count = 0, offset = 0
        while offset + 8 <= buffer.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ newlines
            // Exactly the top bit of each zero byte (a line feed before the xor).
            count += (~(((word & low7) &+ low7) | word | low7)).nonzeroBitCount
            offset += 8
        }
        while offset < buffer.count {
            if buffer[offset] == 0x0A { count += 1 }
            offset += 1
        }
        return count
    }
}
