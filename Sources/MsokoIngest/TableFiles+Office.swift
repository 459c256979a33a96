import Foundation
import MsokoModel

extension TableFiles {
    /// The sheet `spec` names (the first by default) as a table.
    static func openWorkbook(_ spec: TableSpec, data: Data) throws -> TableDocument {
        let selector: SheetSelector? = spec.sheet.map {
            switch $0 {
            case .name(let name): return .name(name)
            case .index(let number): return .index(number)
            }
        }
        let grid = try XLSXReader.read(data: data, file: spec.path, sheet: selector)
        return TableDocument(grid: grid, path: spec.path, format: .workbook, decimalComma: spec.decimalComma)
    }

    /// Every table of a Word document, in order.
    static func openWordTables(_ spec: TableSpec, data: Data) throws -> [TableDocument] {
        try DOCXReader.tables(data: data, file: spec.path).map {
            TableDocument(grid: $0, path: spec.path, format: .wordTable, decimalComma: spec.decimalComma)
        }
    }
}
