import Foundation
import MsokoIngest
import MsokoModel
import MsokoStatistics

/// The latest school year of the sample district as schools and the
/// department actually send it (contract §7.2): the values below are drawn as
/// before, left out of `observations.csv`, and written into native files
/// that the sample's `sources:` read back.
///
/// - `self-assessment/2023-24/<id>.xlsx` (one school as `.docx`): the
///   self-assessment table's codes 1.19.1–1.19.3 and 1.33 as «N человек / P %»;
/// - `passports/2023-24.xlsx`: the passport's yes/no and count indicators;
/// - `surveys/parents-2023-24.csv`: a Google Forms export of the parents'
///   survey (five questions, a role column, names for some respondents),
///   generated so that each school's 0–100 value is within half a point of
///   the planted `parent_satisfaction` (at most 60 respondents a school);
/// - `contests/2023-24.xlsx`: one row per student per contest, giving the
///   planted `contest_participation` and `contest_winners` to the nearest
///   student (past `contestSchoolsPerFile` schools, `contests/2023-24-1.xlsx`,
///   `-2`, … with that many schools each);
/// - `navigator/2023-24.csv`: one row per enrolment, giving the planted
///   `additional_education_coverage` of the year's last term to the nearest child.
///
/// Everything here is drawn from its own generator, after the other values,
/// so the values of `observations.csv` are the same as without native files.
struct NativeValues {
    let district: SampleDistrict
    let schools: [(id: String, name: String)]
    let students: [Int]
    /// Each school's planted value (nil: missing) and base of the native indicators.
    var values: [[String: (value: Double?, base: Int?)]]

    init(district: SampleDistrict, schools: [(id: String, name: String)], students: [Int]) {
        self.district = district
        self.schools = schools
        self.students = students
        values = Array(repeating: [:], count: schools.count)
    }

    static let contestIndicators = ["contest_participation", "contest_winners"]
    static let coverage = "additional_education_coverage"
    static let survey = "parent_satisfaction"
    /// Self-assessment codes the contest list gives instead.
    static let excludedCodes: Set<String> = ["1.18", "1.19"]
    /// The school whose self-assessment table comes as a Word document.
    static let docxSchool = 3
    /// At most this many schools' contest rows in one workbook. Some 500
    /// schools give about 320,000 rows (about 165 MB of sheet XML), well
    /// inside an Excel sheet (1,048,576 rows) and the reader's unpacking
    /// limit (`OfficeLimits`); one workbook for 5,000 schools would hold
    /// neither. A larger district's list comes as several workbooks, as
    /// its municipalities would send them, read by one source.
    static let contestSchoolsPerFile = 500

    /// The contest list's file names for `slug` (e.g. "2023-24") in a
    /// district of `schoolCount` schools: one workbook, or one per
    /// `contestSchoolsPerFile` schools.
    static func contestFiles(schoolCount: Int, slug: String) -> [String] {
        guard schoolCount > contestSchoolsPerFile else { return ["contests/\(slug).xlsx"] }
        let parts = (schoolCount + contestSchoolsPerFile - 1) / contestSchoolsPerFile
        return (1...parts).map { "contests/\(slug)-\($0).xlsx" }
    }

    var year: Period { Period(startYear: district.lastYear) }
    var lastTerm: Period { Period(startYear: district.lastYear, term: 4) }
    var forms: FormTemplates { FormTemplates(catalog: district.catalog, schools: [], period: year) }

    /// Passport indicators with a yes/no or count value.
    var passportIndicators: [Indicator] {
        forms.passportIndicators.filter { $0.unit == .bool || $0.unit == .count }
    }

    /// Indicators whose self-assessment codes the tables carry.
    var selfAssessmentIndicators: [Indicator] {
        district.catalog.indicators.filter { !$0.selfAssessmentCodes.isEmpty && !Self.contestIndicators.contains($0.id) }
    }

    /// Whether the native files carry this indicator's value for `period`.
    func carries(_ indicator: Indicator, _ period: Period) -> Bool {
        if indicator.id == Self.coverage { return period == lastTerm }
        guard period == year else { return false }
        return Self.contestIndicators.contains(indicator.id) || indicator.id == Self.survey
            || selfAssessmentIndicators.contains { $0.id == indicator.id }
            || passportIndicators.contains { $0.id == indicator.id }
    }

    static func decimal(_ value: Double) -> String {
        Table.number(value, digits: 1).replacingOccurrences(of: ".", with: ",")
    }

    static func count(_ percentage: Double, of total: Int) -> Int { Int((percentage * Double(total) / 100).rounded()) }

    func files() throws -> [(name: String, data: Data)] {
        var generator = SeededGenerator(seed: district.seed &+ 0x4A71)
        var files: [(name: String, data: Data)] = []
        let folder = year.description.replacingOccurrences(of: "/", with: "-")
        files += try selfAssessment(folder: folder)
        files.append(("passports/\(folder).xlsx", try passport()))
        files.append(("surveys/parents-\(folder).csv", Data(survey(&generator).utf8)))
        let contestNames = Self.contestFiles(schoolCount: schools.count, slug: folder)
        for (name, data) in zip(contestNames, try contests(&generator, parts: contestNames.count)) { files.append((name, data)) }
        files.append(("navigator/\(folder).csv", Data(navigator(&generator).utf8)))
        return files
    }

    func selfAssessment(folder: String) throws -> [(name: String, data: Data)] {
        let forms = forms
        var files: [(name: String, data: Data)] = []
        for (index, school) in schools.enumerated() {
            var cells: [String: String] = [:]
            for indicator in selfAssessmentIndicators {
                guard let planted = values[index][indicator.id], let value = planted.value else { continue }
                let total = indicator.unit == .percent ? (planted.base ?? students[index]) : students[index]
                // A sum of codes: the whole value in the first, 0 in the others.
                for (position, code) in indicator.selfAssessmentCodes.enumerated() {
                    let part = position == 0 ? value : 0
                    cells[code] = "\(Self.count(part, of: total)) человек / \(Self.decimal(part)) %"
                }
            }
            if index == Self.docxSchool {
                let rows = forms.selfAssessmentTable(values: cells, excluding: Self.excludedCodes)
                let title = "Показатели деятельности \(school.name), подлежащей самообследованию (\(year))"
                files.append(("self-assessment/\(folder)/\(school.id).docx", try DOCXWriter.data(title: title, rows: rows)))
            } else {
                files.append(("self-assessment/\(folder)/\(school.id).xlsx",
                              try forms.selfAssessmentWorkbook(schoolID: school.id, schoolName: school.name, values: cells,
                                                               excluding: Self.excludedCodes)))
            }
        }
        return files
    }

    static let passportSchoolHeader = "ОО"

    func passport() throws -> Data {
        let indicators = passportIndicators
        var rows: [[XLSXCellValue]] = [[.text(Self.passportSchoolHeader)] + indicators.map { .text(FormTemplates.passportHeader($0)) }]
        for (index, school) in schools.enumerated() {
            rows.append([.text(school.name)] + indicators.map { indicator in
                guard let value = values[index][indicator.id]?.value else { return .empty }
                return indicator.unit == .bool ? .text(value == 1 ? "да" : "нет") : .number(value)
            })
        }
        return try XLSXWriter.data(sheets: [XLSXSheet(name: "Паспорт", rows: rows, boldHeader: true)])
    }

    // MARK: Survey

    static let surveyQuestions = [
        "Я доволен(льна) организацией воспитательной работы в школе",
        "В школе ребёнку безопасно и комфортно",
        "Классный руководитель знает моего ребёнка и его интересы",
        "Школа предлагает достаточно кружков, секций и мероприятий",
        "Школа учитывает мнение родителей",
    ]
    static let scale = ["полностью не согласен", "скорее не согласен", "затрудняюсь ответить", "скорее согласен", "полностью согласен"]
    static let surveySchoolHeader = "Ваша школа"
    static let roleHeader = "Вы"
    static let surveyFirstQuestion = 5
    static let surnames = ["Кузнецова", "Смирнова", "Волкова", "Морозова", "Лебедева", "Соколова", "Новикова", "Фёдорова"]
    static let givenNames = ["Анна", "Ольга", "Ирина", "Наталья", "Елена", "Марина", "Татьяна", "Светлана"]
    static let patronymics = ["Сергеевна", "Петровна", "Игоревна", "Викторовна", "Алексеевна", "Николаевна"]
    static let maxRespondents = 60

    /// Respondents' answers (1–5) whose school value is within half a point of `value`.
    static func answers(value: Double, respondents: Int, _ generator: inout SeededGenerator) -> [[Int]] {
        let items = surveyQuestions.count
        let mean = 1 + 4 * value / 100
        var answers = (0..<respondents).map { _ -> [Int] in
            let level = mean + 0.6 * generator.nextNormal()
            return (0..<items).map { _ in min(5, max(1, Int((level + 0.5 * generator.nextNormal()).rounded()))) }
        }
        let target = Int((mean * Double(respondents * items)).rounded())
        var total = answers.joined().reduce(0, +)
        while total != target {
            let respondent = generator.nextInt(below: respondents), item = generator.nextInt(below: items)
            if total < target, answers[respondent][item] < 5 { answers[respondent][item] += 1; total += 1 }
            if total > target, answers[respondent][item] > 1 { answers[respondent][item] -= 1; total -= 1 }
        }
        return answers
    }

    func survey(_ generator: inout SeededGenerator) -> String {
        var table = Table(columns: ["Отметка времени", "ФИО (необязательно)", Self.surveySchoolHeader, Self.roleHeader] + Self.surveyQuestions)
        var minute = 0
        func timestamp(_ generator: inout SeededGenerator) -> String {
            minute += 1 + generator.nextInt(below: 40)
            let day = 4 + minute / (24 * 60), hour = (minute / 60) % 24, min = minute % 60
            return String(format: "%02d.03.%d %d:%02d:%02d", day, district.lastYear + 1, hour, min, generator.nextInt(below: 60))
        }
        for (index, school) in schools.enumerated() {
            guard let planted = values[index][Self.survey], let value = planted.value else { continue }
            let respondents = min(planted.base ?? 5, Self.maxRespondents)
            for answers in Self.answers(value: value, respondents: respondents, &generator) {
                var name = ""
                if generator.nextDouble() < 0.3 {
                    name = Self.surnames[generator.nextInt(below: Self.surnames.count)] + " "
                        + Self.givenNames[generator.nextInt(below: Self.givenNames.count)] + " "
                        + Self.patronymics[generator.nextInt(below: Self.patronymics.count)]
                }
                table.append([timestamp(&generator), name, school.name, "родитель"] + answers.map { Self.scale[$0 - 1] })
            }
            // A teacher answered the parents' form too; the role filter leaves the row out.
            if index % 4 == 0 {
                table.append([timestamp(&generator), "", school.name, "педагог"] + Self.surveyQuestions.map { _ in Self.scale[3] })
            }
        }
        return table.verbatimCSV
    }

    // MARK: Contests and enrolments

    static let contestHeaders = (school: "ОО", student: "Код участника", level: "Уровень", result: "Результат")
    static let levels = ["школьный", "муниципальный", "региональный", "всероссийский"]
    static let prizes = ["призёр", "победитель"]

    /// Ids unique within a school: `prefix` and a permutation of 0..<10000.
    static func personID(_ prefix: String, school: Int, _ number: Int) -> String {
        prefix + String(format: "%02d%04d", school + 1, (number * 7919) % 10_000)
    }

    /// The contest list as `parts` workbooks, `contestSchoolsPerFile`
    /// schools each (the rows drawn in the same order however many).
    func contests(_ generator: inout SeededGenerator, parts: Int) throws -> [Data] {
        let headers = Self.contestHeaders
        let header: [XLSXCellValue] = [.text(headers.school), .text(headers.student), .text("Конкурс"), .text(headers.level), .text(headers.result)]
        let contestNames = ["Олимпиада по математике", "Конкурс чтецов", "Шаг в будущее", "Президентские состязания", "Зелёная планета"]
        var workbooks: [Data] = []
        var rows = [header]
        for (index, school) in schools.enumerated() {
            if parts > 1, index > 0, index % Self.contestSchoolsPerFile == 0 {
                workbooks.append(try XLSXWriter.data(sheets: [XLSXSheet(name: "Конкурсы", rows: rows, boldHeader: true)]))
                rows = [header]
            }
            guard let participation = values[index]["contest_participation"]?.value else { continue }
            let winners = Self.count(values[index]["contest_winners"]?.value ?? 0, of: students[index])
            let participants = max(Self.count(participation, of: students[index]), winners)
            for student in 0..<participants {
                let id = Self.personID("У-", school: index, student)
                let entries = 1 + generator.nextInt(below: 3)
                let prizeEntry = student < winners ? generator.nextInt(below: entries) : -1
                for entry in 0..<entries {
                    let result = entry == prizeEntry ? Self.prizes[generator.nextInt(below: 2)] : "участник"
                    rows.append([.text(school.name), .text(id), .text(contestNames[generator.nextInt(below: contestNames.count)]),
                                 .text(Self.levels[generator.nextInt(below: Self.levels.count)]), .text(result)])
                }
            }
        }
        workbooks.append(try XLSXWriter.data(sheets: [XLSXSheet(name: "Конкурсы", rows: rows, boldHeader: true)]))
        return workbooks
    }

    static let navigatorHeaders = (school: "Школа", child: "ID ребенка")

    func navigator(_ generator: inout SeededGenerator) -> String {
        let programmes = ["Робототехника", "Юный журналист", "Шахматы", "Хореография", "Волейбол", "Экологический патруль", "Театральная студия"]
        var table = Table(columns: [Self.navigatorHeaders.school, Self.navigatorHeaders.child, "Программа"])
        for (index, school) in schools.enumerated() {
            guard let coverage = values[index][Self.coverage]?.value else { continue }
            for child in 0..<Self.count(coverage, of: students[index]) {
                let id = Self.personID("Д-", school: index, child)
                let first = generator.nextInt(below: programmes.count)
                for offset in 0..<(1 + generator.nextInt(below: 2)) {
                    table.append([school.name, id, programmes[(first + offset * 3) % programmes.count]])
                }
            }
        }
        return table.verbatimCSV
    }
}

extension SampleDistrict {
    /// The `sources:` entries reading the native files kept in `folder`
    /// (relative to the pipeline file; "" for the same folder).
    public func sourcesText(folder: String) -> String {
        let native = NativeValues(district: self, schools: [], students: [])
        let prefix = folder.isEmpty ? "" : folder + "/"
        let year = native.year, slug = year.description.replacingOccurrences(of: "/", with: "-")
        let quoted = FormTemplates.quoted
        var text = """
            # The latest school year as the schools and the department send it.
            sources:
              - kind: self_assessment
                files: \(quoted(prefix + "self-assessment/\(slug)/*"))
                period: \(year)
                school: file_name
              - kind: wide
                file: \(quoted(prefix + "passports/\(slug).xlsx"))
                period: \(year)
                columns:
                  school: \(quoted(NativeValues.passportSchoolHeader))
                  values:

            """
        for indicator in native.passportIndicators {
            text += "          \(indicator.id): \(quoted(FormTemplates.passportHeader(indicator)))\n"
        }
        let scale = NativeValues.scale.enumerated().reversed().map { "\(quoted($1)): \($0 + 1)" }.joined(separator: ", ")
        let contest = NativeValues.contestHeaders, navigator = NativeValues.navigatorHeaders
        // One workbook, or its parts through one glob (the source pools their rows).
        let contestFiles = schoolCount > NativeValues.contestSchoolsPerFile
            ? "files: " + quoted(prefix + "contests/\(slug)-*.xlsx") : "file: " + quoted(prefix + "contests/\(slug).xlsx")
        text += """
              - kind: survey
                file: \(quoted(prefix + "surveys/parents-\(slug).csv"))
                period: \(year)
                school_column: \(quoted(NativeValues.surveySchoolHeader))
                questions: [\(NativeValues.surveyFirstQuestion), \(NativeValues.surveyFirstQuestion + NativeValues.surveyQuestions.count - 1)]
                scale: {\(scale)}
                indicator: \(NativeValues.survey)
                role: {column: \(quoted(NativeValues.roleHeader)), keep: ["родитель"]}
              - kind: contests
                \(contestFiles)
                period: \(year)
                columns: {school: \(quoted(contest.school)), student: \(quoted(contest.student)), level: \(quoted(contest.level)), result: \(quoted(contest.result))}
                indicators: {participation: contest_participation, prize_share: contest_winners}
              - kind: enrolments
                file: \(quoted(prefix + "navigator/\(slug).csv"))
                period: \(native.lastTerm)
                columns: {school: \(quoted(navigator.school)), child: \(quoted(navigator.child))}
                indicators: {coverage: \(NativeValues.coverage)}

            """
        return text
    }

    func nativeReadme() -> String {
        let native = NativeValues(district: self, schools: [], students: [])
        let year = native.year, slug = year.description.replacingOccurrences(of: "/", with: "-")
        let docx = schoolID(NativeValues.docxSchool)
        return """

            ## Native files (\(year))

            The latest school year's values of these indicators are not in `observations.csv`: they come from the \
            files schools and the department send, read by the `sources:` of `pipeline.yaml` (contract §7.2). \
            Values derived from them (a survey mean, a share of distinct students) can differ slightly from the \
            planted ones; the planted structure above holds.

            | file | feeds |
            |---|---|
            | `self-assessment/\(slug)/S…xlsx` (`\(docx).docx` as a Word document): the self-assessment report's indicator table, codes 1.19.1–1.19.3 and 1.33 | \(native.selfAssessmentIndicators.map { "`\($0.id)`" }.joined(separator: ", ")) |
            | `passports/\(slug).xlsx`: passports of the upbringing system, one row per school | \(native.passportIndicators.map { "`\($0.id)`" }.joined(separator: ", ")) |
            | `surveys/parents-\(slug).csv`: the parents' survey as Google Forms exports it (one row per respondent; some give a name; a teacher's row is filtered out by role) | `\(NativeValues.survey)` (0–100, base = respondents, at most \(NativeValues.maxRespondents) a school; `tables/surveys.csv`) |
            | \(NativeValues.contestFiles(schoolCount: schoolCount, slug: slug).count == 1 ? "`contests/\(slug).xlsx`" : "`contests/\(slug)-1.xlsx`, `-2`, … (\(NativeValues.contestSchoolsPerFile) schools each)"): one row per student per contest | `contest_participation`, `contest_winners` (distinct students) |
            | `navigator/\(slug).csv`: the additional-education navigator's enrolments | `\(NativeValues.coverage)` for \(native.lastTerm) (distinct children) |

            Names, participant codes and child ids are synthetic and never reach an output.

            """
    }
}
