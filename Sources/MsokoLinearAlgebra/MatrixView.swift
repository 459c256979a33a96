/// A rectangular block of a `Matrix`, shared rather than copied.
///
/// The view keeps its base matrix alive (a reference to its storage, no
/// copy) and addresses the block as BLAS does: a start offset and the base's
/// leading dimension, so a view goes straight into `gemm`/`gemv`/`syrk`
/// without copying — e.g. a chunk of rows of a data matrix in a blocked
/// distance computation. Writing to the base afterwards copies the base
/// (copy-on-write) and leaves the view unchanged.
public struct MatrixView: Sendable, CustomStringConvertible {
    /// The matrix this view reads from.
    public let base: Matrix
    /// The rows of `base` in the view.
    public let rowRange: Range<Int>
    /// The columns of `base` in the view.
    public let columnRange: Range<Int>

    /// Number of rows of the block.
    public var rows: Int { rowRange.count }
    /// Number of columns of the block.
    public var columns: Int { columnRange.count }
    /// The distance between consecutive columns in the base storage.
    public var leadingDimension: Int { max(1, base.rows) }
    /// The index of element (0, 0) of the block in `base.elements`.
    var offset: Int { rowRange.lowerBound + columnRange.lowerBound * base.rows }

    /// Element (row, column) of the block, 0-based within the block.
    public subscript(row: Int, column: Int) -> Double {
        base[rowRange.lowerBound + row, columnRange.lowerBound + column]
    }

    /// The block as a matrix of its own.
    public func copy() -> Matrix {
        if rows == base.rows { // Whole columns are contiguous.
            let start = columnRange.lowerBound * base.rows
            return Matrix(rows: rows, columns: columns,
                          columnMajor: Array(base.elements[start..<(start + rows * columns)]))
        }
        var result = Matrix(rows: rows, columns: columns)
        for j in 0..<columns {
            let source = rowRange.lowerBound + (columnRange.lowerBound + j) * base.rows
            for i in 0..<rows { result.elements[i + j * rows] = base.elements[source + i] }
        }
        return result
    }

    /// The first non-finite element, as 0-based (row, column) of the block.
    public var firstNonFinite: (row: Int, column: Int)? {
        for j in 0..<columns {
            for i in 0..<rows where !self[i, j].isFinite { return (i, j) }
        }
        return nil
    }

    /// Calls `body` with a pointer to element (0, 0) and the leading dimension.
    func withUnsafePointer<R>(_ body: (UnsafePointer<Double>?, Int32) throws -> R) rethrows -> R {
        try base.elements.withUnsafeBufferPointer { buffer in
            try body(buffer.baseAddress.map { $0 + offset }, Int32(leadingDimension))
        }
    }

    public var description: String { "MatrixView(\(rows)×\(columns) of \(base.rows)×\(base.columns) at \(rowRange), \(columnRange))" }
}

extension Matrix {
    /// The block of `rows` × `columns` (whole ranges when nil), without copying.
    ///
    /// - Throws: `dimensionMismatch` when a range leaves the matrix.
    public func view(rows rowRange: Range<Int>? = nil, columns columnRange: Range<Int>? = nil) throws -> MatrixView {
        let rowRange = rowRange ?? 0..<rows
        let columnRange = columnRange ?? 0..<columns
        guard rowRange.lowerBound >= 0, rowRange.upperBound <= rows,
              columnRange.lowerBound >= 0, columnRange.upperBound <= columns else {
            throw LinearAlgebraError.dimensionMismatch(
                "view rows \(rowRange), columns \(columnRange) of a \(rows)×\(columns) matrix")
        }
        return MatrixView(base: self, rowRange: rowRange, columnRange: columnRange)
    }

    /// The whole matrix as a view.
    public var wholeView: MatrixView { MatrixView(base: self, rowRange: 0..<rows, columnRange: 0..<columns) }

    /// A copy of rows `rowRange` (all columns).
    public func rows(_ rowRange: Range<Int>) throws -> Matrix { try view(rows: rowRange).copy() }

    /// A copy of columns `columnRange` (all rows); contiguous, so one slice copy.
    public func columns(_ columnRange: Range<Int>) throws -> Matrix { try view(columns: columnRange).copy() }
}
