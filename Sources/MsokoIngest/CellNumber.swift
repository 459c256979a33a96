/// Numbers as schools write them (docs/contract.md §7.1): besides the canonical
/// `37.5`, a decimal comma (`37,5`) where the file allows it, thousands
/// separated by a space, a no-break space or a thin space (`1 234`), a `%`
/// after the number (`37,5 %`) and the minus sign `−`.
///
/// The canonical form is tried first, on the bytes (`NumberParser`), so a
/// canonical file pays nothing for the dialects; only a cell that fails it
/// is rewritten into the canonical form and parsed again.
public enum CellNumber {
    /// What a cell holds.
    public enum Reading: Equatable, Sendable {
        case number(Double)
        /// A number with a decimal comma where the file does not allow one
        /// (a comma-delimited CSV without `decimal: ","`).
        case decimalComma
        case notANumber
    }

    /// Reads bytes `start..<end` of `buffer` (spaces around are ignored).
    public static func read(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                            decimalComma: Bool) -> Reading {
        if let value = NumberParser.parse(buffer, from: start, to: end) { return .number(value) }
        return readDialect(buffer, from: start, to: end, decimalComma: decimalComma)
    }

    /// Reads a text the same way.
    public static func read(_ text: String, decimalComma: Bool) -> Reading {
        var text = text
        return text.withUTF8 { read($0, from: 0, to: $0.count, decimalComma: decimalComma) }
    }

    /// The slow path: the cell rewritten into canonical bytes.
    static func readDialect(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                            decimalComma: Bool) -> Reading {
        var bytes = Array(buffer[start..<end])
        trimSpaces(&bytes)
        if bytes.last == UInt8(ascii: "%") {
            bytes.removeLast()
            trimSpaces(&bytes)
        }
        guard !bytes.isEmpty else { return .notANumber }
        var canonical: [UInt8] = []
        canonical.reserveCapacity(bytes.count)
        var commas = 0, dots = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Separators of thousands: only between digits.
            let separatorLength = spaceLength(bytes, at: index)
            if separatorLength > 0 {
                let before = canonical.last.map { $0 &- 48 < 10 } ?? false
                let afterIndex = index + separatorLength
                let after = afterIndex < bytes.count && bytes[afterIndex] &- 48 < 10
                guard before && after else { return .notANumber }
                index = afterIndex
                continue
            }
            // U+2212 MINUS SIGN.
            if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x88, bytes[index + 2] == 0x92 {
                canonical.append(UInt8(ascii: "-"))
                index += 3
                continue
            }
            if byte == UInt8(ascii: ",") {
                commas += 1
                canonical.append(UInt8(ascii: "."))
            } else {
                if byte == UInt8(ascii: ".") { dots += 1 }
                canonical.append(byte)
            }
            index += 1
        }
        // `1.234,5` (dots grouping thousands) or `1,234.5` is ambiguous: refuse.
        guard commas + dots <= 1 else { return .notANumber }
        let value = canonical.withUnsafeBufferPointer { NumberParser.parse($0, from: 0, to: $0.count) }
        guard let value else { return .notANumber }
        if commas > 0 && !decimalComma { return .decimalComma }
        return .number(value)
    }

    /// The length of a space-like separator at `index` (space, tab, U+00A0,
    /// U+2009 thin space, U+202F narrow no-break space), or 0.
    static func spaceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let byte = bytes[index]
        if byte == 0x20 || byte == 0x09 { return 1 }
        if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 { return 2 }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
           bytes[index + 2] == 0x89 || bytes[index + 2] == 0xAF { return 3 }
        return 0
    }

    static func trimSpaces(_ bytes: inout [UInt8]) {
        var start = 0
        while start < bytes.count {
            let length = spaceLength(bytes, at: start)
            if length == 0 { break }
            start += length
        }
        if start > 0 { bytes.removeFirst(start) }
        while let last = bytes.last {
            if last == 0x20 || last == 0x09 { bytes.removeLast(); continue }
            if last == 0xA0, bytes.count >= 2, bytes[bytes.count - 2] == 0xC2 { bytes.removeLast(2); continue }
            if bytes.count >= 3, bytes[bytes.count - 3] == 0xE2, bytes[bytes.count - 2] == 0x80,
               last == 0x89 || last == 0xAF { bytes.removeLast(3); continue }
            break
        }
    }
}
