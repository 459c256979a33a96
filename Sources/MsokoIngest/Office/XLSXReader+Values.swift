import Foundation

extension XLSXReader {
    // MARK: - Values

    /// A number as the grid shows it: integral values below 10¹⁵ without a
    /// fraction (`120`), others in Swift's shortest round-trip form (`37.5`,
    /// `1e-05`, `1e+16`) without a trailing `.0`.
    static func numberText(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A percent-formatted number as shown: value × 100, rounded to 15
    /// significant digits (Excel's display precision) so that binary noise
    /// disappears: 0.07 × 100 = 7.000000000000001 is shown `7`.
    static func percentText(_ value: Double) -> String {
        let shown = value * 100
        guard shown.isFinite else { return numberText(shown) }
        let rounded = Double(String(format: "%.15g", shown)) ?? shown
        return numberText(rounded)
    }

    /// A serial date as `YYYY-MM-DD` (and `THH:MM:SS` when `withTime`), or
    /// `nil` for a serial outside 0 … 2958465 (9999-12-31).
    static func dateText(serial: Double, date1904: Bool, withTime: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds == 86_400 {
            days += 1
            seconds = 0
        }
        let date: String
        if date1904 {
            date = civilDate(daysSince1970: days - 24_107)
        } else if days == 60 {
            // Lotus 1-2-3 treated 1900 as a leap year and Excel kept it for
            // compatibility; the cell shows 29 February 1900.
            date = "1900-02-29"
        } else {
            // Serial 1 is 1900-01-01; past the fictitious 29 February, every
            // serial is one day later than the calendar would say.
            date = civilDate(daysSince1970: days - (days < 60 ? 25_568 : 25_569))
        }
        guard withTime else { return date }
        return date + "T" + twoDigits(seconds / 3600) + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant,
    /// "chrono-Compatible Low-Level Date Algorithms", `civil_from_days`).
    static func civilDate(daysSince1970: Int) -> String {
        let shifted = daysSince1970 + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    /// An ISO 8601 date cell (`t="d"`, written by some libraries instead of a
    /// serial) in the grid's form: the date, and the time unless midnight.
    static func isoDateText(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 10 else { return trimmed }
        let date = String(trimmed.prefix(10))
        let time = trimmed.dropFirst(11).prefix(8)
        if time.count == 8, time != "00:00:00" { return date + "T" + time }
        return date
    }
}
