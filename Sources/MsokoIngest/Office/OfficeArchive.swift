import Foundation
import ZIPFoundation

/// How much an Office file may unpack to: the guard that turns a zip bomb (a
/// small file that inflates to gigabytes) or a runaway sheet into a clear
/// error instead of an out-of-memory crash.
public struct OfficeLimits: Sendable, Equatable {
    /// The most bytes that the parts read from one file may inflate to, all
    /// parts together. Checked against the sizes the zip declares before
    /// extracting, and against the bytes actually produced while extracting
    /// (a forged header can declare less than it holds). Default 1 GiB, about
    /// thirty times the sheet XML of a 1-million-cell workbook: room for a
    /// region's contest list (half a million rows), while a zip bomb, which
    /// inflates to many gigabytes, still stops here.
    public var maxUncompressedBytes: Int
    /// The most cells one sheet, or all tables of a document, may have,
    /// counting the empty cells that fill gaps in a row. Default 20 million.
    public var maxCells: Int

    public init(maxUncompressedBytes: Int = 1024 * 1_048_576, maxCells: Int = 20_000_000) {
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
    /// The archive's bytes and the data range of each deflated part (`walkDirectory`).
    private let data: Data
    private let deflatedParts: [String: Range<Int>]
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
        let directory = Self.walkDirectory(data)
        guard !directory.overrun else {
            throw IngestError(file: file, "cannot read the \(kind.noun): the zip archive is damaged (a part runs past "
                              + "the end of the file; was it cut short?); open it in \(kind.application) and save it again")
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
        self.data = data
        self.deflatedParts = directory.deflated
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

    /// The central directory as read here (APPNOTE 6.3.10: end record
    /// §4.3.16, central header §4.3.12, local header §4.3.7): whether an
    /// entry says its data runs past the end of `data`, and the byte range of
    /// each deflated part's data, by `key`.
    ///
    /// Why msoko walks it itself: ZIPFoundation inflates until the deflate
    /// stream ends, whatever the entry's size, and once the file is exhausted
    /// it reads empty chunks for ever (fuzz findings
    /// `Fuzz/corpus/office/finding-entry-past-end.docx`, and a stream that
    /// never ends). So an overrun is refused first, and a deflated part is
    /// inflated by `read` from exactly its range, which cannot loop. Only
    /// proven overruns count: a directory this scan cannot walk, or a ZIP64
    /// entry (sizes 0xFFFFFFFF), is left to ZIPFoundation.
    static func walkDirectory(_ data: Data) -> (overrun: Bool, deflated: [String: Range<Int>]) {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> (Bool, [String: Range<Int>]) in
            var deflated: [String: Range<Int>] = [:]
            let count = bytes.count
            func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
            func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
            guard count >= 22 else { return (false, deflated) }
            var end = count - 22
            let lowest = max(0, count - 22 - 65_535)
            while end >= lowest, u32(end) != 0x0605_4B50 { end -= 1 }
            guard end >= lowest else { return (false, deflated) }
            let entryCount = u16(end + 10)
            var position = u32(end + 16)
            guard position != 0xFFFF_FFFF else { return (false, deflated) }
            for _ in 0..<entryCount {
                guard position + 46 <= count, u32(position) == 0x0201_4B50 else { return (false, deflated) }
                let compressed = u32(position + 20), localHeader = u32(position + 42)
                let nameLength = u16(position + 28)
                if compressed != 0xFFFF_FFFF && localHeader != 0xFFFF_FFFF {
                    guard localHeader + 30 <= count else { return (true, deflated) }
                    let dataStart = localHeader + 30 + u16(localHeader + 26) + u16(localHeader + 28)
                    if dataStart + compressed > count { return (true, deflated) }
                    if u16(position + 10) == 8, position + 46 + nameLength <= count {
                        let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
                        deflated[key(name)] = dataStart..<(dataStart + compressed)
                    }
                }
                position += 46 + nameLength + u16(position + 30) + u16(position + 32)
            }
            return (false, deflated)
        }
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
            let consume: Consumer = { chunk in
                guard chunk.count <= budget - output.count else { throw LimitExceeded() }
                output.append(contentsOf: chunk)
            }
            if let range = deflatedParts[Self.key(path)] {
                // Inflated from exactly the part's bytes: past them the
                // provider throws, so a stream that never ends cannot loop.
                let base = data.startIndex, data = data
                let checksum = try Data.decompress(size: Int64(range.count), bufferSize: 65_536, skipCRC32: false, provider: { position, size in
                    let start = range.lowerBound + Int(position)
                    guard start < range.upperBound else { throw DamagedPart() }
                    return data.subdata(in: (base + start)..<(base + min(start + size, range.upperBound)))
                }, consumer: consume)
                guard checksum == entry.checksum else { throw DamagedPart() }
            } else {
                _ = try archive.extract(entry, skipCRC32: false, consumer: consume)
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
    /// A deflated part whose stream runs past its bytes or whose CRC-32 is wrong.
    private struct DamagedPart: Error {}

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
