import Yams

/// How a pipeline names a table (docs/contract.md §7.1): a path, or a map
/// `{file: PATH, sheet: …, encoding: …, delimiter: …, decimal: …}` whose
/// options override what the reader would detect. The format follows the
/// file's extension: `.xlsx`/`.xlsm` a workbook, `.docx` a Word document,
/// anything else delimited text.
public struct TableSpec: Hashable, Sendable, CustomStringConvertible {
    /// The text encoding of a delimited file.
    public enum Encoding: String, Hashable, Sendable, CaseIterable {
        case utf8 = "utf-8"
        case windows1251 = "windows-1251"

        /// Accepts the usual spellings (`utf8`, `UTF-8`, `cp1251`, `1251`).
        public init?(name: String) {
            switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
            case "utf-8", "utf8": self = .utf8
            case "windows-1251", "cp1251", "1251", "win-1251", "windows1251": self = .windows1251
            default: return nil
            }
        }
    }

    /// A sheet of a workbook: by name, or by 1-based position.
    public enum Sheet: Hashable, Sendable {
        case name(String)
        case index(Int)
    }

    /// The path as written in the pipeline (relative to the pipeline file).
    public var path: String
    public var sheet: Sheet?
    public var encoding: Encoding?
    /// The field delimiter of a delimited file: `,`, `;` or a tab.
    public var delimiter: UInt8?
    /// `true`: a comma is the decimal separator; `false`: only a dot is;
    /// `nil`: a comma is accepted where the delimiter is not a comma.
    public var decimalComma: Bool?

    public init(path: String, sheet: Sheet? = nil, encoding: Encoding? = nil, delimiter: UInt8? = nil,
                decimalComma: Bool? = nil) {
        self.path = path
        self.sheet = sheet
        self.encoding = encoding
        self.delimiter = delimiter
        self.decimalComma = decimalComma
    }

    public var description: String { path }

    /// The keys of the map form.
    public static let keys: Set<String> = ["file", "sheet", "encoding", "delimiter", "decimal"]

    /// Reads the options of the map form from `map` (which may hold other
    /// keys too: a source's map carries its own); `path` is the file.
    public init(path: String, options map: YAMLMap) throws {
        self.init(path: path)
        if map.has("sheet") {
            if let number = try? map.int("sheet") {
                guard number >= 1 else { throw map.error("sheet", "`sheet` is a name or a 1-based number, got \(number)") }
                sheet = .index(number)
            } else if let name = try map.string("sheet"), !name.isEmpty {
                sheet = .name(name)
            } else {
                throw map.error("sheet", "`sheet` is a name or a 1-based number")
            }
        }
        if let name = try map.string("encoding") {
            guard let parsed = Encoding(name: name) else {
                throw map.error("encoding", "unknown encoding `\(name)`; use utf-8 or windows-1251")
            }
            encoding = parsed
        }
        if let text = try map.string("delimiter") {
            switch text {
            case ",": delimiter = UInt8(ascii: ",")
            case ";": delimiter = UInt8(ascii: ";")
            case "\t", "tab", "\\t": delimiter = UInt8(ascii: "\t")
            default: throw map.error("delimiter", "unknown delimiter `\(text)`; use \",\", \";\" or tab")
            }
        }
        if let text = try map.string("decimal") {
            switch text {
            case ",": decimalComma = true
            case ".": decimalComma = false
            default: throw map.error("decimal", "unknown decimal separator `\(text)`; use \".\" or \",\"")
            }
        }
    }

    /// Reads `key` of `map`: a path, a `{file: …}` map, or (with `list`) a
    /// list of either. A single entry counts as a list of one.
    public static func tables(_ key: String, in map: YAMLMap) throws -> [TableSpec] {
        guard map.has(key) else { return [] }
        guard let node = map.node.mapping?[key] else { return [] }
        func one(_ node: Yams.Node) throws -> TableSpec {
            if let scalar = node.scalar {
                guard !scalar.string.isEmpty else {
                    throw ConfigurationError(file: map.file, line: node.mark?.line, "`\(key)` names an empty path")
                }
                return TableSpec(path: scalar.string)
            }
            let options = try YAMLMap(node: node, file: map.file)
            try options.rejectUnknownKeys(keys, context: "`\(key)`")
            return try TableSpec(path: options.requiredString("file"), options: options)
        }
        if let sequence = node.sequence { return try sequence.map(one) }
        return [try one(node)]
    }
}
