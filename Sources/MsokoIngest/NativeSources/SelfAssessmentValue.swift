import MsokoModel

/// The value cell of a self-assessment indicator row (docs/contract.md §7.2), read
/// by the indicator's unit: `120`, `120 человек`, `37,5 %`, `45/37,5%`,
/// `45 человек / 37,5 %`, `да`/`нет`.
///
/// The form writes «человек/%» for shares: a count and the percentage it
/// is of the school's students. For a `percent` indicator the percentage is
/// taken, and where the count is given too and the percentage is positive,
/// `base = count / percentage × 100` (rounded), so the uncertainty of a
/// small school is known; for `count`, the count; for `per_100`, the number
/// (of «человек/%», the percentage: a share of the students is a rate per
/// 100 students); for `score`, the number; for `bool`, да = 1 and нет = 0.
public enum SelfAssessmentValue {
    public struct Reading: Equatable, Sendable {
        public var value: Double?
        public var base: Double?
    }

    /// The reading, or the reason the text cannot be one (a reject).
    public static func read(_ text: String, unit: IndicatorUnit) -> Result<Reading, Failure> {
        let folded = TextKey.fold(text)
        if folded.isEmpty { return .success(Reading(value: nil, base: nil)) }
        if unit == .bool {
            switch folded {
            case "да", "yes", "1", "есть", "имеется", "true": return .success(Reading(value: 1, base: nil))
            case "нет", "no", "0", "не имеется", "отсутствует", "false": return .success(Reading(value: 0, base: nil))
            default: return .failure(Failure("expected да or нет for a yes/no indicator"))
            }
        }
        let parts = folded.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return .failure(Failure("expected a number, or «count / percentage»")) }
        var count: Double?, percentage: Double?, plain: Double?
        for (position, part) in parts.enumerated() {
            let isPercent = part.contains("%")
            guard let number = number(in: part) else {
                return .failure(Failure("not a number"))
            }
            if isPercent || (parts.count == 2 && position == 1) {
                guard percentage == nil else { return .failure(Failure("two percentages")) }
                percentage = number
            } else if parts.count == 2 {
                count = number
            } else {
                plain = number
            }
        }
        var reading = Reading(value: nil, base: nil)
        switch unit {
        case .percent:
            reading.value = percentage ?? plain
            if let count, let percentage, percentage > 0 {
                reading.base = (count / percentage * 100).rounded()
            }
        case .count:
            guard let value = count ?? plain else {
                return .failure(Failure("a count is expected; the cell gives only a percentage"))
            }
            reading.value = value
        case .per100:
            // «человек/%»: the percentage of the students is the rate per 100.
            reading.value = percentage ?? plain ?? count
        case .score:
            reading.value = plain ?? count ?? percentage
        case .bool:
            break
        }
        if let value = reading.value, let problem = CanonicalIngest.rangeProblem(value, unit: unit) {
            return .failure(Failure(problem))
        }
        return .success(reading)
    }

    /// The number in a part such as `45 человек`, `37,5 %`, `12 ед.`: the
    /// words and the `%` after it removed; a decimal comma is a decimal.
    static func number(in part: Substring) -> Double? {
        var text = part.trimmingCharacters(in: .whitespaces)[...]
        while let last = text.last, last.isLetter || last == "." || last == "%" || last.isWhitespace {
            text = text.dropLast()
        }
        guard !text.isEmpty, case .number(let value) = CellNumber.read(String(text), decimalComma: true) else { return nil }
        return value
    }

    public struct Failure: Error, Equatable, Sendable {
        public let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
