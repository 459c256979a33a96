/// The number of characters (extended grapheme clusters) in a label, as
/// `String.count` gives it, found faster for the common texts.
///
/// The layout measures titles, categories and legend labels by
/// `Character`s, and counting them walks Unicode's grapheme-break rules
/// scalar by scalar: a page's dozen charts spent more time there than in
/// drawing. When every scalar of the text is one that never joins a
/// neighbour into a cluster — printable ASCII, Latin-1 and Latin Extended
/// letters, Greek and Cyrillic letters (not their combining marks), common
/// punctuation, the bidirectional isolates — each scalar is a character of
/// its own and the count is the number of scalars, read off the UTF-8 lead
/// bytes. Any other text is counted by `String.count`.
enum CharacterCount {
    static func of<Text: StringProtocol>(_ text: Text) -> Int {
        simpleCount(text) ?? text.count
    }

    /// The number of scalars of `text` when each is a character of its own
    /// (`standsAlone`), else nil.
    static func simpleCount<Text: StringProtocol>(_ text: Text) -> Int? {
        let fast = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var count = 0
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                let scalar: UInt32
                if lead < 0x80 {
                    scalar = UInt32(lead)
                    index += 1
                } else if lead < 0xE0 {
                    guard lead >= 0xC0, index + 1 < bytes.count else { return nil }
                    scalar = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                    index += 2
                } else if lead < 0xF0 {
                    guard index + 2 < bytes.count else { return nil }
                    scalar = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                    index += 3
                } else {
                    return nil
                }
                guard standsAlone(scalar) else { return nil }
                count += 1
            }
            return count
        }
        return fast ?? nil
    }

    /// Whether `scalar` is a character of its own whatever surrounds it
    /// (Grapheme_Cluster_Break Other or, for the isolates, Control; not
    /// Extended_Pictographic, a regional indicator, Hangul, a prepended
    /// or spacing mark, nor a carriage return or line feed).
    static func standsAlone(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x20...0x7E, 0xA0...0xA8, 0xAA...0xAD, 0xAF...0x2FF: return true
        case 0x370...0x377, 0x37A...0x37F, 0x384...0x38A, 0x38C, 0x38E...0x3A1, 0x3A3...0x3FF: return true
        case 0x400...0x482, 0x48A...0x52F: return true
        case 0x2010...0x2027, 0x202F, 0x2030...0x203B, 0x2066...0x2069, 0x20AC, 0x2116: return true
        default: return false
        }
    }
}
