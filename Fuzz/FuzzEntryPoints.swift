import Foundation
import MsokoAnalysis
import MsokoIngest
import MsokoModel

/// The entry points every fuzz target drives, shared with the corpus replay
/// test (Tests/FuzzCorpusTests/FuzzEntryPoints.swift is a symlink to this
/// file), so the fuzzer and `make test` run exactly the same code. Each
/// returns the errors its calls threw (the replay test checks they are
/// msoko's typed errors); anything else (a trap, a hang, a huge allocation)
/// is a finding.
enum FuzzEntryPoints {
    /// Runs `body`, keeping a thrown error in `errors`.
    static func attempt<Result>(_ errors: inout [any Error], _ body: () throws -> Result) -> Result? {
        do { return try body() } catch { errors.append(error); return nil }
    }

    /// The CSV reader in every dialect: sniffed, each delimiter, each
    /// encoding, decimal comma on and off; a cursor pass over every row, every
    /// cell read as text, trimmed text and a number.
    @discardableResult
    static func csv(_ data: [UInt8]) -> [any Error] {
        var errors: [any Error] = []
        let specs: [TableSpec] = [
            TableSpec(path: "f.csv"),
            TableSpec(path: "f.csv", delimiter: UInt8(ascii: ";")),
            TableSpec(path: "f.csv", encoding: .windows1251, delimiter: 0x09),
            TableSpec(path: "f.csv", encoding: .utf8, delimiter: UInt8(ascii: ","), decimalComma: true),
        ]
        for spec in specs {
            guard let document = attempt(&errors, { try TableDocument(delimited: data, path: "f.csv", spec: spec) }) else { continue }
            csvPass(document, &errors)
            _ = document.isPlainCommaCSV
        }
        return errors
    }

    /// A workbook (every sheet) and a Word document's tables, as cell grids
    /// turned into documents.
    @discardableResult
    static func office(_ data: [UInt8]) -> [any Error] {
        var errors: [any Error] = []
        let bytes = Data(data)
        let limits = OfficeLimits(maxUncompressedBytes: 16 * 1_048_576, maxCells: 200_000)
        if let grid = attempt(&errors, { try XLSXReader.read(data: bytes, file: "f.xlsx", sheet: nil, limits: limits) }) {
            csvPass(TableDocument(grid: grid, path: "f.xlsx", format: .workbook), &errors)
        }
        _ = attempt(&errors) { try XLSXReader.sheetNames(data: bytes, file: "f.xlsx") }
        if let grids = attempt(&errors, { try DOCXReader.tables(data: bytes, file: "f.docx", limits: limits) }) {
            for grid in grids { csvPass(TableDocument(grid: grid, path: "f.docx", format: .wordTable), &errors) }
        }
        return errors
    }

    /// The YAML configuration: a pipeline, a catalog and, against the
    /// built-in catalog, a measures file.
    @discardableResult
    static func yaml(_ data: [UInt8]) -> [any Error] {
        var errors: [any Error] = []
        guard let text = String(validating: data, as: UTF8.self) else { return errors }
        _ = attempt(&errors) { try PipelineConfiguration.parse(text, path: "/fuzz/pipeline.yaml") }
        _ = attempt(&errors) { try Catalog.parse(text, file: "indicators.yaml") }
        if let catalog = referenceCatalog {
            _ = attempt(&errors) { try MeasureCatalog.parse(text, file: "measures.yaml", catalog: catalog) }
        }
        return errors
    }

    /// Periods and numbers: `Period` from text, `NumberParser` and
    /// `CellNumber` in both decimal conventions.
    @discardableResult
    static func values(_ data: [UInt8]) -> [any Error] {
        data.withUnsafeBufferPointer { buffer in
            _ = NumberParser.parse(buffer, from: 0, to: buffer.count)
            _ = CellNumber.read(buffer, from: 0, to: buffer.count, decimalComma: true)
            _ = CellNumber.read(buffer, from: 0, to: buffer.count, decimalComma: false)
        }
        let text = String(decoding: data, as: UTF8.self)
        if let period = Period(text) { _ = period.description; _ = Period(period.description) }
        _ = NumberParser.parse(text)
        _ = CellNumber.read(text, decimalComma: true)
        return []
    }

    /// Every row of `document`, every cell read every way.
    static func csvPass(_ document: TableDocument, _ errors: inout [any Error]) {
        var cursor = document.makeCursor()
        var cells: [CSVField] = []
        while let line = attempt(&errors, { try cursor.next(into: &cells) }), line != nil {
            for cell in cells {
                _ = document.string(cell)
                _ = document.trimmedString(cell)
                _ = document.lossyString(cell)
                _ = document.number(cell)
                _ = document.isBlank(cell)
            }
        }
    }

    /// A small catalog the measures files are checked against.
    static let referenceCatalog: Catalog? = try? Catalog.parse("""
        areas:
          - id: results
            name: {ru: "Результаты", en: "Results"}
        indicators:
          - id: participation
            name: {ru: "Участие", en: "Participation"}
            area: results
            unit: percent
            direction: up
            target: 70
        """, file: "fuzz-catalog.yaml")
}
