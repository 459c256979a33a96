import Foundation
import MsokoIngest
import MsokoModel

/// The forms schools fill in (`msoko template`), built from the catalog and
/// the schools of a pipeline, and the `sources:` entries that read them back:
///
/// - `self-assessment/<school_id>.xlsx`, one per school: the indicator table
///   of the self-assessment report (Order No. 1324 of 10.12.2013, appendix 2)
///   restricted to the codes the catalog uses (`self_assessment:`), in rising
///   order, with the form's wording where known and the indicator's Russian
///   name otherwise; columns Код | Показатель | Единица измерения | Значение,
///   the last one empty; a second sheet with instructions;
/// - `passport.xlsx`: one row per school (by name), one column per passport
///   indicator — an outcome indicator without self-assessment codes whose
///   `source` mentions the passport («passport» / «паспорт») — with the unit
///   in the header, the cells empty;
/// - `sources.yaml`: the `self_assessment` and `wide` entries reading them.
public struct FormTemplates {
    public let catalog: Catalog
    public let schools: [School]
    public let period: Period

    public init(catalog: Catalog, schools: [School], period: Period) {
        self.catalog = catalog
        self.schools = schools
        self.period = period
    }

    /// The wording of the 1324 form's rows the district catalog cites.
    static let formWording: [String: String] = [
        "1.1": "Общая численность учащихся",
        "1.18": "Численность/удельный вес численности учащихся, принявших участие в различных олимпиадах, смотрах, конкурсах, в общей численности учащихся",
        "1.19": "Численность/удельный вес численности учащихся — победителей и призёров олимпиад, смотров, конкурсов, в общей численности учащихся, в том числе:",
        "1.19.1": "регионального уровня",
        "1.19.2": "федерального уровня",
        "1.19.3": "международного уровня",
        "1.33": "Численность/удельный вес численности педагогических и административно-хозяйственных работников, прошедших за последние 5 лет повышение квалификации/профессиональную переподготовку по профилю педагогической деятельности или иной осуществляемой в образовательной организации деятельности, в общей численности педагогических и административно-хозяйственных работников",
    ]

    /// The unit as the form writes it.
    static func unitText(_ unit: IndicatorUnit) -> String {
        switch unit {
        case .percent, .per100: return "человек/%"
        case .count: return "единиц"
        case .bool: return "да/нет"
        case .score: return "баллов"
        }
    }

    /// The unit in a passport column's header.
    static func headerUnit(_ unit: IndicatorUnit) -> String {
        switch unit {
        case .percent: return "%"
        case .per100: return "на 100 обучающихся"
        case .count: return "единиц"
        case .bool: return "да/нет"
        case .score: return "баллов"
        }
    }

    /// One row of the self-assessment form.
    public struct FormRow: Equatable, Sendable {
        public let code: String
        public let name: String
        public let unit: String
        /// The catalog indicator receiving the value (a code of a sum names its indicator).
        public let indicator: String
    }

    /// The codes the catalog uses, in rising order (`1.9` before `1.10`).
    public var selfAssessmentRows: [FormRow] {
        var rows: [String: FormRow] = [:]
        for indicator in catalog.indicators {
            for code in indicator.selfAssessmentCodes where rows[code] == nil {
                rows[code] = FormRow(code: code, name: Self.formWording[code] ?? indicator.name.ru,
                                     unit: Self.unitText(indicator.unit), indicator: indicator.id)
            }
        }
        return rows.values.sorted {
            SelfAssessmentCode.components($0.code).lexicographicallyPrecedes(SelfAssessmentCode.components($1.code))
        }
    }

    /// Outcome indicators without self-assessment codes whose source note
    /// mentions the passport, in catalog order.
    public var passportIndicators: [Indicator] {
        catalog.outcomeIndicators.filter { indicator in
            guard indicator.selfAssessmentCodes.isEmpty, let source = indicator.source?.lowercased() else { return false }
            return source.contains("passport") || source.contains("паспорт")
        }
    }

    /// The indicator's Russian name with its unit, unless the name already says it.
    public static func passportHeader(_ indicator: Indicator) -> String {
        let unit = headerUnit(indicator.unit)
        return indicator.name.ru.lowercased().contains(unit) ? indicator.name.ru : "\(indicator.name.ru) (\(unit))"
    }

    public static let schoolHeader = "Школа"
    public static let valueHeader = "Значение"

    /// The self-assessment table: the header and one row per code (but
    /// those `excluding`), the value column holding `values[code]` or "".
    public func selfAssessmentTable(values: [String: String] = [:], excluding: Set<String> = []) -> [[String]] {
        [["Код", "Показатель", "Единица измерения", Self.valueHeader]]
            + selfAssessmentRows.filter { !excluding.contains($0.code) }.map { [$0.code, $0.name, $0.unit, values[$0.code] ?? ""] }
    }

    /// The self-assessment workbook of one school (filled with `values`, by code, when given).
    public func selfAssessmentWorkbook(schoolID: String, schoolName: String, values: [String: String] = [:],
                                       excluding: Set<String> = []) throws -> Data {
        let rows: [[XLSXCellValue]] = selfAssessmentTable(values: values, excluding: excluding).map { row in
            row.map { $0.isEmpty ? .empty : .text($0) }
        }
        let school = (id: schoolID, name: schoolName)
        let instructions: [[XLSXCellValue]] = [
            "Показатели деятельности общеобразовательной организации, подлежащей самообследованию",
            "(приказ Минобрнауки России от 10.12.2013 № 1324, приложение 2): строки, которые использует мониторинг.",
            "Организация: \(school.name) (код \(school.id)). Период: \(period).",
            "Заполните только столбец «\(Self.valueHeader)» листа «Показатели»; коды, порядок строк и имя файла не меняйте.",
            "«человек/%»: например «45 человек / 37,5 %» или только процент «37,5»;",
            "«единиц»: целое число; «да/нет»: «да» или «нет».",
            "Пустая ячейка означает, что значение не представлено.",
            "Сохраните файл в формате XLSX.",
        ].map { [.text($0)] }
        return try XLSXWriter.data(sheets: [
            XLSXSheet(name: "Показатели", rows: rows, columnWidths: [10, 80, 18, 22], boldHeader: true, frozenHeader: true),
            XLSXSheet(name: "Инструкция", rows: instructions, columnWidths: [110]),
        ])
    }

    /// The passport form: every school in a row, every passport indicator in a column.
    public func passportWorkbook() throws -> Data {
        let indicators = passportIndicators
        var rows: [[XLSXCellValue]] = [[.text(Self.schoolHeader)] + indicators.map { .text(Self.passportHeader($0)) }]
        for school in schools {
            rows.append([.text(school.name)] + indicators.map { _ in .empty })
        }
        return try XLSXWriter.data(sheets: [
            XLSXSheet(name: "Паспорт", rows: rows, columnWidths: [50] + indicators.map { _ in 24 },
                      boldHeader: true, frozenHeader: true),
        ])
    }

    /// The `sources:` entries reading the forms kept in `folder` (a path
    /// relative to the pipeline file, or absolute).
    public func sourcesSnippet(folder: String) -> String {
        let prefix = folder.isEmpty || folder == "." ? "" : (folder.hasSuffix("/") ? folder : folder + "/")
        var text = """
            # The `sources:` entries that read the forms of `msoko template` back (period \(period)).
            # Paste them under `sources:` of the pipeline; the paths are relative to the pipeline
            # file (change them if the filled-in forms are kept elsewhere).
            sources:
              - kind: self_assessment
                files: \(Self.quoted(prefix + "self-assessment/*.xlsx"))
                period: \(period)
                school: file_name

            """
        let indicators = passportIndicators
        if !indicators.isEmpty {
            text += """
                  - kind: wide
                    file: \(Self.quoted(prefix + "passport.xlsx"))
                    period: \(period)
                    columns:
                      school: \(Self.quoted(Self.schoolHeader))
                      values:

                """
            for indicator in indicators {
                text += "        \(indicator.id): \(Self.quoted(Self.passportHeader(indicator)))\n"
            }
        }
        return text
    }

    /// A YAML double-quoted scalar. Escaped byte by byte: a quote or
    /// backslash before a combining mark is escaped all the same, and a
    /// control character (a line break in a header) becomes `\xHH`.
    static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes += [UInt8(ascii: "\\"), byte]
            case ..<0x20, 0x7F:
                let digits = Array("0123456789ABCDEF".utf8)
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every file of the forms, by path relative to the output folder.
    public func files(sourcesFolder: String) throws -> [(path: String, data: Data)] {
        var files: [(path: String, data: Data)] = []
        for school in schools {
            files.append(("self-assessment/\(school.id).xlsx", try selfAssessmentWorkbook(schoolID: school.id, schoolName: school.name)))
        }
        if !passportIndicators.isEmpty { files.append(("passport.xlsx", try passportWorkbook())) }
        files.append(("sources.yaml", Data(sourcesSnippet(folder: sourcesFolder).utf8)))
        return files
    }

    /// The file that marks a folder as forms msoko may replace.
    public static let marker = ".msoko-template"

    /// Writes the forms into `directory` (absent, empty or an earlier
    /// template folder), all at once; returns the paths written.
    @discardableResult
    public func write(to directory: URL, sourcesFolder: String) throws -> [String] {
        let output = OutputFolder(destination: directory, marker: Self.marker)
        try output.checkReplaceable()
        for file in try files(sourcesFolder: sourcesFolder) { output.add(file.path, data: file.data) }
        output.add(Self.marker, "Written by `msoko template`; msoko may replace this folder.\n")
        try output.commit()
        return output.paths.map { output.destination.appendingPathComponent($0).path }
    }

    /// Reads the pipeline's catalog and schools (not its observations or sources).
    public static func load(pipelinePath: String, period: Period) throws -> FormTemplates {
        let configuration = try PipelineConfiguration.load(path: pipelinePath)
        let catalog = try Catalog.load(path: configuration.resolve(configuration.catalogPath).path,
                                       displayName: configuration.catalogPath)
        let schools = try CanonicalIngest.loadSchools(configuration: configuration).schools
        return FormTemplates(catalog: catalog, schools: schools, period: period)
    }

    /// `folder` as the pipeline file in `pipelineDirectory` names it:
    /// relative when inside that directory, absolute otherwise.
    public static func path(of folder: URL, from pipelineDirectory: URL) -> String {
        let target = folder.standardizedFileURL.path
        let base = pipelineDirectory.standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        if target == base { return "." }
        return target.hasPrefix(prefix) ? String(target.dropFirst(prefix.count)) : target
    }
}
