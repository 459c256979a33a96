/// Failures of the statistics layer: input that a method cannot be applied
/// to. Never a trap; the message names what was wrong and, where it applies,
/// the 1-based position in the input.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The method needs at least `needed` observations and got `got`.
    case tooFewPoints(needed: Int, got: Int)
    /// The predictor (time, x) takes a single value, so no slope exists.
    case constantPredictor
    /// An input held NaN or ±Inf at 0-based position `index`.
    case nonFinite(index: Int, value: Double)
    /// Two inputs that must pair up element by element have different lengths.
    case lengthMismatch(first: Int, second: Int)
    /// A parameter is outside its domain (a confidence level outside (0, 1),
    /// a negative weight, …); the text says which and why.
    case invalidArgument(String)
    /// The statistic is undefined for this input (e.g. zero total variance in
    /// Cronbach's alpha); the text says why.
    case undefined(String)

    public var description: String {
        switch self {
        case .tooFewPoints(let needed, let got):
            return "too few points: the method needs at least \(needed), got \(got)"
        case .constantPredictor:
            return "the predictor is constant (all time points equal), so no slope can be estimated"
        case .nonFinite(let index, let value):
            return "non-finite value \(value) at position \(index + 1)"
        case .lengthMismatch(let first, let second):
            return "inputs of different lengths (\(first) and \(second)) must pair up element by element"
        case .invalidArgument(let what):
            return "invalid argument: \(what)"
        case .undefined(let why):
            return "statistic undefined: \(why)"
        }
    }
}

/// Input checks shared by the estimators that throw.
enum InputCheck {
    /// Throws `nonFinite` naming the first NaN or ±Inf of `values`.
    static func finite(_ values: [Double]) throws {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw StatisticsError.nonFinite(index: index, value: values[index])
        }
    }

    /// Throws `lengthMismatch` unless both arrays have the same length.
    static func sameLength(_ first: [Double], _ second: [Double]) throws {
        guard first.count == second.count else {
            throw StatisticsError.lengthMismatch(first: first.count, second: second.count)
        }
    }

    /// Throws `invalidArgument` unless `level` is strictly between 0 and 1.
    static func level(_ level: Double, _ name: String = "confidence level") throws {
        guard level > 0, level < 1 else {
            throw StatisticsError.invalidArgument("\(name) \(level) must lie strictly between 0 and 1")
        }
    }
}
