import Foundation
import MsokoIngest
import MsokoModel

/// `tables.xlsx`: every table of `tables/` as a sheet, for the reader whose
/// Excel misreads UTF-8 comma-separated CSV (Russian Excel takes `;` and
/// Windows-1251). The first sheet lists the sheets and their CSV files; each
/// other sheet holds its CSV cell for cell, with numbers as numbers
/// (`XLSXCellValue(tableCell:)`), a bold header that stays in view, and, in
/// Russian reports, a Russian sheet name. The bytes depend on the tables only.
public enum TablesWorkbook {
    /// Russian sheet names of the contract's tables (docs/contract.md §3); at
    /// most 31 characters (Excel's limit). A table not listed keeps its file name.
    static let russianNames: [String: String] = [
        "normalized": "Нормированные значения",
        "area_scores": "Баллы направлений",
        "overall_index": "Общий индекс",
        "sensitivity": "Устойчивость мест",
        "normalization_notes": "Замечания нормировки",
        "missing_data": "Пропуски",
        "trends": "Тренды",
        "roadmap": "Дорожная карта",
        "deficits": "Дефициты",
        "early_warnings": "Ранние предупреждения",
        "school_ranking": "Потребность в поддержке",
        "best_practices": "Лучшие практики",
        "recommendations": "Рекомендации",
        "context": "Условия работы",
        "clusters": "Группы школ",
        "cluster_profiles": "Профили групп",
        "cluster_criteria": "Критерии числа групп",
        "rejects": "Отклонённые строки",
        "source_conflicts": "Повторные значения",
        "surveys": "Опросы",
    ]

    /// The sheet name of table `name` (the CSV file without `.csv`).
    static func sheetName(_ name: String, language: Language) -> String {
        let shown = language == .ru ? russianNames[name] ?? name : name
        return String(shown.prefix(31))
    }

    /// The contents sheet, then one sheet per table in the given order.
    public static func sheets(tables: [(name: String, table: Table)], language: Language) -> [XLSXSheet] {
        let ru = language == .ru
        var contents: [[XLSXCellValue]] = [[.text(ru ? "Лист" : "Sheet"), .text(ru ? "Файл" : "File"), .text(ru ? "Строк" : "Rows")]]
        var sheets: [XLSXSheet] = []
        for (name, table) in tables {
            let sheet = sheetName(name, language: language)
            contents.append([.text(sheet), .text("tables/\(name).csv"), .number(Double(table.rows.count))])
            let rows = [table.columns.map { XLSXCellValue.text($0) }]
                + table.rows.map { row in row.map { XLSXCellValue(tableCell: $0) } }
            // Wide enough for the header (the machine names are short words).
            let widths = table.columns.map { Double(min(max($0.count + 2, 10), 40)) }
            sheets.append(XLSXSheet(name: sheet, rows: rows, columnWidths: widths, boldHeader: true, frozenHeader: true))
        }
        let index = XLSXSheet(name: ru ? "Содержание" : "Contents", rows: contents, columnWidths: [30, 34, 8],
                              boldHeader: true, frozenHeader: true)
        return [index] + sheets
    }

    public static func data(tables: [(name: String, table: Table)], language: Language) throws -> Data {
        try XLSXWriter.data(sheets: sheets(tables: tables, language: language))
    }
}
