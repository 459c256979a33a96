/// The key under which native sources compare free texts — school names
/// and aliases, answer texts of a survey scale, contest levels and results
/// (docs/contract.md §7.2: "case, surrounding spaces and ё/е ignored"): lowercased,
/// `ё` read as `е`, no-break and thin spaces read as spaces, runs of spaces
/// folded into one, spaces around the text removed.
public enum TextKey {
    public static func fold(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isWhitespace || character == "\u{00A0}" || character == "\u{2009}" || character == "\u{202F}" {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(character == "ё" ? "е" : character)
        }
        return result
    }

    /// `fold` remembered by the text as given, for one pass over a long list
    /// that repeats few texts (a contest list's levels and results, a
    /// survey's answers and roles): folding is Unicode case mapping, and
    /// doing it again for every row was most of reading such a list. At
    /// most `limit` texts are kept, so a list of distinct texts costs no
    /// more memory than that.
    public struct Cache {
        public static let limit = 10_000
        private var folded: [String: String] = [:]

        public init() {}

        public mutating func fold(_ text: String) -> String {
            if let known = folded[text] { return known }
            let key = TextKey.fold(text)
            if folded.count < Self.limit { folded[text] = key }
            return key
        }
    }
}
