import Foundation
import MsokoLinearAlgebra

/// The XML of one worksheet, made row by row into a byte buffer the caller
/// owns, so that a sheet can be written whole (`text(_:)`) or in chunks
/// (`WorksheetChunks`, compressed as they come by `XLSXWriter.write`) with
/// the same bytes each way.
struct WorksheetXML {
    /// How many bytes of XML a writer gathers before handing them on.
    static let chunkBytes = 1 << 20

    let sheet: XLSXSheet
    /// `A`, `B`, … as bytes, for the columns seen so far.
    private var columnNames: [[UInt8]] = []

    init(_ sheet: XLSXSheet) { self.sheet = sheet }

    /// Everything before the first row: declaration, frozen panes, widths, `<sheetData>`.
    func head() -> [UInt8] {
        var xml: [UInt8] = []
        func put(_ text: String) { xml.append(contentsOf: text.utf8) }
        put(XLSXWriter.declaration + #"<worksheet xmlns="\#(XLSXWriter.mainNamespace)" xmlns:r="\#(XLSXWriter.relationshipNamespace)">"#)
        if sheet.frozenHeader {
            let first = "A\(sheet.headerRows + 1)"
            put(#"<sheetViews><sheetView workbookViewId="0">"#
                + #"<pane ySplit="\#(sheet.headerRows)" topLeftCell="\#(first)" activePane="bottomLeft" state="frozen"/>"#
                + #"<selection pane="bottomLeft" activeCell="\#(first)" sqref="\#(first)"/></sheetView></sheetViews>"#)
        }
        if !sheet.columnWidths.isEmpty {
            put("<cols>")
            for (index, width) in sheet.columnWidths.enumerated() where width.isFinite && width > 0 {
                put(#"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(XLSXReader.numberText(width))" customWidth="1"/>"#)
            }
            put("</cols>")
        }
        put("<sheetData>")
        return xml
    }

    /// Everything after the last row.
    static let tail = Array("</sheetData></worksheet>".utf8)

    /// Appends row `rowIndex` (0-based) to `xml`.
    ///
    /// - Throws: `XLSXWriterError` for a number that is not finite.
    mutating func appendRow(_ rowIndex: Int, to xml: inout [UInt8]) throws {
        let row = sheet.row(rowIndex)
        while columnNames.count < row.count { columnNames.append(Array(XLSXWriter.columnName(columnNames.count).utf8)) }
        func put(_ text: String) { xml.append(contentsOf: text.utf8) }
        let rowNumber = Array(String(rowIndex + 1).utf8)
        let bold = sheet.boldHeader && rowIndex < sheet.headerRows
        put(#"<row r=""#)
        xml.append(contentsOf: rowNumber)
        put(#"">"#)
        for (columnIndex, value) in row.enumerated() {
            func openCell() {
                put(#"<c r=""#)
                xml.append(contentsOf: columnNames[columnIndex])
                xml.append(contentsOf: rowNumber)
                xml.append(UInt8(ascii: "\""))
            }
            switch value {
            case .empty:
                if bold { openCell(); put(#" s="1"/>"#) }
            case .text(let text):
                openCell()
                put(bold ? #" s="1" t="inlineStr"><is><t xml:space="preserve">"# : #" t="inlineStr"><is><t xml:space="preserve">"#)
                XLSXWriter.appendEscaped(XLSXWriter.protectEscapes(text), to: &xml)
                put("</t></is></c>")
            case .number(let number), .percent(let number):
                guard number.isFinite else {
                    let reference = XLSXWriter.columnName(columnIndex) + String(rowIndex + 1)
                    throw XLSXWriterError(message: "sheet `\(sheet.name)`, cell \(reference): \(number) is not a finite number")
                }
                let isPercent: Bool
                if case .percent = value { isPercent = true } else { isPercent = false }
                let style = (bold ? 1 : 0) + (isPercent ? 2 : 0)
                openCell()
                put(style == 0 ? "><v>" : #" s="\#(style)"><v>"#)
                put(XLSXReader.numberText(number))
                put("</v></c>")
            }
        }
        put("</row>")
    }

    /// The sheet's whole XML, for a small sheet (`XLSXWriter.parts(sheets:)`).
    static func text(_ sheet: XLSXSheet) throws -> String {
        var writer = WorksheetXML(sheet)
        var xml = writer.head()
        for rowIndex in 0..<sheet.rowCount { try writer.appendRow(rowIndex, to: &xml) }
        xml.append(contentsOf: tail)
        return String(decoding: xml, as: UTF8.self)
    }
}
