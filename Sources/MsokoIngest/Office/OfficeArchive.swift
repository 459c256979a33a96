import Foundation
import ZIPFoundation

/// How much an Office file may unpack to: the guard that turns a zip bomb (a
/// small file that inflates to gigabytes) or a runaway sheet into a clear
/// error instead of an out-of-memory crash.
public struct OfficeLimits: Sendable, Equatable {
    /// The most bytes that the parts read from one file may inflate to, all
    /// parts together. Checked against the sizes the zip declares before
    /// extracting, and against the bytes actually produced while extracting
    /// (a forged header can declare less than it holds). Default 256 MiB, about
    /// eight times the sheet XML of a 1-million-cell workbook.
    public var maxUncompressedBytes: Int
    /// The most cells one sheet, or all tables of a document, may have,
    /// counting the empty cells that fill gaps in a row. Default 20 million.
    public var maxCells: Int

    public init(maxUncompressedBytes: Int = 256 * 1_048_576, maxCells: Int = 20_000_000) {
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxCells = maxCells
    }

    /// "256 MB" for a limit of whole mebibytes, "1000 bytes" for a small one.
    var uncompressedDescription: String {
        maxUncompressedBytes >= 1_048_576 && maxUncompressedBytes % 1_048_576 == 0
            ? "\(maxUncompressedBytes / 1_048_576) MB"
            : "\(maxUncompressedBytes) bytes"
    }
}

/// The zip container of an XLSX or DOCX file, read part by part within
/// `OfficeLimits`. Every failure is an `IngestError` naming the file and
/// saying what to do.
struct OfficeArchive {
    /// What the messages call the file and its format.
    struct Kind {
        let noun: String      // "workbook"
        let format: String    // "XLSX"
        let article: String   // "an XLSX"
        let legacyFormat: String
        let application: String
        static let workbook = Kind(noun: "workbook", format: "XLSX", article: "an", legacyFormat: ".xls",
                                   application: "Excel or LibreOffice Calc")
        static let document = Kind(noun: "document", format: "DOCX", article: "a", legacyFormat: ".doc",
                                   application: "Word or LibreOffice Writer")
    }

    let file: String
    let kind: Kind
    let limits: OfficeLimits
    private let archive: Archive
    /// Entries by path without a leading `/`, lower-cased: zip tools differ in
    /// both, and OPC part names are case-insensitive (ECMA-376 Part 2, §9.1.1.1).
    private let entries: [String: Entry]
    private var bytesRead = 0

    init(data: Data, file: String, kind: Kind, limits: OfficeLimits) throws {
        self.file = file
        self.kind = kind
        self.limits = limits
        // An OLE compound file: an Excel 97–2003 .xls or Word .doc, or an
        // Office file encrypted with a password (ECMA-376 Part 2 keeps those
        // in such a container, not in a zip).
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw IngestError(file: file, "cannot read the \(kind.noun): it is an old-format (\(kind.legacyFormat)) file "
                              + "or a password-protected one; open it in \(kind.application), remove any password "
                              + "and save it as .\(kind.format.lowercased())")
        }
        let archive: Archive
        do {
            archive = try Self.openFromFile(data)
        } catch {
            throw Self.notAnArchive(file: file, kind: kind)
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entry.type == .file {
            entries[Self.key(entry.path)] = entry
        }
        guard !entries.isEmpty else { throw Self.notAnArchive(file: file, kind: kind) }
        self.archive = archive
        self.entries = entries
    }

    /// The archive opened through a private temporary file, unlinked at once
    /// (the open stream keeps it readable). Not ZIPFoundation's in-memory
    /// `Archive(data:)`: its read callback traps when an entry's offset lies
    /// past the end of the data (`data.count - offset` goes negative; found
    /// by fuzzing, Fuzz/corpus/office/finding-*), whereas a file read past
    /// its end returns nothing and the entry is refused as malformed.
    private static func openFromFile(_ data: Data) throws -> Archive {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("msoko-office-\(UUID().uuidString).zip")
        try data.write(to: url, options: .withoutOverwriting)
        defer { try? FileManager.default.removeItem(at: url) }
        return try Archive(url: url, accessMode: .read)
    }

    static func notAnArchive(file: String, kind: Kind) -> IngestError {
        IngestError(file: file, "cannot read the \(kind.noun): the file is not a valid \(kind.format) (zip) archive "
                    + "(open it in \(kind.application) and save it again as .\(kind.format.lowercased()))")
    }

    private static func key(_ path: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("/") { path = path.dropFirst() }
        return path.lowercased()
    }

    func contains(_ path: String) -> Bool {
        entries[Self.key(path)] != nil
    }

    /// The bytes of part `path`, or `nil` when the archive has no such part.
    mutating func read(_ path: String) throws -> [UInt8]? {
        guard let entry = entries[Self.key(path)] else { return nil }
        let declared = Int(clamping: entry.uncompressedSize)
        guard declared <= limits.maxUncompressedBytes - bytesRead else { throw tooLarge() }
        var output: [UInt8] = []
        output.reserveCapacity(declared)
        let budget = limits.maxUncompressedBytes - bytesRead
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard chunk.count <= budget - output.count else { throw LimitExceeded() }
                output.append(contentsOf: chunk)
            }
        } catch is LimitExceeded {
            throw tooLarge()
        } catch {
            throw IngestError(file: file, "cannot read the \(kind.noun): its part \(entry.path) is damaged "
                              + "(the zip archive is corrupt; open the file in \(kind.application) and save it again)")
        }
        bytesRead += output.count
        return output
    }

    /// A part that must be there.
    mutating func require(_ path: String) throws -> [UInt8] {
        guard let bytes = try read(path) else { throw missingMainPart(path) }
        return bytes
    }

    /// The error for a zip that is not this kind of Office file.
    func missingMainPart(_ path: String) -> IngestError {
        IngestError(file: file, "cannot read the \(kind.noun): it has no \(kind.noun) part (\(path)), so it is not "
                    + "\(kind.article) \(kind.format) file; open it in \(kind.application) and save it as .\(kind.format.lowercased())")
    }

    private struct LimitExceeded: Error {}

    private func tooLarge() -> IngestError {
        IngestError(file: file, "the \(kind.noun) unpacks to more than \(limits.uncompressedDescription), the limit "
                    + "for one file (a damaged file or a zip bomb?); split it into smaller files")
    }

    /// The error for a part that is not well-formed XML.
    func malformed(_ path: String, _ error: Error) -> IngestError {
        let detail = (error as? XMLSyntaxError).map { "\($0.reason) at byte \($0.offset)" } ?? "\(error)"
        return IngestError(file: file, "cannot read the \(kind.noun): its part \(path) is not well-formed XML "
                           + "(\(detail)); open the file in \(kind.application) and save it again")
    }

    /// The error for a sheet or a document whose cells exceed the limit.
    static func tooManyCells(file: String, limits: OfficeLimits, subject: String) -> IngestError {
        IngestError(file: file, "\(subject) more than \(limits.maxCells) cells, the limit "
                    + "(`maxCells`); split it into smaller files")
    }

    /// Resolves a relationship target (OPC Part 2, §9.3) against the folder
    /// of the part whose relationships list it: `worksheets/sheet1.xml` from
    /// `xl/workbook.xml` is `xl/worksheets/sheet1.xml`; `/xl/x.xml` is absolute.
    static func resolve(target: String, from sourcePart: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var components = sourcePart.split(separator: "/").dropLast().map(String.init)
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }

    /// The relationships file of a part: `xl/_rels/workbook.xml.rels` for
    /// `xl/workbook.xml`.
    static func relationshipsPath(of part: String) -> String {
        var components = part.split(separator: "/").map(String.init)
        let name = components.removeLast()
        return (components + ["_rels", name + ".rels"]).joined(separator: "/")
    }

    /// The internal relationships of a relationships part, in order.
    func relationships(_ bytes: [UInt8], path: String) throws -> [(id: String, type: String, target: String)] {
        var tokenizer = XMLTokenizer(bytes: bytes)
        var result: [(id: String, type: String, target: String)] = []
        do {
            while true {
                let event = try tokenizer.next()
                if event == .endOfDocument { break }
                if event == .startElement, tokenizer.nameIs("Relationship"),
                   let id = tokenizer.attribute("Id"), let target = tokenizer.attribute("Target") {
                    // External targets (hyperlinks) are not parts of the package.
                    if tokenizer.attribute("TargetMode") == "External" { continue }
                    result.append((id, tokenizer.attribute("Type") ?? "", target))
                }
            }
        } catch {
            throw malformed(path, error)
        }
        return result
    }

    /// The main part named by the package relationships (`_rels/.rels`), e.g.
    /// `xl/workbook.xml`, or `fallback` when the package does not say.
    mutating func mainPart(fallback: String) throws -> String {
        guard let bytes = try read("_rels/.rels") else { return fallback }
        for relationship in try relationships(bytes, path: "_rels/.rels")
        where relationship.type.hasSuffix("/officeDocument") {
            let path = Self.resolve(target: relationship.target, from: "")
            if contains(path) { return path }
        }
        return fallback
    }
}
