import Foundation

/// A table's bytes lent as a pointer, with the cell operations of a
/// reading loop (trimming, the blank test, numbers, a cell's bytes as an
/// interning key): one `withUnsafeBufferPointer` around the whole loop
/// instead of one per cell and operation, and no array header (its count,
/// its reference count) read per cell.
///
/// Lifetime rule: made only by `TableDocument.withCellBytes(_:)`, a
/// `CellBytes` and every key it gives (`bytes(of:)`) are valid only inside
/// that call's body: never store them in anything that outlives it.
struct CellBytes {
    private let buffer: UnsafeBufferPointer<UInt8>
    /// Whether `37,5` is the number 37.5 here (`TableDocument.acceptsDecimalComma`).
    let acceptsDecimalComma: Bool

    /// `buffer` must stay valid while this value is used (see the lifetime rule).
    init(_ buffer: UnsafeBufferPointer<UInt8>, acceptsDecimalComma: Bool) {
        self.buffer = buffer
        self.acceptsDecimalComma = acceptsDecimalComma
    }

    /// The cell's range without surrounding spaces and tabs.
    @inline(__always)
    func trimmed(_ cell: CSVField) -> CSVField { cell.trimmed(in: buffer) }

    /// Whether the cell is empty or only spaces and tabs.
    @inline(__always)
    func isBlank(_ cell: CSVField) -> Bool {
        let cell = trimmed(cell)
        return cell.start == cell.end
    }

    /// The cell as a number in the table's dialect (a cell with doubled
    /// quotes is none).
    @inline(__always)
    func number(_ cell: CSVField) -> CellNumber.Reading {
        if cell.hasEscapedQuotes { return .notANumber }
        return CellNumber.read(buffer, from: cell.start, to: cell.end, decimalComma: acceptsDecimalComma)
    }

    /// The cell's bytes (quotes not undone), for interning without a `String`.
    @inline(__always)
    func bytes(of cell: CSVField) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[cell.start..<cell.end])
    }
}
