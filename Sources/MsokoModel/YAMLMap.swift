import Foundation
import Yams

/// A YAML mapping read from a named file, with typed accessors whose errors
/// carry the file and line. Catalog, pipeline and measures files are read
/// through it, so every configuration error points at its line.
public struct YAMLMap {
    public let file: String
    public let node: Node
    let mapping: Node.Mapping

    public init(node: Node, file: String) throws {
        guard let mapping = node.mapping else {
            throw ConfigurationError(file: file, line: node.mark?.line, "expected a mapping of `key: value` lines")
        }
        self.file = file
        self.node = node
        self.mapping = mapping
    }

    /// The text of a YAML file (catalog, pipeline, measures), with the errors
    /// every one of them reports: unreadable, or not UTF-8. `what` names the
    /// file's role in the message ("catalog file").
    public static func readText(path: String, displayName: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: displayName, line: nil, "cannot read the \(what)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: displayName, line: nil, "the \(what) is not valid UTF-8")
        }
        return text
    }

    /// Parses a whole file's text; the document must be a mapping.
    ///
    /// - Throws: `ConfigurationError` for text that is not YAML, is empty, is
    ///   not a mapping, or uses an alias (`*name`, see `firstAliasLine`).
    public static func parse(_ text: String, file: String) throws -> YAMLMap {
        if let line = firstAliasLine(text) {
            throw ConfigurationError(file: file, line: line, "YAML aliases (`*name`) are not accepted in msoko's "
                                     + "configuration files: write the value out (an alias can expand exponentially, "
                                     + "the \"billion laughs\")")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: YAMLMap.line(of: error), "not valid YAML: \(error)")
        }
        guard let node else { throw ConfigurationError(file: file, line: nil, "the file is empty") }
        return try YAMLMap(node: node, file: file)
    }

    /// The 1-based line of the first alias (`*name` at the start of a token,
    /// outside quotes, comments and block scalars), or `nil`.
    ///
    /// Why aliases are refused rather than bounded: Yams composes an alias as
    /// a shared node, but its duplicate-key check hashes a mapping's keys in
    /// full, so a key built from nested aliases takes exponential time (the
    /// fuzzer's finding `Fuzz/corpus/yaml/finding-alias-key-laughs.yaml` ran
    /// for minutes), and no hook bounds it. Catalogs, pipelines and measures
    /// never need one.
    static func firstAliasLine(_ text: String) -> Int? {
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        func startsToken(_ previous: UInt8) -> Bool {
            previous == space || previous == tab || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{")
                || previous == UInt8(ascii: ",")
        }
        func isNameByte(_ byte: UInt8) -> Bool {
            byte != space && byte != tab && byte != 0x0D && byte != UInt8(ascii: ",") && byte != UInt8(ascii: "[")
                && byte != UInt8(ascii: "]") && byte != UInt8(ascii: "{") && byte != UInt8(ascii: "}")
        }
        var inSingle = false, inDouble = false
        var blockParentIndent: Int?
        var lineNumber = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let indent = line.prefix { $0 == space }.count
            if let parent = blockParentIndent {
                if indent > parent || line.allSatisfy({ $0 == space || $0 == 0x0D }) { continue }
                blockParentIndent = nil
            }
            var previous = space
            var index = line.startIndex
            var contentEnd = line.endIndex
            while index < line.endIndex {
                let byte = line[index]
                if inDouble {
                    if byte == UInt8(ascii: "\\") { index = line.index(after: index) }
                    else if byte == UInt8(ascii: "\"") { inDouble = false }
                } else if inSingle {
                    if byte == UInt8(ascii: "'") { inSingle = false }
                } else if byte == UInt8(ascii: "#"), previous == space || previous == tab {
                    contentEnd = index
                    break
                } else if startsToken(previous) {
                    if byte == UInt8(ascii: "\"") { inDouble = true }
                    else if byte == UInt8(ascii: "'") { inSingle = true }
                    else if byte == UInt8(ascii: "*"), line.index(after: index) < line.endIndex,
                            isNameByte(line[line.index(after: index)]) { return lineNumber }
                }
                previous = byte
                if index < line.endIndex { index = line.index(after: index) }
            }
            // A block scalar (`key: |`, `- >-`): its more-indented lines are text.
            if !inSingle, !inDouble {
                let content = line[line.startIndex..<contentEnd].reversed().drop { $0 == space || $0 == tab || $0 == 0x0D }
                let lastToken = content.prefix { $0 != space && $0 != tab }.reversed()
                if let first = lastToken.first, first == UInt8(ascii: "|") || first == UInt8(ascii: ">"),
                   lastToken.dropFirst().allSatisfy({ $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || ($0 >= 49 && $0 <= 57) }) {
                    blockParentIndent = indent
                }
            }
        }
        return nil
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    /// The line of the mapping itself.
    public var line: Int? { node.mark?.line }

    /// The line of `key`'s value, or of the mapping when the key is absent.
    public func line(of key: String) -> Int? { mapping[key]?.mark?.line ?? line }

    public func error(_ key: String?, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: key.map(line(of:)) ?? line, message)
    }

    public func has(_ key: String) -> Bool { mapping[key] != nil }

    public var keys: [String] { mapping.keys.compactMap(\.string) }

    /// Rejects keys outside `allowed` (a misspelt key is an error, not a silent default).
    public func rejectUnknownKeys(_ allowed: Set<String>, context: String) throws {
        for key in mapping.keys {
            guard let name = key.string, allowed.contains(name) else {
                throw ConfigurationError(
                    file: file, line: key.mark?.line,
                    "unknown key `\(key.string ?? "?")` in \(context); known keys: \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    public func string(_ key: String) throws -> String? {
        guard let value = mapping[key] else { return nil }
        guard let scalar = value.scalar else { throw error(key, "`\(key)` must be a text value") }
        return scalar.string
    }

    public func requiredString(_ key: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else { throw error(nil, "missing required key `\(key)`") }
        return value
    }

    public func double(_ key: String) throws -> Double? {
        guard let value = mapping[key] else { return nil }
        guard let number = value.float, number.isFinite, value.scalar != nil else {
            throw error(key, "`\(key)` must be a number, got `\(value.scalar?.string ?? "?")`")
        }
        return number
    }

    public func int(_ key: String) throws -> Int? {
        guard let value = mapping[key] else { return nil }
        guard let number = value.int else {
            throw error(key, "`\(key)` must be an integer, got `\(value.scalar?.string ?? "?")`")
        }
        return number
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let value = mapping[key] else { return nil }
        guard let flag = value.bool else { throw error(key, "`\(key)` must be true or false") }
        return flag
    }

    public func map(_ key: String) throws -> YAMLMap? {
        guard let value = mapping[key] else { return nil }
        return try YAMLMap(node: value, file: file)
    }

    /// A sequence of mappings.
    public func maps(_ key: String) throws -> [YAMLMap] {
        guard let value = mapping[key] else { return [] }
        guard let sequence = value.sequence else { throw error(key, "`\(key)` must be a list") }
        return try sequence.map { try YAMLMap(node: $0, file: file) }
    }

    /// A list of text values; a single text value counts as a list of one.
    public func strings(_ key: String) throws -> [String] {
        guard let value = mapping[key] else { return [] }
        if let scalar = value.scalar { return [scalar.string] }
        guard let sequence = value.sequence else { throw error(key, "`\(key)` must be a list of text values") }
        return try sequence.map {
            guard let scalar = $0.scalar else { throw ConfigurationError(file: file, line: $0.mark?.line, "`\(key)` must list text values") }
            return scalar.string
        }
    }

    /// A `{ru: …, en: …}` text; a plain string serves both languages.
    public func localized(_ key: String) throws -> LocalizedText? {
        guard let value = mapping[key] else { return nil }
        if let scalar = value.scalar { return LocalizedText(ru: scalar.string, en: scalar.string) }
        let texts = try YAMLMap(node: value, file: file)
        try texts.rejectUnknownKeys(["ru", "en"], context: "`\(key)`")
        guard let ru = try texts.string("ru"), let en = try texts.string("en") else {
            throw error(key, "`\(key)` needs both `ru` and `en`")
        }
        return LocalizedText(ru: ru, en: en)
    }
}
