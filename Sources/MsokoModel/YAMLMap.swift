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
    public static func parse(_ text: String, file: String) throws -> YAMLMap {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: YAMLMap.line(of: error), "not valid YAML: \(error)")
        }
        guard let node else { throw ConfigurationError(file: file, line: nil, "the file is empty") }
        return try YAMLMap(node: node, file: file)
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
