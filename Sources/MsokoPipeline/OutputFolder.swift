import Foundation

/// Writes a command's outputs so that a failed run leaves the previous output
/// intact: everything goes to a temporary folder beside the target (same
/// parent, so the final rename stays on one file system), and only a complete
/// folder replaces the old one.
///
/// The folder is replaced whole, so msoko only replaces a folder that is
/// absent, empty, or recognisably its own earlier output (it holds the
/// `marker` file); any other folder is left alone and the command fails —
/// `--out .` in a folder of inputs must not delete them.
public struct OutputFolder {
    public let destination: URL
    /// A file every output of this kind contains (e.g. `manifest.json`).
    public let marker: String
    private var files: [(path: String, write: (URL) throws -> Void)] = []

    public init(destination: URL, marker: String) {
        self.destination = destination.standardizedFileURL
        self.marker = marker
    }

    /// Throws unless the destination may be replaced (see the type's doc).
    public func checkReplaceable() throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: destination.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw OutputFolderError.notAFolder(destination.path)
        }
        let contents = try manager.contentsOfDirectory(atPath: destination.path)
        guard contents.isEmpty || contents.contains(marker) else {
            throw OutputFolderError.notOurs(destination.path, marker: marker)
        }
    }

    /// Queues a file at `path` relative to the output folder.
    public mutating func add(_ path: String, _ text: String) {
        add(path, data: Data(text.utf8))
    }

    public mutating func add(_ path: String, data: Data) {
        files.append((path, { try data.write(to: $0) }))
    }

    /// Queues a file that `write` creates at the URL it is given when the
    /// folder is committed: for a file too large to hold in memory (the
    /// national sample's observations), written straight into the staging folder.
    public mutating func add(_ path: String, writing write: @escaping (URL) throws -> Void) {
        files.append((path, write))
    }

    public var paths: [String] { files.map(\.path) }

    /// Whether `path` stays inside the output folder: relative, `/`-separated
    /// components that are neither empty, `.` nor `..`, with no `\\`, NUL or
    /// control character. Ids are validated at ingest (`Identifier`); this is
    /// the last check before a name touches the file system.
    public static func isContained(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            !component.isEmpty && component != "." && component != ".."
                && !component.unicodeScalars.contains { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
        }
    }

    /// Writes every queued file and swaps the folder into place.
    ///
    /// - Throws: `OutputFolderError.unsafePath` before writing anything when
    ///   a queued path would leave the folder (see `isContained`).
    public func commit() throws {
        if let unsafe = files.first(where: { !Self.isContained($0.path) }) {
            throw OutputFolderError.unsafePath(unsafe.path)
        }
        try checkReplaceable()
        let manager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let token = UUID().uuidString.prefix(8)
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).tmp-\(token)")
        let retired = parent.appendingPathComponent(".\(destination.lastPathComponent).old-\(token)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.write(url)
            }
            var hadPrevious = false
            if manager.fileExists(atPath: destination.path) {
                try manager.moveItem(at: destination, to: retired)
                hadPrevious = true
            }
            do {
                try manager.moveItem(at: staging, to: destination)
            } catch {
                if hadPrevious { try? manager.moveItem(at: retired, to: destination) }
                throw error
            }
            if hadPrevious { try? manager.removeItem(at: retired) }
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
    }
}

/// Why an output folder cannot be written.
public enum OutputFolderError: Error, CustomStringConvertible {
    case notAFolder(String)
    case notOurs(String, marker: String)
    case unsafePath(String)

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "\(path) exists and is not a folder; choose another output folder"
        case .notOurs(let path, let marker):
            return "\(path) is not empty and is not an earlier msoko output (no \(marker)); "
                + "msoko replaces its output folder whole, so choose a new or empty folder"
        case .unsafePath(let path):
            return "refusing to write `\(path)`: the name would leave the output folder (an id with `/`, `..` or a control character)"
        }
    }
}
