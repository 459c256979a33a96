import Foundation

/// A machine-readable output table (`tables/*.csv`): a header and rows of
/// already-formatted cells. UTF-8, comma-separated, RFC 4180 quoting, dot
/// decimals, `\n` line ends.
///
/// A report table is opened in a spreadsheet, so `csv` is formula-safe
/// (OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return gets a leading `'`, and Excel or LibreOffice
/// show it as text instead of evaluating it. Numbers (`-1.5`, `+2e3`) are
/// left alone. Files msoko reads back (the sample district's inputs, the
/// fill-in forms) use `verbatimCSV`, which keeps every cell as it is.
public struct Table: Equatable, Sendable {
    public let columns: [String]
    public private(set) var rows: [[String]]

    public init(columns: [String], rows: [[String]] = []) {
        self.columns = columns
        self.rows = []
        for row in rows { append(row) }
    }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }

    /// The CSV text of a report table, formula-safe (see the type's doc).
    public var csv: String { String(decoding: csvBytes(formulaSafe: true), as: UTF8.self) }

    /// The CSV text with every cell verbatim: for files msoko (or another
    /// program) reads back as data, never for a table of the report.
    public var verbatimCSV: String { String(decoding: csvBytes(formulaSafe: false), as: UTF8.self) }

    /// `csv`'s bytes handed to `consume` in pieces of at least `chunkBytes`
    /// (whole rows; the last piece may be shorter), in order: a national
    /// table is written without its CSV ever held whole.
    public func csvChunks(chunkBytes: Int = 1 << 20, _ consume: ([UInt8]) throws -> Void) rethrows {
        try csvBytes(formulaSafe: true, chunkBytes: chunkBytes, consume)
    }

    /// The whole CSV as one array of bytes.
    private func csvBytes(formulaSafe: Bool) -> [UInt8] {
        var whole: [UInt8] = []
        csvBytes(formulaSafe: formulaSafe, chunkBytes: .max) { whole = $0 }
        return whole
    }

    /// Every row as `quote(formulaSafe(cell))` (or `quote(cell)`), joined
    /// by commas, each line ended by `\n`; the rules applied to the bytes.
    /// The rows go to `consume` in pieces of at least `chunkBytes`.
    private func csvBytes(formulaSafe: Bool, chunkBytes: Int, _ consume: ([UInt8]) throws -> Void) rethrows {
        var bytes: [UInt8] = []
        let estimate = (rows.count + 1) * columns.count * 8
        bytes.reserveCapacity(chunkBytes < estimate ? chunkBytes + (1 << 16) : estimate)
        func put(_ cell: String) {
            var cell = cell
            let prefix = formulaSafe && Table.formulaSafe(cell).utf8.count != cell.utf8.count
            cell.withUTF8 { utf8 in
                let quoted = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
                    || (!prefix && utf8.starts(with: [0xEF, 0xBB, 0xBF]))
                if quoted { bytes.append(UInt8(ascii: "\"")) }
                if prefix { bytes.append(UInt8(ascii: "'")) }
                if quoted {
                    for byte in utf8 {
                        if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                        bytes.append(byte)
                    }
                    bytes.append(UInt8(ascii: "\""))
                } else {
                    bytes.append(contentsOf: utf8)
                }
            }
        }
        func putRow(_ row: [String]) {
            for (position, cell) in row.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                put(cell)
            }
            bytes.append(0x0A)
        }
        putRow(columns)
        for row in rows {
            putRow(row)
            if bytes.count >= chunkBytes {
                try consume(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        if !bytes.isEmpty { try consume(bytes) }
    }

    /// `cell` with a leading `'` when a spreadsheet would take it for a
    /// formula: it starts with `=`, `+`, `-`, `@`, tab or CR and is not a
    /// number (OWASP, "CSV Injection": prefix such cells with a single quote).
    /// A number is an optional sign, digits with at most one `.`, and an
    /// optional exponent; `-inf` and `-nan` are not numbers here.
    public static func formulaSafe(_ cell: String) -> String {
        guard let first = cell.utf8.first,
              first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
        else { return cell }
        return isPlainNumber(cell) ? cell : "'" + cell
    }

    /// Whether `text` is `[+-]?digits[.digits][(e|E)[+-]?digits]` with at
    /// least one digit before the exponent.
    static func isPlainNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        func digits() -> Int {
            var count = 0
            while let byte = bytes.first, byte >= 48, byte <= 57 { bytes.removeFirst(); count += 1 }
            return count
        }
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes.removeFirst() }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") { bytes.removeFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes.removeFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// RFC 4180 quoting: a cell with a comma, quote, CR or LF is quoted, and
    /// quotes inside are doubled. Bytes are tested, not `Character`s: the
    /// grapheme `"\r\n"` equals neither `"\r"` nor `"\n"`, and was written
    /// bare (found by the round-trip property test). A cell starting with a
    /// byte-order mark is quoted too, or a reader would drop the mark as the
    /// file's own.
    /// Quotes are doubled byte by byte: a quote followed by a combining
    /// mark is a quote all the same.
    public static func quote(_ cell: String) -> String {
        if cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D })
            || cell.unicodeScalars.first == "\u{FEFF}" {
            var bytes: [UInt8] = [UInt8(ascii: "\"")]
            for byte in cell.utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
            return String(decoding: bytes, as: UTF8.self)
        }
        return cell
    }

    // MARK: Cell formatting, the one place numbers become table text.

    /// A number as it appears in tables: at most `digits` decimals (default
    /// 6), trailing zeros removed, `-0` written as `0`; `nil`, NaN and ±Inf
    /// become an empty cell. Fixed decimals keep the output byte-identical
    /// across runs and machines.
    public static func number(_ value: Double?, digits: Int = 6) -> String {
        guard let value, value.isFinite else { return "" }
        return decimal(value, digits: digits, trimmingZeros: true)
    }

    /// `value` with `digits` decimals, rounded half away from zero (the one
    /// rounding rule of every number msoko prints, in tables and in reports);
    /// `-0` is written `0`. With `trimmingZeros` trailing zeros and a bare
    /// point are dropped. `value` must be finite.
    public static func decimal(_ value: Double, digits: Int, trimmingZeros: Bool) -> String {
        // Fast path (tables hold millions of cells at national scale, and
        // `String(format:)` dominated writing them): scale to an integer count
        // of 10⁻ᵈ units, rounded half away from zero, and print its digits.
        if let units = decimalUnits(value, digits: digits) {
            var text = units.negative ? "-" : ""
            text += String(units.whole)
            var fraction = units.fraction
            var width = digits
            if trimmingZeros {
                while width > 0, fraction % 10 == 0 { fraction /= 10; width -= 1 }
            }
            if width > 0 {
                let fractionText = String(fraction)
                text += "." + String(repeating: "0", count: width - fractionText.count) + fractionText
            }
            return text
        }
        var text = String(format: "%.\(digits)f", value.rounded(.toNearestOrAwayFromZero, digits: digits))
        if trimmingZeros, text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return text
    }

    /// `value` rounded half away from zero to `digits` decimals, as a sign,
    /// a whole part and the `digits` decimals as an integer, when |value| <
    /// 10⁹ and `digits` is 0…9 (nil otherwise): the rounding of `decimal`'s
    /// fast path, shared with writers that print the digits their own way
    /// (the report's numbers), so a number rounds alike everywhere.
    public static func decimalUnits(_ value: Double, digits: Int) -> (negative: Bool, whole: UInt64, fraction: UInt64)? {
        guard digits >= 0, digits <= 9, abs(value) < 1e9 else { return nil }
        let unit = powersOfTen[digits]
        let scaled = Int64((value * Double(unit)).rounded(.toNearestOrAwayFromZero))
        return (scaled < 0, scaled.magnitude / UInt64(unit), scaled.magnitude % UInt64(unit))
    }

    private static let powersOfTen: [Int64] = (0...9).map { exponent in
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    public static func integer(_ value: Int?) -> String { value.map { String($0) } ?? "" }

    public static func bool(_ value: Bool?) -> String {
        guard let value else { return "" }
        return value ? "true" : "false"
    }
}

extension Double {
    /// Rounded to `digits` decimals, half away from zero (for the slow path
    /// of `Table.decimal`, so both paths round alike).
    func rounded(_ rule: FloatingPointRoundingRule, digits: Int) -> Double {
        let scale = Foundation.pow(10, Double(digits))
        let scaled = (self * scale).rounded(rule) / scale
        return scaled.isFinite ? scaled : self
    }
}
