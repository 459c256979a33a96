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

    @Test("SVG bytes become the text String(decoding:) gives, also around non-ASCII texts and for bytes that are not UTF-8")
    func svgOutputText() {
        var buffers: [[UInt8]] = Self.samples.map { Array($0.utf8) }
        // Markup around texts, as the charts write it.
        for text in Self.samples {
            var out: SVGOutput = "<text x=\"8\" y=\"18\">\(SVGText.escape(text))</text>\n<title>\(text)</title>"
            out += "<g aria-label=\"\(SVGText.escape(text))\">\(String(repeating: "<line x1=\"0\"/>", count: 9))</g>\n"
            buffers.append(out.bytes)
        }
        // Bytes that are not UTF-8 (cut, overlong and stray sequences) between ASCII runs of every length.
        let broken: [[UInt8]] = [[0xD0], [0xE2, 0x81], [0xF0, 0x9F, 0x98], [0xC0, 0xAF], [0x80], [0xFF], [0xED, 0xA0, 0x80], [0xD0, 0x9F, 0xD0]]
        for piece in broken {
            for padding in 0..<18 {
                let ascii = Array(repeating: UInt8(ascii: "a"), count: padding)
                buffers += [piece, ascii + piece, piece + ascii, ascii + piece + [UInt8(ascii: "<")] + ascii + piece,
                            ascii + [0xD0, 0x9F] + piece + [UInt8(ascii: "\"")] + ascii]
            }
        }
        // Reproducible random mixtures of ASCII, the two stops (`<`, `"`) and high bytes.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 58) * 3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = state >> 56
                bytes.append(pick < 160 ? UInt8(0x20 + pick % 0x5F) : pick < 176 ? UInt8(ascii: "<")
                             : pick < 184 ? UInt8(ascii: "\"") : UInt8(truncatingIfNeeded: state >> 40))
            }
            buffers.append(bytes)
        }
        for bytes in buffers {
            var out = SVGOutput()
            out.bytes = bytes
            #expect(Array(out.string.utf8) == Array(String(decoding: bytes, as: UTF8.self).utf8), "\(bytes)")
        }
    }

    @Test("whitespace is trimmed as Foundation's trimmingCharacters(in: .whitespaces) trims it, for every scalar at either end")
    func trimming() {
        var texts = Self.samples
        let ends = (0...0x3100).compactMap { Unicode.Scalar(UInt32($0)) }.map(String.init) + ["\u{FEFF}", "\u{1F600}", "\u{E0020}"]
        for end in ends {
            texts += [end, end + "д", "д" + end, end + "x" + end, " " + end + " a b " + end + "\t", "\t\t" + end]
        }
        for text in texts {
            #expect(ChartLayout.trimmingWhitespace(text) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }

    @Test("a panel title wraps at spaces as counting characters with String.count wraps it, and its last kept line is shortened")
    func wrappedTitles() {
        func reference(_ title: String, limit: Int, lines maximum: Int) -> [String] {
            var lines: [String] = [], current = ""
            for word in title.split(separator: " ") {
                if current.isEmpty || current.count + 1 + word.count <= limit {
                    current += (current.isEmpty ? "" : " ") + word
                } else {
                    lines.append(current)
                    current = String(word)
                }
            }
            if !current.isEmpty { lines.append(current) }
            guard lines.count > maximum else { return lines }
            var kept = Array(lines.prefix(maximum))
            kept[kept.count - 1] = ChartLayout.shortened(kept[kept.count - 1], to: limit)
            return kept
        }
        let titles = Self.samples + ["Доля обучающихся, охваченных дополнительным образованием в сетевой форме", "a \u{301}b c",
                                     "x\u{200D} y", String(repeating: "слово ", count: 30), "  two  spaces  ", "Школа \u{2068}مدرسة النور\u{2069} 5"]
        for title in titles {
            for width in stride(from: 60.0, through: 420, by: 30) {
                for lines in 1...3 {
                    var chart = Chart(title: title, width: width, height: 240, xAxis: Axis(title: "", kind: .band(categories: [])),
                                      yAxis: Axis(title: "", kind: .band(categories: [])), marks: [])
                    chart.titleLines = lines
                    let limit = max(10, Int((width - 16) / 7.5))
                    #expect(ChartLayout(chart: chart).wrappedTitle == reference(title, limit: limit, lines: lines), "\(title.debugDescription) \(width)")
                }
            }
        }
    }

    @Test("a shortened text is its first characters, trimmed, an ellipsis and a close for each isolate the cut leaves open")
    func shortening() {
        func reference(_ text: String, _ limit: Int) -> String {
            let kept = String(text.prefix(limit - 1)).trimmingCharacters(in: .whitespaces)
            let open = kept.unicodeScalars.reduce(0) { open, scalar in
                (0x2066...0x2068).contains(scalar.value) ? open + 1 : scalar.value == 0x2069 && open > 0 ? open - 1 : open
            }
            return kept + "…" + String(repeating: "\u{2069}", count: open)
        }
        let texts = Self.samples + ["Школа \u{2068}مدرسة النور\u{2069} и \u{2068}שלום\u{2069}", "Доля обучающихся,\u{A0}охваченных  дополнительным образованием",
                                    "a\u{202F}b\u{2009}c d", "\u{2068}\u{2068}ab\u{2069}"]
        for text in texts {
            for limit in 1...45 {
                #expect(ChartLayout.shortened(text, to: limit) == reference(text, limit), "\(text.debugDescription) \(limit)")
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
        var counts: [Int64] = [0, 1, 5, 10, 99, 100, 101, 110, 12345, -1, -10, -99, -100, -12345, 999_999_999_99, -999_999_999_99]
        counts += (-3000...3000).map { Int64($0) } + (0..<13).map { digits in (0..<digits).reduce(Int64(7)) { value, _ in value * 10 + 3 } }
        for count in counts {
            var text = String(format: "%.2f", Double(count) / 100)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            #expect(ChartNumber.hundredths(count) == text, "\(count)")
        }
    }
}
