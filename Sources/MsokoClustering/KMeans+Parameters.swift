/// The rules on k-means' parameters, in one declarative place, as
/// scikit-learn's `KMeans._parameter_constraints` (sklearn/cluster/_kmeans.py):
/// `fit` checks them before any work, and `msoko kmeans` checks the same list
/// in its `validate()`, naming each parameter by its option. Rules that need
/// the data (`k` at most the number of rows, the shape of given centroids)
/// are checked by `fit` alone.
extension KMeans {
    /// A parameter with a rule of its own.
    public enum Parameter: String, Sendable, CaseIterable {
        case clusterCount, restarts, maximumIterations, tolerance
    }

    /// What a parameter's value must be.
    public enum Constraint: Sendable, Equatable, CustomStringConvertible {
        /// A whole number at least this large.
        case integer(atLeast: Int)
        /// A finite number at least this large.
        case finiteReal(atLeast: Double)

        public func admits(_ value: Double) -> Bool {
            switch self {
            case .integer(let least): value >= Double(least)
            case .finiteReal(let least): value.isFinite && value >= least
            }
        }

        public var description: String {
            switch self {
            case .integer(let least): "at least \(least)"
            case .finiteReal(let least): "a finite number ≥ \(least == 0 ? "0" : "\(least)")"
            }
        }
    }

    /// One parameter whose value breaks its constraint.
    public struct ParameterViolation: Sendable, Equatable {
        public let parameter: Parameter
        public let constraint: Constraint
        /// The value given, as written in messages.
        public let value: String

        /// "`name` must be `constraint`, got `value`", with the parameter's
        /// name as the caller spells it (a property, an option).
        public func message(naming name: String) -> String {
            "\(name) must be \(constraint), got \(value)"
        }
    }

    /// The rules, in the order they are reported.
    public static let parameterConstraints: KeyValuePairs<Parameter, Constraint> = [
        .clusterCount: .integer(atLeast: 1),
        .restarts: .integer(atLeast: 1),
        .maximumIterations: .integer(atLeast: 1),
        .tolerance: .finiteReal(atLeast: 0),
    ]

    /// Every parameter of this model that breaks its rule, in the order of
    /// `parameterConstraints`; empty when all hold.
    public func parameterViolations() -> [ParameterViolation] {
        Self.parameterConstraints.compactMap { parameter, constraint in
            let (value, text): (Double, String) = switch parameter {
            case .clusterCount: (Double(clusterCount), "\(clusterCount)")
            case .restarts: (Double(restarts), "\(restarts)")
            case .maximumIterations: (Double(maximumIterations), "\(maximumIterations)")
            case .tolerance: (tolerance, "\(tolerance)")
            }
            return constraint.admits(value) ? nil : ParameterViolation(parameter: parameter, constraint: constraint, value: text)
        }
    }
}
