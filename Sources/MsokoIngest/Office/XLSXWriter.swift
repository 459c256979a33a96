import Foundation
import MsokoLinearAlgebra

/// A workbook that cannot be written, and why.
public struct XLSXWriterError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Writes a minimal Office Open XML workbook that Excel, LibreOffice and
/// `XLSXReader` open: the parts `[Content_Types].xml`, `_rels/.rels`,
/// `xl/workbook.xml` with its relationships, `xl/styles.xml` and one
/// worksheet per sheet, with texts as inline strings.
///
/// The bytes depend on the input only: zip entries carry a fixed date
/// (1980-01-01 00:00, the earliest a zip can hold) and the parts are written
/// in a fixed order, so the same tables give an identical file, which a
/// checksum or a test can compare. Characters XML 1.0 cannot hold (control
/// characters other than tab, line feed and carriage return, U+FFFE, U+FFFF)
/// are dropped from texts; a number that is not finite is an error.
public enum XLSXWriter {
    /// The workbook as bytes, made in memory: for small workbooks (forms,
    /// tests). A large one goes to a file with `write(sheets:to:)`, which
    /// gives the same bytes.
    public static func data(sheets: [XLSXSheet]) throws -> Data {
        try zip(parts(sheets: sheets))
    }

    /// Writes the workbook to a new file at `url` (which must not exist),
    /// sheet by sheet. Each sheet's XML is made a chunk of rows at a time and
    /// compressed as it comes (`ZipArchiveWriter`): memory stays at a few
    /// chunks however large the sheets. On several threads the XML is made
    /// on a thread of its own beside the compression. The bytes are those of
    /// `data(sheets:)`.
    public static func write(sheets: [XLSXSheet], to url: URL) throws {
        try validate(sheets)
        let archive = try ZipArchiveWriter(creating: url.path)
        for part in packageParts(sheets: sheets) {
            try archive.add(part.path, data: Array(part.text.utf8))
        }
        let chunks = WorksheetChunkQueue(sheets)
        do {
            for index in sheets.indices {
                try archive.add("xl/worksheets/sheet\(index + 1).xml") { try chunks.next() }
            }
        } catch {
            chunks.cancel()
            throw error
        }
        try archive.finish()
    }

    /// The parts of the package, in the order they are stored.
    static func parts(sheets: [XLSXSheet]) throws -> [(path: String, text: String)] {
        try validate(sheets)
        var parts = packageParts(sheets: sheets)
        // The sheets' XML is independent: made concurrently, stored in sheet order.
        let texts = Parallelism.map(sheets.count) { index in Result { try WorksheetXML.text(sheets[index]) } }
        for (index, text) in texts.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", try text.get()))
        }
        return parts
    }

    /// The parts before the worksheets, in the order they are stored.
    static func packageParts(sheets: [XLSXSheet]) -> [(path: String, text: String)] {
        [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", packageRelationships),
            ("xl/workbook.xml", workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", styles),
        ]
    }

    /// A zip archive of `parts` made in memory (`ZipArchiveWriter`).
    static func zip(_ parts: [(path: String, text: String)]) throws -> Data {
        let archive = ZipArchiveWriter()
        for part in parts { try archive.add(part.path, data: Array(part.text.utf8)) }
        try archive.finish()
        return Data(archive.bytes)
    }

    static func validate(_ sheets: [XLSXSheet]) throws {
        guard !sheets.isEmpty else { throw XLSXWriterError(message: "a workbook needs at least one sheet") }
        var seen: Set<String> = []
        for sheet in sheets {
            let name = sheet.name
            guard !name.isEmpty, name.count <= 31 else {
                throw XLSXWriterError(message: "the sheet name `\(name)` must have 1 to 31 characters (it has \(name.count))")
            }
            if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
                throw XLSXWriterError(message: "the sheet name `\(name)` contains `\(bad)`; a sheet name cannot contain [ ] : * ? / \\")
            }
            guard !name.hasPrefix("'"), !name.hasSuffix("'") else {
                throw XLSXWriterError(message: "the sheet name `\(name)` cannot start or end with an apostrophe")
            }
            guard seen.insert(name.lowercased()).inserted else {
                throw XLSXWriterError(message: "two sheets are named `\(name)` (names must differ, ignoring case)")
            }
        }
    }

    // MARK: - Parts

    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private static func contentTypes(sheetCount: Int) -> String {
        var xml = declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        xml += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for index in 1...sheetCount {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return xml + "</Types>"
    }

    private static let packageRelationships = declaration
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    private static func workbook(_ sheets: [XLSXSheet]) -> String {
        var xml = declaration + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)"><sheets>"#
        for (index, sheet) in sheets.enumerated() {
            xml += #"<sheet name="\#(escape(sheet.name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return xml + "</sheets></workbook>"
    }

    private static func workbookRelationships(sheetCount: Int) -> String {
        var xml = declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 1...sheetCount {
            xml += #"<Relationship Id="rId\#(index)" Type="\#(relationshipNamespace)/worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relationshipNamespace)/styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    /// Cell styles by index: 0 plain, 1 bold, 2 percent, 3 bold percent.
    private static let styles = declaration + #"<styleSheet xmlns="\#(mainNamespace)">"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        + #"<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="10" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    /// `escape(text)`, appended to `bytes`: the rules work byte by byte, as
    /// every character they change is ASCII, U+FFFE or U+FFFF.
    static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): bytes.append(contentsOf: "&apos;".utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: "&#13;".utf8)
                case UInt8(ascii: "\t"), UInt8(ascii: "\n"): bytes.append(byte)
                case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF):
                    index += 3  // U+FFFE, U+FFFF: not XML characters
                    continue
                default:
                    if byte < 0x20 { break }
                    bytes.append(byte)
                }
                index += 1
            }
        }
    }

    /// `A` for 0, `Z` for 25, `AA` for 26.
    static func columnName(_ index: Int) -> String {
        var index = index + 1
        var letters: [Character] = []
        while index > 0 {
            let remainder = (index - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            index = (index - 1) / 26
        }
        return String(letters.reversed())
    }

    /// Text with every `_xHHHH_` that is meant literally written as
    /// `_x005F_xHHHH_`, so that readers undoing the `ST_Xstring` escape
    /// (ECMA-376 Part 1, §22.9.2.19; see `XLSXReader.RichText`) get it back.
    static func protectEscapes(_ text: String) -> String {
        guard XLSXReader.RichText.containsEscape(text) else { return text }
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: "_x") {
            output += rest[..<range.lowerBound]
            let hex = rest[range.upperBound...].prefix(5)
            if hex.count == 5, hex.last == "_", UInt32(hex.dropLast(), radix: 16) != nil { output += "_x005F" }
            output += "_x"
            rest = rest[range.upperBound...]
        }
        return output + rest
    }

    /// Text as XML character data or an attribute value: the markup
    /// characters as entities, a carriage return as `&#13;` (a parser would
    /// otherwise turn it into a line feed), characters illegal in XML 1.0 dropped.
    /// (`SVGText.escape` in MsokoCharts, which Ingest does not depend on,
    /// keeps control characters: an SVG is not read back by a strict parser.)
    static func escape(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        appendEscaped(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension XLSXCellValue {
    /// A cell of an output table (`tables/*.csv`): a number when the text is
    /// one that `XLSXReader` reads back unchanged (so `12`, `0.25` and `-3.5`
    /// become numbers Excel can sum, while `007`, `1e5`, `S01` and `2023/24`
    /// stay texts), an empty cell for an empty text, else the text.
    public init(tableCell text: String) {
        if text.isEmpty {
            self = .empty
        } else if let first = text.utf8.first, first == 45 || (first >= 48 && first <= 57),
                  text.utf8.allSatisfy({ $0 == 45 || $0 == 46 || ($0 >= 48 && $0 <= 57) }),
                  let number = Double(text), number.isFinite, XLSXReader.numberText(number) == text {
            self = .number(number)
        } else {
            self = .text(text)
        }
    }
}

