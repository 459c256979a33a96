import Testing
import MsokoModel
@testable import MsokoReport

@Suite("Report formatting")
struct ReportFormattingTests {
    @Test("Russian uses a decimal comma, a minus sign and narrow spaces between thousands; English a dot")
    func numbers() {
        let ru = ReportFormatting(language: .ru), en = ReportFormatting(language: .en)
        #expect(ru.number(12.345, digits: 1) == "12,3")
        #expect(ru.number(-0.04, digits: 1) == "0,0")
        #expect(ru.number(-2.5, digits: 1) == "−2,5")
        #expect(ru.number(12345.6, digits: 1) == "12\u{202F}345,6")
        #expect(ru.number(1234, digits: 0) == "1234")
        #expect(en.number(12345.6, digits: 1) == "12,345.6")
        #expect(ru.percent(56, digits: 0) == "56\u{00A0}%")
        #expect(ru.number(nil) == "—")
        #expect(ru.number(62.25, digits: 1) == "62,3" && en.number(0.25, digits: 1) == "0.3",
                "halves round away from zero, as in the tables (Table.number(62.25, digits: 1) is 62.3)")
        #expect(Table.number(62.25, digits: 1) == "62.3")
        #expect(ru.number(0.05, digits: 2) == "0,05")
    }

    @Test("Russian plural forms follow the CLDR rules: 1 школа, 2 школы, 5 школ, 11 школ, 21 школа, 22 школы")
    func plurals() {
        let ru = ReportFormatting(language: .ru)
        let forms = (one: "школа", few: "школы", many: "школ")
        let expected = [1: "школа", 2: "школы", 4: "школы", 5: "школ", 11: "школ", 12: "школ", 14: "школ", 21: "школа", 22: "школы", 25: "школ", 101: "школа", 111: "школ", 0: "школ"]
        for (n, noun) in expected {
            #expect(ru.noun(n, ru: forms, en: ("school", "schools")) == noun, "\(n)")
        }
        #expect(ReportFormatting(language: .en).count(1, ru: forms, en: ("school", "schools")) == "1\u{00A0}school")
    }

    @Test("a decimal amount takes the genitive singular in Russian (4,5 разброса, 1,0 балла); a whole one the integer rule (81 балл, 82 балла, 85 баллов)")
    func decimalAmounts() {
        let ru = ReportFormatting(language: .ru), en = ReportFormatting(language: .en)
        let points = (one: "балл", few: "балла", many: "баллов")
        #expect(ru.amount(4.5, ru: ("разброс", "разброса", "разбросов"), en: ("spread", "spreads")) == "4,5\u{00A0}разброса")
        #expect(ru.amount(1, ru: points, en: ("point", "points")) == "1,0\u{00A0}балла")
        #expect(ru.amount(81, digits: 0, ru: points, en: ("point", "points")) == "81\u{00A0}балл")
        #expect(ru.amount(82, digits: 0, ru: points, en: ("point", "points")) == "82\u{00A0}балла")
        #expect(ru.amount(85.2, digits: 0, ru: points, en: ("point", "points")) == "85\u{00A0}баллов")
        #expect(en.amount(1, ru: points, en: ("point", "points")) == "1.0\u{00A0}points")
    }

    @Test("Markdown escapes markup characters and HTML escapes entities, so names show as written")
    func escaping() {
        var document = ReportDocument(title: "A & B", language: "ru")
        document.append(.table(ReportTable(header: ["name"], rows: [["x | y <b>*z*</b>"]])))
        let markdown = document.markdown()
        #expect(markdown.contains("x \\| y \\<b\\>\\*z\\*\\</b\\>"))
        let html = document.html()
        #expect(html.contains("<title>A &amp; B</title>"))
        #expect(html.contains("<td>x | y &lt;b&gt;*z*&lt;/b&gt;</td>"))
    }
}
