import Foundation
import MsokoModel
import Testing
@testable import MsokoIngest

/// The shortcuts for long native lists (a contest list repeats a few hundred
/// names in hundreds of thousands of rows): `SchoolMatcher` remembers its
/// matches, `TextKey.Cache` its folded texts, a student code with nothing to
/// trim is kept as it is; each must give the answer the long way gives.
@Suite struct SchoolMatcherTests {
    static let schools = [
        School(id: "S01", name: "Средняя школа № 1", aliases: ["МБОУ СОШ №1", "Ёлочка"], source: SourceRow(file: "schools.csv", line: 2)),
        School(id: "S02", name: "Гимназия", aliases: ["Ёлочка"], source: SourceRow(file: "schools.csv", line: 3)),
        School(id: "S03", name: "Лицей «Берёзка»", source: SourceRow(file: "schools.csv", line: 4)),
    ]

    /// Property: each text gets the same answer the first time, again, and
    /// from a fresh matcher — a school, none, or ambiguous — and texts that
    /// differ only in case, spaces and ё/е meet the same school.
    @Test func rememberedMatchesEqualFreshOnes() {
        let texts = ["S01", "  средняя  ШКОЛА № 1 ", "мбоу сош №1", "ЛИЦЕЙ «БЕРЕЗКА»", "Лицей «Берёзка»",
                     "ёлочка", "Елочка", "нет такой", "", "s02", "гимназия\u{00A0}"]
        let expected: [SchoolMatcher.Match] = [.school(0), .school(0), .school(0), .school(2), .school(2),
                                               .ambiguous(["S01", "S02"]), .ambiguous(["S01", "S02"]), .none, .none, .school(1), .school(1)]
        let matcher = SchoolMatcher(schools: Self.schools)
        for round in 0..<3 {
            for (text, answer) in zip(texts, expected) {
                #expect(matcher.match(text) == answer, "round \(round): \(text)")
                #expect(SchoolMatcher(schools: Self.schools).match(text) == answer, "fresh: \(text)")
            }
        }
    }

    @Test("a student code is trimmed of the spaces around it exactly as Foundation trims, untouched codes returned as they are")
    func studentKeyTrimsLikeFoundation() {
        let codes = ["У-010000", " У-010000", "У-010000\t", "\u{00A0}A1\u{2009}", "\n", "", "   ", "a b", "\u{202F}Ё-1",
                     "ж\r\n", "x\u{0301}", "\u{0301}"]
        for code in codes {
            let key: String = ContestAggregation.studentKey(code)
            let trimmed: String = code.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(key == trimmed, "\(code.debugDescription)")
        }
    }

    @Test("a text folded through TextKey.Cache is TextKey.fold's key, the first time, again, and past the cache's limit")
    func cachedFoldEqualsFold() {
        let texts = ["Призёр", "  ПРИЗЕР ", "участник", "Родитель\u{00A0}", "", " ", "Ёлка  и  ель", "e\u{0301}", "региональный"]
        var cache = TextKey.Cache()
        for _ in 0..<2 {
            for text in texts { #expect(cache.fold(text) == TextKey.fold(text), "\(text.debugDescription)") }
        }
        for number in 0..<(TextKey.Cache.limit + 10) { _ = cache.fold("ответ \(number)") }
        for text in texts + ["ОТВЕТ \(TextKey.Cache.limit + 5)"] {
            #expect(cache.fold(text) == TextKey.fold(text), "past the limit: \(text.debugDescription)")
        }
    }
}
