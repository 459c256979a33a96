import Foundation
import Testing
@testable import MsokoCharts

/// The byte-level text helpers of the charts give what the scalar- and
/// character-level code they replaced gave, on inputs chosen to break them.
@Suite("Charts: fast text paths")
struct FastTextTests {
    /// Tricky texts: markup, quotes, every C0 control, right-to-left marks
    /// and isolates, combining marks, emoji with joiners and modifiers,
    /// flags, Hangul, CR LF, and plain Cyrillic and Latin.
    static let samples: [String] = {
        var texts = [
            "", "plain", "Школа № 5 «Радуга»", "<script>alert('x')</script>", "a & b", "\"quoted\" 'single'",
            "Tom & Jerry's <b>", "\u{200F}שלום\u{200F} & \u{202E}override", "\u{2068}مدرسة\u{2069}", "e\u{301}te\u{301}",
            "й", "и\u{306}", "👩‍👩‍👧 family", "👍🏽", "🇷🇺🇬🇧", "한국어 학교", "line\r\nbreak", "tab\tand\nnewline\rcr",
            "Ελληνικά ά", "\u{483}\u{489}мark", "\u{A9}\u{200D}\u{A9}", "a\u{200D}b", "soft\u{AD}hyphen", "кириллица — тире… “кавычки”",
            String(repeating: "длинное название показателя ", count: 5), "\u{7F}\u{80}\u{9F}", "x\u{0}y\u{1}z\u{1F}", "€ № ‰",
            "\u{10FFFF}\u{E000}", "Z\u{336}a\u{337}l\u{338}g\u{335}o", "\u{1100}\u{1161}\u{11A8}", " leading and trailing ",
        ]
        texts += (0..<32).map { "c\(Character(Unicode.Scalar($0)!))c" }
        return texts
    }()

    /// The escaping `SVGText.escape` replaced, scalar by scalar.
    static func referenceEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{00}"..."\u{08}", "\u{0B}", "\u{0C}", "\u{0E}"..."\u{1F}": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    @Test("byte-level XML escaping gives the scalar-level escaping's bytes on tricky texts")
    func escapingMatchesReference() {
        for text in Self.samples {
            #expect(Array(SVGText.escape(text).utf8) == Array(Self.referenceEscape(text).utf8), "\(text.debugDescription)")
        }
        // A bridged (non-native) string takes the same path.
        let bridged = NSString(string: "a <b> & \"c\" — д").description
        #expect(SVGText.escape(bridged) == "a &lt;b&gt; &amp; &quot;c&quot; — д")
    }

    @Test("the escaped-byte mask holds exactly &, <, >, quotes and the C0 controls but tab, LF and CR")
    func escapeMask() {
        for byte in 0...255 {
            let expected = "&<>\"'".utf8.contains(UInt8(byte)) || (byte < 0x20 && byte != 9 && byte != 10 && byte != 13)
            #expect(SVGText.needsEscape(UInt8(byte)) == expected, "\(byte)")
        }
    }

    @Test("the fast character count equals String.count, also for clusters of several scalars")
    func characterCount() {
        for text in Self.samples {
            #expect(CharacterCount.of(text) == text.count, "\(text.debugDescription)")
            for word in text.split(separator: " ") {
                #expect(CharacterCount.of(word) == word.count, "\(word.debugDescription)")
            }
        }
        // Every scalar the fast path accepts is a character of its own next to any other accepted scalar.
        let accepted = (0...0x2200).compactMap { Unicode.Scalar(UInt32($0)) }.filter { CharacterCount.standsAlone($0.value) }
        for scalar in accepted {
            for neighbour in ["a", "й", "\u{2068}", "-", " "] as [Unicode.Scalar] {
                var pair = String.UnicodeScalarView()
                pair.append(scalar)
                pair.append(neighbour)
                #expect(String(pair).count == 2, "U+\(String(scalar.value, radix: 16))")
                var reversed = String.UnicodeScalarView()
                reversed.append(neighbour)
                reversed.append(scalar)
                #expect(String(reversed).count == 2, "U+\(String(scalar.value, radix: 16))")
            }
        }
    }

    /// `%.2f` with trailing zeros and a bare point dropped, `-0` as `0`: what `coordinate` must print.
    static func referenceCoordinate(_ x: Double) -> String {
        var text = String(format: "%.2f", x)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    @Test("coordinates are %.2f's text also at and next to ties: exact binary ties go to the even hundredth")
    func coordinatesAtTies() {
        var values: [Double] = [0.125, 0.375, 0.625, -0.125, -0.375, 1.005, 2.675, -2.675, 0.005, -0.005, 0.015, 1e-7, -1e-7, 1234.125, 9_999_999.995]
        values += (-4000...4000).map { Double($0) / 8 }                 // every odd k: an exact tie of hundredths
        values += (-3000...3000).map { Double($0) / 800 }
        values += (-2000...2000).map { (Double($0) + 0.5) / 100 }       // decimal ties, near but not at a binary tie
        for k in -500...500 {
            let tie = Double(k) / 8, near = Double(k) * 0.125 + 0.005
            values += [tie.nextUp, tie.nextDown, near.nextUp, near.nextDown]
        }
        for index in 0..<20_000 {
            let spread: Int = (index &* 2_654_435_761) % 10_000_019
            values.append(Double(spread) / 997.3 - 5000)  // scattered, reproducible
        }
        for x in values {
            #expect(ChartNumber.coordinate(x) == Self.referenceCoordinate(x), "\(x)")
        }
    }

    @Test("coordinates print as %.2f with trailing zeros dropped, negative and large ones too")
    func hundredths() {
        for count: Int64 in [0, 1, 5, 10, 99, 100, 101, 110, 12345, -1, -10, -99, -100, -12345, 999_999_999_99, -999_999_999_99] {
            var text = String(format: "%.2f", Double(count) / 100)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            #expect(ChartNumber.hundredths(count) == text, "\(count)")
        }
    }
}
