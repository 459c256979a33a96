import Foundation
import MsokoModel

/// Numbers and counted nouns as the report's reader expects them: a decimal
/// comma and a non-breaking thin space between thousands in Russian
/// (ГОСТ 8.417 style: 1 234,5), a dot in English; Russian plural forms.
public struct ReportFormatting: Sendable {
    public let language: Language

    public init(language: Language) { self.language = language }

    /// `value` with exactly `digits` decimals (rounded half away from zero);
    /// "—" for a missing or non-finite value.
    public func number(_ value: Double?, digits: Int = 1) -> String {
        guard let value, value.isFinite else { return "—" }
        if let units = Table.decimalUnits(value, digits: digits) {
            return Self.written(units, digits: digits, russian: language == .ru)
        }
        return rewritten(value, digits: digits)
    }

    /// `number(value, digits:)` from `Table.decimal`'s text: the tables'
    /// rounding, so a number reads the same in a table cell, in the report
    /// and in its evidence text. That text is ASCII (`-`, digits, `.`); the
    /// sign, the thousands and the point are rewritten byte by byte.
    func rewritten(_ value: Double, digits: Int) -> String {
        var text = Table.decimal(value, digits: digits, trimmingZeros: false)
        let russian = language == .ru
        return text.withUTF8 { bytes in
            let negative = bytes.first == UInt8(ascii: "-")
            let start = negative ? 1 : 0
            let point = bytes[start...].firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 12)
            if negative { out.append(contentsOf: "−".utf8) }
            let integerDigits = point - start
            for index in start..<point {
                // More than 4 digits are grouped by 3 from the right.
                let left = point - index
                if integerDigits > 4, index > start, left % 3 == 0 {
                    if russian { out.append(contentsOf: "\u{202F}".utf8) } else { out.append(UInt8(ascii: ",")) }
                }
                out.append(bytes[index])
            }
            if point < bytes.count {
                out.append(russian ? UInt8(ascii: ",") : UInt8(ascii: "."))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(point + 1)...]))
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `rewritten(value, digits:)` from the value's rounded units
    /// (`Table.decimalUnits`, the rounding of `Table.decimal`, for |value| <
    /// 10⁹ and 0…9 digits): the digits are written straight into one small
    /// buffer. A school page
    /// formats hundreds of numbers, and making `Table.decimal`'s text,
    /// then rewriting it into a second array and a third string, took a
    /// twentieth of the page.
    static func written(_ units: (negative: Bool, whole: UInt64, fraction: UInt64), digits: Int, russian: Bool) -> String {
        var unit: UInt64 = 1
        for _ in 0..<digits { unit *= 10 }
        let (whole, fraction) = (units.whole, units.fraction)
        var wholeDigits = 1, power: UInt64 = 1
        while power <= whole / 10 {
            power *= 10
            wholeDigits += 1
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            if units.negative { "−".utf8.forEach(put) }
            for index in 0..<wholeDigits {
                // More than 4 digits are grouped by 3 from the right.
                if wholeDigits > 4, index > 0, (wholeDigits - index) % 3 == 0 {
                    if russian { "\u{202F}".utf8.forEach(put) } else { put(UInt8(ascii: ",")) }
                }
                put(48 + UInt8(whole / power % 10))
                power /= 10
            }
            if digits > 0 {
                put(russian ? UInt8(ascii: ",") : UInt8(ascii: "."))
                var place = unit / 10
                while place > 0 {
                    put(48 + UInt8(fraction / place % 10))
                    place /= 10
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    /// A percentage: `number` followed by a (non-breaking) percent sign.
    public func percent(_ value: Double?, digits: Int = 1) -> String {
        guard let value, value.isFinite else { return "—" }
        return number(value, digits: digits) + "\u{00A0}%"
    }

    /// An integer count followed by its noun in the right form:
    /// `count(5, ru: ("школа", "школы", "школ"), en: ("school", "schools"))`.
    public func count(_ n: Int, ru: (one: String, few: String, many: String), en: (one: String, other: String)) -> String {
        "\(n)\u{00A0}" + noun(n, ru: ru, en: en)
    }

    /// A decimal quantity followed by its noun: `amount(4.5, ru: ("разброс",
    /// "разброса", "разбросов"), en: ("spread", "spreads"))` is «4,5 разброса».
    /// With `digits` 0 the integer rule of `count` applies; a number shown with
    /// decimals takes the genitive singular in Russian (CLDR category
    /// "other": «1,5 балла», «2,0 балла»), which is the `few` form.
    public func amount(_ value: Double, digits: Int = 1, ru: (one: String, few: String, many: String),
                       en: (one: String, other: String)) -> String {
        if digits == 0, value.isFinite { return count(Int(value.rounded()), ru: ru, en: en) }
        return number(value, digits: digits) + "\u{00A0}" + text(ru: ru.few, en: en.other)
    }

    /// The noun form for `n`.
    public func noun(_ n: Int, ru: (one: String, few: String, many: String), en: (one: String, other: String)) -> String {
        switch language {
        case .en: return n == 1 ? en.one : en.other
        case .ru:
            switch RussianPlural.category(n) {
            case .one: return ru.one
            case .few: return ru.few
            case .many: return ru.many
            }
        }
    }

    /// Picks the text of the report's language.
    public func text(ru: String, en: String) -> String { language == .ru ? ru : en }
}

/// The CLDR plural categories of Russian integers: one (1, 21, 101 …),
/// few (2–4, 22–24 …), many (0, 5–20, 25–30, 11–14 …).
public enum RussianPlural: Equatable, Sendable {
    case one, few, many

    public static func category(_ n: Int) -> RussianPlural {
        let value = abs(n)
        let lastTwo = value % 100
        let last = value % 10
        if last == 1 && lastTwo != 11 { return .one }
        if (2...4).contains(last) && !(12...14).contains(lastTwo) { return .few }
        return .many
    }
}
