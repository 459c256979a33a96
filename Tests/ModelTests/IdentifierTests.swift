import Testing
@testable import MsokoModel

/// A school id becomes `schools/<id>.md`, `.html` and a chart's name, so the
/// identifier rule is what keeps every output inside its folder (issue 15).
@Suite("Identifiers are safe file names")
struct IdentifierTests {
    @Test("ids that would escape the folder, hide a file, pose as an option or name a device are refused",
          arguments: ["../x", "..", ".", "a/b", "a\\b", ".hidden", "-rf", "_x", "", "a b", "a\u{0}b", "a\nb",
                      "школа", "a.md", "CON", "con", "Nul", "COM1", "lpt9", "S01\u{200F}", "😀",
                      String(repeating: "a", count: 300), String(repeating: "a", count: Identifier.maximumLength + 1)])
    func refused(_ id: String) {
        #expect(!Identifier.isValid(id))
        #expect(Identifier.problem(id) != nil)
    }

    @Test("ordinary ids and the longest allowed one pass",
          arguments: ["S01", "school-7", "a_b", "1", "CONSOLE", "COM10", String(repeating: "a", count: Identifier.maximumLength)])
    func accepted(_ id: String) {
        #expect(Identifier.isValid(id))
    }

    @Test("the reason names the rule that failed")
    func reasons() {
        #expect(Identifier.problem(String(repeating: "a", count: 300))?.contains("at most 64") == true)
        #expect(Identifier.problem("CON")?.contains("reserved device name") == true)
        #expect(Identifier.problem("../x")?.contains("only letters") == true)
    }
}
