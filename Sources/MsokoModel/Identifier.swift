/// The identifier rule shared by schools, indicators, areas and measures: one
/// to `maximumLength` ASCII letters, digits, `-` or `_`, starting with a
/// letter or a digit, and not a reserved device name of Windows.
///
/// A school id becomes a file name (`schools/<id>.md`, `.html`) and part of a
/// URL, so the rule is what keeps every output inside its folder: no `/`,
/// `\`, `.` (hence no `..` and no hidden file), NUL or control character can
/// pass, no id is taken for an option (`-x`), and none names a device
/// (`CON.md` opens the console on Windows, whatever the extension).
public enum Identifier {
    /// The entity that stands for the district as a whole (`trends.csv`);
    /// reserved, so no school may take it as its id.
    public static let district = "district"

    /// The longest id, in characters: `schools/<id>.html` stays far below
    /// the 255-byte limit of a file name on every common file system.
    public static let maximumLength = 64

    /// Windows' reserved device names (compared case-insensitively): a file
    /// named so, with any extension, is the device, not a file.
    public static let reservedNames: Set<String> = Set(["CON", "PRN", "AUX", "NUL"]
        + (1...9).map { "COM\($0)" } + (1...9).map { "LPT\($0)" })

    public static func isValid(_ text: some StringProtocol) -> Bool { problem(text) == nil }

    /// Why `text` is not a valid identifier (a phrase for an error message
    /// or a rejected row), or `nil` when it is one.
    public static func problem(_ text: some StringProtocol) -> String? {
        guard let first = text.utf8.first else { return "empty id" }
        guard text.utf8.count <= maximumLength else {
            return "an id has at most \(maximumLength) characters (this one has \(text.count))"
        }
        guard first != UInt8(ascii: "-"), first != UInt8(ascii: "_"),
              text.utf8.allSatisfy({ byte in
                  (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                      || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
              })
        else { return "an id may contain only letters, digits, `-` and `_`, and starts with a letter or a digit" }
        guard !reservedNames.contains(text.uppercased()) else {
            return "`\(text)` is a reserved device name on Windows and cannot name a file"
        }
        return nil
    }
}
