import Foundation

/// The texts of a chart fitted to its room: the title on one line or
/// wrapped onto `titleLines`, and labels shortened with "…".
extension ChartLayout {
    /// The title shortened with "…" to fit the width (the full title stays in
    /// the SVG's `<title>` and in the report's caption). Bold 13 px Cyrillic
    /// is about 9 px a character.
    var fittedTitle: String {
        let limit = max(10, Int((chart.width - 16) / 9))
        guard CharacterCount.of(chart.title) > limit else { return chart.title }
        return Self.shortened(chart.title, to: limit)
    }

    /// The first `limit - 1` characters and "…". A bidirectional isolate
    /// (U+2068 … U+2069 around a right-to-left name) the cut leaves open is
    /// closed after the "…", so the text after it keeps its direction.
    static func shortened(_ text: String, to limit: Int) -> String {
        // When every scalar is a character of its own, the first characters
        // are the first scalars, found without grapheme breaking.
        let prefix = CharacterCount.simpleCount(text) != nil
            ? String(text.unicodeScalars.prefix(limit - 1))
            : String(text.prefix(limit - 1))
        let kept = trimmingWhitespace(prefix)
        var open = 0
        for scalar in kept.unicodeScalars {
            if (0x2066...0x2068).contains(scalar.value) { open += 1 } else if scalar.value == 0x2069, open > 0 { open -= 1 }
        }
        return kept + "…" + String(repeating: "\u{2069}", count: open)
    }

    /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation (which
    /// goes through `NSString`) when both ends, past any spaces and tabs,
    /// are scalars `CharacterCount` knows and that are not spaces: letters,
    /// digits, punctuation. Any other end (a no-break space, a scalar from
    /// another block) is left to Foundation's own rule.
    static func trimmingWhitespace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start] == " " || scalars[start] == "\t" { start = scalars.index(after: start) }
        while start < end, scalars[scalars.index(before: end)] == " " || scalars[scalars.index(before: end)] == "\t" {
            end = scalars.index(before: end)
        }
        guard start < end else { return "" }
        func isKnownNonSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value != 0x20 && scalar.value != 0xA0 && scalar.value != 0x202F && CharacterCount.standsAlone(scalar.value)
        }
        guard isKnownNonSpace(scalars[start]), isKnownNonSpace(scalars[scalars.index(before: end)]) else {
            return text.trimmingCharacters(in: .whitespaces)
        }
        return start == scalars.startIndex && end == scalars.endIndex ? text : String(scalars[start..<end])
    }

    /// The title in at most `titleLines` lines of bold 11 px (about 7.5 px a
    /// Cyrillic character), broken at spaces; the last line ends with "…" when cut.
    var wrappedTitle: [String] {
        let limit = max(10, Int((chart.width - 16) / 7.5))
        var lines: [String] = [], current = "", currentCount = 0
        // When every scalar is a character of its own, the split of the
        // UTF-8 bytes at spaces is the characters' split, without grapheme
        // breaking or decoding, and a line's
        // length is its words' lengths and spaces added up; any other title
        // is counted line by line (a word may join the space before it).
        let simple = CharacterCount.simpleCount(chart.title) != nil
        let words = simple ? chart.title.utf8.split(separator: UInt8(ascii: " ")).map(Substring.init) : chart.title.split(separator: " ")
        for word in words {
            let wordCount = CharacterCount.of(word)
            if current.isEmpty || (simple ? currentCount : CharacterCount.of(current)) + 1 + wordCount <= limit {
                if !current.isEmpty {
                    current += " "
                    currentCount += 1
                }
                current += word
                currentCount += wordCount
            } else {
                lines.append(current)
                current = String(word)
                currentCount = wordCount
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > chart.titleLines else { return lines }
        var kept = Array(lines.prefix(chart.titleLines))
        let last = kept[kept.count - 1]
        kept[kept.count - 1] = Self.shortened(last, to: limit)
        return kept
    }

    /// A band label shortened with "…" to fit the label column; the full
    /// text stays available as the element's tooltip.
    static func fitted(_ label: String) -> String {
        let limit = Int((maximumLabelWidth - 12) / characterWidth)
        guard CharacterCount.of(label) > limit else { return label }
        return shortened(label, to: limit)
    }
}
