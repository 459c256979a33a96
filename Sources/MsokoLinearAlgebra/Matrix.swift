/// A dense matrix of `Double` stored column-major, as BLAS and LAPACK expect.
///
/// Element `(i, j)` lives at `elements[i + j * rows]`. The type is a value:
/// copies are cheap until written (copy-on-write of the underlying array).
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements, column after column.
    public var elements: [Double]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over existing column-major elements.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns,
                     "element count \(elements.count) does not match \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from row-major elements (`elements[i * columns + j]`).
    public init(rows: Int, columns: Int, rowMajor elements: [Double]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns,
                     "element count \(elements.count) does not match \(rows) × \(columns)")
        var storage = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                storage[i + j * rows] = elements[i * columns + j]
            }
        }
        self.init(rows: rows, columns: columns, columnMajor: storage)
    }

    /// A matrix from an array of rows; every row must have the same length.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(rows: rowArrays.count, columns: columns, rowMajor: rowArrays.flatMap { $0 })
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row + column * rows] }
        set { elements[row + column * rows] = newValue }
    }

    /// Column `j` as a new array.
    public func column(_ j: Int) -> [Double] {
        Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` as a new array.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { self[i, $0] }
    }

    /// The rows as arrays (for printing and JSON).
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { t.elements[j + i * columns] = elements[i + j * rows] }
        }
        return t
    }

    /// The first non-finite element, as `(row, column)`, if any.
    public var firstNonFinite: (row: Int, column: Int)? {
        guard let index = elements.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (index % max(rows, 1), index / max(rows, 1))
    }

    /// Throws `LinearAlgebraError.nonFinite` naming the first NaN or ±Inf.
    public func checkFinite() throws {
        if let position = firstNonFinite {
            throw LinearAlgebraError.nonFinite(row: position.row, column: position.column,
                                               value: self[position.row, position.column])
        }
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        "Matrix(\(rows)×\(columns)) " + rowArrays.map { "\($0)" }.joined(separator: "\n")
    }
}
