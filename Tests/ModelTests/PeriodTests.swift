import Testing
@testable import MsokoModel

@Suite("Period grammar and order")
struct PeriodTests {
    @Test("YYYY/YY and YYYY/YY-N parse and print back unchanged")
    func roundTrip() {
        for text in ["2022/23", "2022/23-1", "2023/24-4", "1999/00", "2009/10-2"] {
            #expect(Period(text)?.description == text)
        }
    }

    @Test("malformed periods are rejected: wrong second year, term 0 or 5, other separators, spaces")
    func malformed() {
        for text in ["2022/24", "2022-23", "2022/23-0", "2022/23-5", "2022/2023", "22/23", " 2022/23", "2022/23-", "2022/23-12", "", "abcd/ef"] {
            #expect(Period(text) == nil, "\(text) should not parse")
        }
    }

    @Test("periods sort by year, then term, and a year sorts after its own terms")
    func ordering() {
        let texts = ["2023/24", "2022/23-2", "2023/24-1", "2022/23", "2022/23-4", "2022/23-1"]
        let sorted = texts.compactMap { Period($0) }.sorted().map(\.description)
        #expect(sorted == ["2022/23-1", "2022/23-2", "2022/23-4", "2022/23", "2023/24-1", "2023/24"])
    }

    @Test("a period keeps its year and term exactly, for any year, and orders by year, then term, the year last")
    func compactForm() {
        for year in [-3, 0, 1999, 2023, 1 << 40] {
            let periods = [1, 2, 3, 4].map { Period(startYear: year, term: $0) } + [Period(startYear: year)]
            #expect(periods.map(\.startYear) == Array(repeating: year, count: 5))
            #expect(periods.map(\.term) == [1, 2, 3, 4, nil])
            #expect(periods.sorted() == periods && Period(startYear: year) < Period(startYear: year + 1, term: 1))
        }
    }

    @Test("time is measured in school years, so a slope over it is per school year")
    func time() throws {
        #expect(try #require(Period("2022/23")).time == 2022)
        #expect(try #require(Period("2022/23-1")).time == 2022)
        #expect(try #require(Period("2022/23-3")).time == 2022.5)
        #expect(try #require(Period("2023/24-2")).schoolYear == Period("2023/24"))
    }
}
