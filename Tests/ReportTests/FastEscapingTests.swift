import Foundation
import Testing
import MsokoModel
@testable import MsokoReport

/// The report's byte-level escaping and number formatting give what the
/// scalar-level code they replaced gave.
@Suite("Report: fast escaping and numbers")
struct FastEscapingTests {
    static let samples: [String] = {
        var texts = [
            "", "plain", "Школа № 5 «Радуга»", "<script>alert('x')</script>", "a & b | c", "**bold** _it_ `code` [link](x) #h !img",
            "back\\slash", "\u{200F}שלום\u{200F} & \u{202E}override", "\u{2068}مدرسة\u{2069}", "\u{2069}stray\u{2068}open",
            "\u{2068}a\u{2068}b\u{2069}", "e\u{301}te\u{301}", "👩‍👩‍👧 family", "🇷🇺", "line\r\nbreak", "tab\tand\nnewline\rcr",
            "\u{7F}\u{80}", "x\u{0}y\u{1}z", "\u{2067}\u{2066}", "⁨", "\u{E2}\u{81}", "€ № ‰ ⁦",
        ]
        texts += (0..<128).map { "c\(Character(Unicode.Scalar($0)!))c" }
        return texts
    }()

    /// The Markdown escaping `MarkdownEscaping.text` replaced.
    static func referenceMarkdown(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII, MarkdownEscaping.special.contains(UInt8(scalar.value)) {
                out.append("\\")
                out.append(scalar)
            } else if scalar == "\n" || scalar == "\r" {
                out.append(" ")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    @Test("byte-level Markdown escaping gives the scalar-level escaping's bytes on tricky texts")
    func markdownMatchesReference() {
        for text in Self.samples {
            #expect(Array(MarkdownEscaping.text(text).utf8) == Array(Self.referenceMarkdown(text).utf8), "\(text.debugDescription)")
        }
        for byte in 0...255 {
            let expected = MarkdownEscaping.special.contains(UInt8(byte)) || byte == 10 || byte == 13
            #expect(MarkdownEscaping.isSpecial(UInt8(byte)) == expected, "\(byte)")
        }
    }

    @Test("the byte search for bidirectional isolates finds exactly U+2068 and U+2069")
    func isolateSearch() {
        for text in Self.samples {
            var copy = text
            let expected = text.unicodeScalars.contains { $0 == "\u{2068}" || $0 == "\u{2069}" }
            #expect(HTMLEscaping.containsIsolate(&copy) == expected, "\(text.debugDescription)")
        }
        #expect(HTMLEscaping.text("\u{2068}a & b\u{2069}") == "<bdi>a &amp; b</bdi>")
    }

    /// The number formatting `ReportFormatting.number` replaced.
    static func referenceNumber(_ format: ReportFormatting, _ value: Double, digits: Int) -> String {
        var text = Table.decimal(value, digits: digits, trimmingZeros: false)
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var integer = String(parts[0])
        if integer.count > 4 {
            var grouped = ""
            for (offset, character) in integer.reversed().enumerated() {
                if offset > 0 && offset % 3 == 0 { grouped.append(format.language == .ru ? "\u{202F}" : ",") }
                grouped.append(character)
            }
            integer = String(grouped.reversed())
        }
        var out = (negative ? "−" : "") + integer
        if parts.count > 1 { out += (format.language == .ru ? "," : ".") + parts[1] }
        return out
    }

    @Test("byte-level number formatting gives the former text: signs, grouping of 5 digits and more, both languages")
    func numbersMatchReference() {
        let values: [Double] = [0, -0.0, 0.04, -0.04, 1, -1, 12.345, 999.95, 1234, 12345.6, -12345.6, 99999.5, 123456, 1234567.891,
                                -98765432.1, 1e9, 2.5e12, -3.75e15, 0.005, 62.25]
        for language in [Language.ru, .en] {
            let format = ReportFormatting(language: language)
            for value in values {
                for digits in 0...3 {
                    #expect(format.number(value, digits: digits) == Self.referenceNumber(format, value, digits: digits), "\(value) \(digits)")
                }
            }
        }
    }

    @Test("numbers written digit by digit are the text rewritten from Table.decimal: ties at .5 units, negatives, zero, large, every digit count")
    func writtenNumbers() {
        var values: [Double] = [0, -0.0, 0.005, -0.005, 0.015, 0.025, 1.005, 2.675, -2.675, 0.5, -0.5, 1.5, 2.5, -2.5, 0.049, -0.049,
                                9999.5, 99999.95, 999_999_999.4, -999_999_999.4, 999_999_999.99, 123_456_789.123_456_789, 1e-9, -1e-12,
                                Double.leastNonzeroMagnitude, 0.1 + 0.2, 62.25, 1234, 12345, 123456, 1_234_567, 12_345_678, 100_000]
        values += (-2000...2000).map { Double($0) / 200 }            // every half hundredth, ties included
        values += (-300...300).map { Double($0) * 3_333.3 }
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let magnitude = pow(10, Double(state >> 60) - 6)           // 10⁻⁶ … 10⁹
            values.append((Double(state >> 11) / Double(1 << 53) * 2 - 1) * magnitude)
        }
        for language in [Language.ru, .en] {
            let format = ReportFormatting(language: language)
            for value in values where abs(value) < 1e9 {
                for digits in 0...9 {
                    let units = Table.decimalUnits(value, digits: digits)
                    #expect(units != nil, "\(value) \(digits) is in the shared rounding's range")
                    if let units {
                        #expect(ReportFormatting.written(units, digits: digits, russian: language == .ru) == format.rewritten(value, digits: digits),
                                "\(value) \(digits)")
                    }
                }
            }
        }
    }

    @Test("a display name found to need nothing is the scalar-by-scalar result, for every kind of scalar")
    func displayNames() {
        var names = Self.samples + ["Школа № 5", "School 12", "Лицей «Вектор»\u{2028}2", "\u{202E}evil", "ש", "a\u{85}b"]
        let scalars = Array(0...0x3100) + Array(0xFB00...0xFF00) + [0x10800, 0x10FFF, 0x11000, 0x1E800, 0x1EFFF, 0x1F600]
        for value in scalars {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            names += ["Школа " + String(scalar), String(scalar)]
        }
        for name in names {
            #expect(Array(DisplayName.isolated(name).utf8) == Array(DisplayName.rewritten(name).utf8), "\(name.debugDescription)")
        }
    }

    @Test("a Markdown table row written cell by cell is the escaped cells joined by \" | \" between \"| \" and \" |\"")
    func markdownRows() {
        let rows: [[String]] = [[], [""], ["a"], ["a", "b"], ["", "", ""], ["Школа | № 5", "1\u{202F}234,5", "*x*\n"], Self.samples]
        for row in rows {
            var out = "start"
            MarkdownRenderer.appendRow(row, to: &out)
            #expect(out == "start| " + row.map(MarkdownEscaping.cell).joined(separator: " | ") + " |\n")
        }
    }
}
