import Testing
@testable import MsokoModel

/// YAML aliases are refused before Yams composes the document (issue 15).
@Suite("YAML aliases")
struct YAMLAliasTests {
    @Test("an alias is refused with its line; a billion-laughs key returns at once instead of hashing for minutes")
    func aliasesRefused() throws {
        let laughs = """
            a: &a ["lol","lol","lol"]
            b: &b [*a,*a,*a]
            c: {[*b, *b]: x}
            """
        do {
            _ = try YAMLMap.parse(laughs, file: "p.yaml")
            Issue.record("aliases were accepted")
        } catch let error as ConfigurationError {
            #expect(error.line == 2)
            #expect(error.description.contains("aliases"))
        }
        #expect(YAMLMap.firstAliasLine("a: [x, *y]") == 1)
        #expect(YAMLMap.firstAliasLine("a: b\n- *y\n") == 2)
    }

    @Test("a star inside quotes, comments, block scalars or a word is not an alias",
          arguments: ["a: \"*b\"", "a: '*b'", "a: x # *b", "a: |\n  *bold* text\n  more\nb: c", "a: >-\n  *x\n",
                      "a: 2*3", "a: * b", "a: \"x\\\" *y\""])
    func notAliases(_ text: String) {
        #expect(YAMLMap.firstAliasLine(text) == nil, "\(text)")
    }
}
