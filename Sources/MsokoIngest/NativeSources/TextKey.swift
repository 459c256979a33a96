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
}
