import Foundation
import MsokoModel

/// Opens the tables a pipeline names (contract §7.1), by the file's
/// extension: `.xlsx`/`.xlsm` a workbook's sheet, `.docx` every table of a
/// Word document, anything else delimited text.
public enum TableFiles {
    /// What one file gave: its tables and the SHA-256 of its bytes.
    public struct Opened: Sendable {
        public let documents: [TableDocument]
        public let sha256: String
    }

    /// Opens `spec`, whose file is at `url`; errors name `spec.path`.
    public static func open(_ spec: TableSpec, resolvedAt url: URL) throws -> Opened {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw IngestError(file: spec.path, "cannot read the file (looked at \(url.path))")
        }
        return try open(spec, data: data)
    }

    /// Opens the bytes of a file named by `spec`.
    public static func open(_ spec: TableSpec, data: Data) throws -> Opened {
        let sha256 = SHA256.hex([UInt8](data))
        switch format(of: spec.path) {
        case .delimited:
            return Opened(documents: [try TableDocument(delimited: [UInt8](data), path: spec.path, spec: spec)], sha256: sha256)
        case .workbook:
            return Opened(documents: [try openWorkbook(spec, data: data)], sha256: sha256)
        case .wordTable:
            let documents = try openWordTables(spec, data: data)
            guard !documents.isEmpty else {
                throw IngestError(file: spec.path, "the document has no table")
            }
            return Opened(documents: documents, sha256: sha256)
        }
    }

    /// The format a path's extension names.
    public static func format(of path: String) -> TableDocument.Format {
        switch (path as NSString).pathExtension.lowercased() {
        case "xlsx", "xlsm": return .workbook
        case "docx": return .wordTable
        default: return .delimited
        }
    }
}
