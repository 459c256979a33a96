import RealModule

/// The test suites' one tolerance rule: swift-numerics' (RealModule 1.1)
/// `isApproximatelyEqual(to:absoluteTolerance:relativeTolerance:)`, which
/// holds when the values are equal, or both finite and
///
///     |actual − expected| ≤ max(absoluteTolerance, relativeTolerance · max(|actual|, |expected|)).
///
/// A test states its tolerance at the call: an absolute one for values near
/// zero or on a fixed scale (scores 0–100), a relative one for values whose
/// size varies (inertia, variances), both for "relative for large values,
/// absolute near zero". NaN or an infinity is never approximately equal to
/// anything but itself. Missing values (`nil`) equal only each other, so
/// a column with gaps is compared in one call.
///
/// - Precondition: at least one tolerance is positive (an exact comparison
///   is written with `==`); the relative one is below 1.
public func isApproximatelyEqual(_ actual: Double?, _ expected: Double?,
                                 absoluteTolerance: Double = 0, relativeTolerance: Double = 0) -> Bool {
    precondition(absoluteTolerance > 0 || relativeTolerance > 0, "state a tolerance; compare exactly with ==")
    precondition(absoluteTolerance >= 0 && relativeTolerance >= 0 && relativeTolerance < 1)
    switch (actual, expected) {
    case (nil, nil): return true
    case let (actual?, expected?):
        if actual == expected { return true }
        return actual.isApproximatelyEqual(to: expected, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance)
    default: return false
    }
}

/// The same rule element by element: equal lengths and every pair approximately equal.
public func isApproximatelyEqual(_ actual: [Double?], _ expected: [Double?],
                                 absoluteTolerance: Double = 0, relativeTolerance: Double = 0) -> Bool {
    actual.count == expected.count && zip(actual, expected).allSatisfy {
        isApproximatelyEqual($0, $1, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance)
    }
}
