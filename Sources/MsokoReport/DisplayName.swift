/// A name from the inputs (a school's `name`, any Unicode) made safe to set
/// inside a line of text in every output format.
///
/// - Line breaks and other control characters (C0, C1, U+2028, U+2029)
///   become spaces: a name never breaks a Markdown table row or heading, and
///   XML 1.0 (SVG) forbids most C0 characters even escaped.
/// - A name holding right-to-left text or explicit bidirectional controls
///   (U+200F RIGHT-TO-LEFT MARK, U+202E RIGHT-TO-LEFT OVERRIDE, …) is wrapped
///   in U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE
///   (Unicode Standard Annex #9, rules X5c and X6a): its direction is its
///   own, and an override inside it ends at the PDI instead of reversing
///   the text after it. The name's own isolate controls are dropped, so the
///   pair stays balanced. HTML turns the pair into `<bdi>` (`HTMLEscaping`);
///   SVG and Markdown keep the characters, which browsers honour.
///   Other names are returned unchanged (no invisible characters added).
enum DisplayName {
    static let firstStrongIsolate: Unicode.Scalar = "\u{2068}"
    static let popDirectionalIsolate: Unicode.Scalar = "\u{2069}"

    static func isolated(_ name: String) -> String {
        // Most names need no change: they are returned as they are, found by
        // one look at each scalar, without copying them scalar by scalar
        // (a page names its school and its peer schools several times).
        guard name.unicodeScalars.contains(where: { needsChange($0.value) }) else { return name }
        return rewritten(name)
    }

    /// `isolated(name)` made scalar by scalar, whatever the name: controls
    /// replaced, isolate controls dropped, and the isolates around it when
    /// it needs them.
    static func rewritten(_ name: String) -> String {
        var needsIsolate = false
        var changed = false
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            let value = scalar.value
            if (0x2066...0x2069).contains(value) {
                changed = true
                needsIsolate = true
                continue
            }
            if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 {
                changed = true
                out.append(" ")
                continue
            }
            if isBidiRelevant(value) { needsIsolate = true }
            out.append(scalar)
        }
        guard needsIsolate else { return changed ? String(out) : name }
        return String(firstStrongIsolate) + String(out) + String(popDirectionalIsolate)
    }

    /// Whether a name with `value` among its scalars comes out changed:
    /// an isolate control, a control character or a line or paragraph
    /// separator (replaced), or a scalar that makes the name isolated.
    private static func needsChange(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029
            || isBidiRelevant(value)
    }

    /// Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, …, their
    /// presentation forms and the historic RTL planes) and the explicit
    /// directional marks, embeddings and overrides.
    private static func isBidiRelevant(_ value: UInt32) -> Bool {
        switch value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E: return true
        default: return false
        }
    }
}
