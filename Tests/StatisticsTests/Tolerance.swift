/// |actual − expected| ≤ tolerance·max(1, |expected|): relative for large
/// values, absolute near zero.
func close(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-9) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= tolerance * max(1, abs(expected))
}

/// Relative comparison for values far below 1 (tail probabilities).
func relativelyClose(_ actual: Double, _ expected: Double, _ tolerance: Double = 1e-9) -> Bool {
    if actual == expected { return true }
    return abs(actual - expected) <= tolerance * abs(expected)
}
