import Foundation
import MsokoIngest
import MsokoModel

/// `tables.xlsx`: every table of `tables/` as a sheet, for the reader whose
/// Excel misreads UTF-8 comma-separated CSV (Russian Excel takes `;` and
/// Windows-1251). The first sheet lists the sheets and their CSV files; each
/// other sheet holds its CSV cell for cell, with numbers as numbers
/// (`XLSXCellValue(tableCell:)`), a bold header that stays in view, and, in
/// Russian reports, a Russian sheet name and a Russian header row above the
/// CSV's own (so a sheet's rows from the second on are the CSV). The bytes
/// depend on the tables only.
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

    /// Russian labels of the tables' columns (docs/contract.md §3), shown in a
    /// Russian report above the machine name. A column that means something
    /// else in one table has an entry in `russianColumnOverrides`.
    static let russianColumns: [String: String] = [
        "aggregation": "Способ свёртки",
        "alpha": "Альфа Кронбаха",
        "area": "Направление",
        "assessment": "Оценка тренда",
        "band": "Уровень интервала",
        "base": "База (знаменатель)",
        "below_peers": "Ниже сопоставимых школ",
        "calinski_harabasz": "Индекс Калинского — Харабаша",
        "chosen": "Выбрано",
        "claim": "Формулировка цели",
        "cluster": "Группа",
        "cluster_median": "Медиана группы",
        "column": "Столбец",
        "context_index": "Индекс условий",
        "davies_bouldin": "Индекс Дэвиса — Болдина",
        "deficit_score": "Балл дефицитов",
        "direction": "Желательное направление",
        "district_median": "Медиана района",
        "district_value": "Значение по району",
        "draws": "Число прогонов",
        "early_warnings": "Ранние предупреждения",
        "entity": "Объект (район или школа)",
        "evidence": "Обоснование",
        "expected": "Ожидаемый индекс",
        "file": "Файл",
        "first_period": "Первый период",
        "forecast": "Прогноз",
        "forecast_high": "Прогноз: верхняя граница",
        "forecast_low": "Прогноз: нижняя граница",
        "forecast_period": "Период прогноза",
        "gap": "Разрыв",
        "gap_se": "Ошибка статистики разрыва",
        "goal": "Цель дорожной карты",
        "group_weak": "Слабо во всей группе",
        "high": "Верхняя граница",
        "imputation": "Способ заполнения",
        "imputed": "Заполнено",
        "index": "Общий индекс",
        "indicator": "Показатель",
        "inertia": "Инерция",
        "k": "Число групп (k)",
        "kind": "Вид",
        "label": "Название группы",
        "last_period": "Последний период",
        "last_value": "Последнее значение",
        "line": "Строка",
        "low": "Нижняя граница",
        "main_deficit_area": "Главное направление дефицита",
        "mean_score": "Средний балл",
        "measure": "Мера поддержки",
        "median_rank": "Медианное место",
        "meets_target": "Цель достигнута",
        "methods": "Методы",
        "mk_p": "Манн — Кендалл: p",
        "mk_s": "Манн — Кендалл: S",
        "mk_z": "Манн — Кендалл: Z",
        "n_confirmed": "Подтверждённых дефицитов",
        "n_deficits": "Число дефицитов",
        "n_indicators": "Число показателей",
        "n_missing": "Пропущено показателей",
        "n_periods": "Число периодов",
        "nominal_rank": "Место",
        "normalization": "Нормировка",
        "note": "Замечание",
        "ols_slope": "Наклон (МНК)",
        "ols_slope_high": "Наклон (МНК): верхняя граница",
        "ols_slope_low": "Наклон (МНК): нижняя граница",
        "other_source": "Другой источник",
        "other_value": "Другое значение",
        "outlook": "Прогноз достижения",
        "overall_index": "Общий индекс",
        "pc1": "Главная компонента 1",
        "pc2": "Главная компонента 2",
        "peer_basis": "Основание выбора школы-образца",
        "peer_school_id": "Школа-образец",
        "period": "Период",
        "policy": "Правило пропусков",
        "rank": "Место",
        "rank_high": "Место: верхняя граница",
        "rank_in_area": "Место в направлении",
        "rank_low": "Место: нижняя граница",
        "reason": "Причина",
        "reference": "Ориентир",
        "reference_kind": "Вид ориентира",
        "reported": "Сдано значений",
        "residual": "Отклонение от ожидаемого",
        "respondents": "Респондентов",
        "reweighted": "Веса перераспределены",
        "roadmap_item": "Пункт дорожной карты",
        "robust": "Место устойчиво",
        "role": "Роль показателя",
        "school_id": "Школа",
        "school_name": "Название школы",
        "schools_meeting": "Школ достигли цели",
        "schools_missing": "Школ без данных",
        "schools_reporting": "Школ сдали данные",
        "score": "Балл",
        "seed": "Зерно генератора",
        "sen_slope": "Наклон Сена",
        "severity": "Тяжесть",
        "shnor_risk": "Риск ШНОР",
        "silhouette": "Силуэт",
        "silhouette_se": "Ошибка силуэта",
        "size": "Число школ в группе",
        "source": "Источник",
        "spread": "Разброс по району",
        "spreads_below_cluster": "Разбросов ниже медианы группы",
        "spreads_beyond_median": "Разбросов за медианой района",
        "stability": "Устойчивость группы",
        "stable": "Группа устойчива",
        "status": "Статус",
        "target": "Цель",
        "target_shortfall": "Недостаёт до цели",
        "text": "Текст",
        "threshold": "Порог",
        "trend": "Тренд",
        "value": "Значение",
        "value_period": "Период значения",
        "verdict": "Вывод",
        "weight_variation": "Разброс весов",
        "z": "Z-оценка",
    ]

    /// Labels of columns whose meaning differs in one table.
    static let russianColumnOverrides: [String: [String: String]] = [
        "cluster_criteria": ["gap": "Статистика разрыва (gap)", "silhouette": "Средний силуэт"],
        "normalized": ["score": "Нормированный балл", "source": "Источник значения"],
        "area_scores": ["score": "Балл направления"],
        "overall_index": ["rank": "Место по индексу"],
        "school_ranking": ["rank": "Место по потребности"],
        "context": ["low": "Интервал прогноза: от", "high": "Интервал прогноза: до", "status": "Относительно ожидаемого"],
        "surveys": ["value": "Значение (0–100)", "low": "Доверительный интервал: от", "high": "Доверительный интервал: до"],
        "source_conflicts": ["value": "Использованное значение", "source": "Использованный источник"],
        "rejects": ["value": "Значение в файле"],
    ]

    /// The Russian label of column `column` of table `table`, or nil when there is none.
    static func russianLabel(table: String, column: String) -> String? {
        russianColumnOverrides[table]?[column] ?? russianColumns[column]
    }

    /// The sheet name of table `name` (the CSV file without `.csv`).
    static func sheetName(_ name: String, language: Language) -> String {
        let shown = language == .ru ? russianNames[name] ?? name : name
        return String(shown.prefix(31))
    }

    /// The most rows an Excel sheet holds. A table longer than that (with its
    /// header rows) gets no sheet; its contents row says so and names the CSV.
    public static let excelRowLimit = 1_048_576

    /// The contents sheet, then one sheet per table in the given order. A
    /// sheet holds its table only (a table too long for a sheet is let go
    /// with the array); `XLSXWriter.write(sheets:to:)` streams them to a file.
    public static func sheets(tables: [(name: String, table: Table)], language: Language) -> [XLSXSheet] {
        let ru = language == .ru
        var contents: [[XLSXCellValue]] = [[.text(ru ? "Лист" : "Sheet"), .text(ru ? "Файл" : "File"), .text(ru ? "Строк" : "Rows")]]
        var sheets: [XLSXSheet] = []
        for (name, table) in tables {
            let sheet = sheetName(name, language: language)
            let headerRows = ru ? 2 : 1
            guard headerRows + table.rows.count <= excelRowLimit else {
                // Excel cannot open the sheet; the contents sheet says where the rows are.
                let note = ru ? "нет листа: строк больше, чем вмещает лист Excel (1 048 576); см. CSV"
                    : "no sheet: more rows than an Excel sheet holds (1,048,576); see the CSV"
                contents.append([.text(note), .text("tables/\(name).csv"), .number(Double(table.rows.count))])
                continue
            }
            contents.append([.text(sheet), .text("tables/\(name).csv"), .number(Double(table.rows.count))])
            // In a Russian report the Russian labels, then the machine names (the CSV's header).
            let labels = ru ? [table.columns.map { russianLabel(table: name, column: $0) ?? $0 }] : []
            let header = (labels + [table.columns]).map { $0.map { XLSXCellValue.text($0) } }
            // Wide enough for the header, within 10–40 characters.
            let widths = table.columns.indices.map { column in
                Double(min(max((labels + [table.columns]).map { $0[column].count }.max()! + 2, 10), 40))
            }
            // The table's rows become cells as the writer reaches them, not all at once.
            sheets.append(XLSXSheet(name: sheet, rowCount: header.count + table.rows.count, columnWidths: widths,
                                    boldHeader: true, frozenHeader: true, headerRows: header.count) { index in
                index < header.count ? header[index] : table.rows[index - header.count].map { XLSXCellValue(tableCell: $0) }
            })
        }
        let index = XLSXSheet(name: ru ? "Содержание" : "Contents", rows: contents, columnWidths: [30, 34, 8],
                              boldHeader: true, frozenHeader: true)
        return [index] + sheets
    }

    /// The workbook as bytes, made in memory (small workbooks, tests).
    public static func data(tables: [(name: String, table: Table)], language: Language) throws -> Data {
        try XLSXWriter.data(sheets: sheets(tables: tables, language: language))
    }
}
