/// Failures of the linear-algebra layer. Never a trap: callers decide.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// Operand shapes do not fit the operation.
    case dimensionMismatch(String)
    /// An input held NaN or ±Inf at a 0-based position.
    case nonFinite(row: Int, column: Int, value: Double)
    /// A LAPACK routine reported `info < 0` (an illegal argument, a bug here).
    case illegalArgument(routine: String, argument: Int)
    /// A LAPACK routine reported `info > 0`: no convergence, or a matrix that is
    /// singular or not positive definite; `info` is LAPACK's own code.
    case computationFailed(routine: String, info: Int)
    /// The matrix is empty where the operation needs at least one element.
    case empty(String)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what): return "dimension mismatch: \(what)"
        case .nonFinite(let row, let column, let value):
            return "non-finite value \(value) at row \(row + 1), column \(column + 1)"
        case .illegalArgument(let routine, let argument):
            return "\(routine): illegal value of argument \(argument)"
        case .computationFailed(let routine, let info):
            return "\(routine) failed (info = \(info)): no convergence, or a singular / non-positive-definite matrix"
        case .empty(let what): return "empty input: \(what)"
        }
    }
}
