/// The identifier rule shared by schools, indicators and areas: one or more
/// ASCII letters, digits, `-` or `_`, starting with a letter or a digit
/// (safe in file names and URLs, never taken for an option or a hidden file).
public enum Identifier {
    /// The entity that stands for the district as a whole (`trends.csv`);
    /// reserved, so no school may take it as its id.
    public static let district = "district"

    public static func isValid(_ text: some StringProtocol) -> Bool {
        guard let first = text.utf8.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "_") else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
