import Foundation

/// Writes a minimal WordprocessingML document (.docx) that Word, LibreOffice
/// and `DOCXReader` open: an optional heading paragraph and one table, the
/// parts `[Content_Types].xml`, `_rels/.rels` and `word/document.xml` only
/// (no styles, fonts or settings: the defaults of the reading program apply).
///
/// Each cell holds one paragraph with one run of its text. Like `XLSXWriter`
/// (whose zip and escaping it shares), the bytes depend on the input only, so
/// the same table gives an identical file; characters XML 1.0 cannot hold are
/// dropped from texts.
public enum DOCXWriter {
    /// A document with `title` (when not empty) as its first paragraph and
    /// `rows` as its one table; rows may have different lengths (the table's
    /// grid has as many columns as its longest row).
    public static func data(title: String = "", rows: [[String]]) throws -> Data {
        try XLSXWriter.zip(parts(title: title, rows: rows))
    }

    static func parts(title: String, rows: [[String]]) -> [(path: String, text: String)] {
        let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        let contentTypes = declaration
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#
            + "</Types>"
        let relationships = declaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#
            + "</Relationships>"
        return [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", relationships),
            ("word/document.xml", document(title: title, rows: rows, declaration: declaration)),
        ]
    }

    static func paragraph(_ text: String) -> String {
        text.isEmpty ? "<w:p/>" : #"<w:p><w:r><w:t xml:space="preserve">"# + XLSXWriter.escape(text) + "</w:t></w:r></w:p>"
    }

    static func document(title: String, rows: [[String]], declaration: String) -> String {
        let columns = max(1, rows.map(\.count).max() ?? 1)
        var xml = declaration
            + #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#
        if !title.isEmpty { xml += paragraph(title) }
        xml += #"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>"#
            + #"<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/>"#
            + #"<w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/>"#
            + #"<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr><w:tblGrid>"#
        xml += String(repeating: #"<w:gridCol w:w="2400"/>"#, count: columns) + "</w:tblGrid>"
        for row in rows {
            xml += "<w:tr>"
            for index in 0..<columns {
                xml += "<w:tc>" + paragraph(index < row.count ? row[index] : "") + "</w:tc>"
            }
            xml += "</w:tr>"
        }
        // A paragraph after the table: Word requires the body to end with one.
        return xml + "</w:tbl><w:p/></w:body></w:document>"
    }
}
