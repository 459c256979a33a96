import Foundation
import MsokoIngest

/// Writes a command's outputs so that a failed run leaves the previous output
/// intact: every file goes, as it is added, into a hidden staging folder
/// beside the target (same parent, so the final rename stays on one file
/// system), and only a complete folder replaces the old one. Files are
/// written as they come, so a country's 40,000 school pages are never held
/// in memory together.
///
/// The folder is replaced whole, so msoko only replaces a folder that is
/// absent, empty, or recognisably its own earlier output (it holds the
/// `marker` file); any other folder is left alone and the command fails —
/// `--out .` in a folder of inputs must not delete them.
///
/// A run that fails or is dropped without `commit()` removes its staging
/// folder; one killed outright leaves it (`.NAME.tmp-PID-TOKEN`), and the
/// next run beside it removes it once that process is gone.
public struct OutputFolder: Sendable {
    public let destination: URL
    /// A file every output of this kind contains (e.g. `manifest.json`).
    public let marker: String
    private let staging: Staging

    public init(destination: URL, marker: String) {
        self.destination = destination.standardizedFileURL
        self.marker = marker
        self.staging = Staging(destination: self.destination)
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

    /// Writes a file at `path` relative to the output folder into the
    /// staging folder. A path that would leave the folder, or a failed
    /// write, is kept and thrown by `commit()`; nothing is written after it.
    public func add(_ path: String, _ text: String) {
        staging.write(path, Data(text.utf8))
    }

    /// Safe to call from several threads at once (the files are written one at a time).
    public func add(_ path: String, data: Data) {
        staging.write(path, data)
    }

    /// Writes a file at `path` by handing `write` its path in the staging
    /// folder, for a file another library writes (the workbook, through
    /// ZIPFoundation). A failure is kept and thrown by `commit()`, as for
    /// the other `add`s.
    public func add(_ path: String, writing write: (String) throws -> Void) {
        staging.write(path, with: write)
    }

    /// Writes a file at `path` from the pieces `produce` hands to its
    /// argument, in order, so the file is never held whole (a national
    /// table's CSV, a national sample's observations). A failure is kept
    /// and thrown by `commit()`.
    public func add(_ path: String, streaming produce: (_ write: ([UInt8]) throws -> Void) throws -> Void) {
        staging.write(path) { file in
            try Staging.writing(file) { output in try produce { try output.write($0) } }
        }
    }

    /// The files added so far, in order.
    public var paths: [String] { staging.paths }

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

    /// Swaps the staged folder into place.
    ///
    /// - Throws: `OutputFolderError.unsafePath` when an added path would
    ///   leave the folder (that file was never written), or the first write
    ///   error; the staging folder is then removed and the destination untouched.
    public func commit() throws {
        if let failure = staging.failure {
            staging.discard()
            throw failure
        }
        do {
            try checkReplaceable()
        } catch {
            staging.discard()
            throw error
        }
        let manager = FileManager.default
        let stagingURL = try staging.folder()
        let retired = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).old-\(staging.token)")
        do {
            var hadPrevious = false
            if manager.fileExists(atPath: destination.path) {
                try manager.moveItem(at: destination, to: retired)
                hadPrevious = true
            }
            do {
                try manager.moveItem(at: stagingURL, to: destination)
                staging.markCommitted()
            } catch {
                if hadPrevious { try? manager.moveItem(at: retired, to: destination) }
                throw error
            }
            if hadPrevious { try? manager.removeItem(at: retired) }
        } catch {
            staging.discard()
            throw error
        }
    }
}

/// The staging folder of an `OutputFolder`: made on first use, written file
/// by file, removed unless committed (also when the value is dropped).
private final class Staging: @unchecked Sendable {
    let destination: URL
    let token: String
    private(set) var paths: [String] = []
    private(set) var failure: Error?
    private var url: URL?
    /// `url`'s path, once it exists.
    private var folderPath = ""
    private var directories: Set<String> = []
    private var committed = false
    private let lock = NSLock()

    init(destination: URL) {
        self.destination = destination
        self.token = "\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    deinit { if !committed { discard() } }

    /// The staging folder, created (and stale ones of killed runs removed) on first use.
    func folder() throws -> URL {
        if let url { return url }
        let manager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        Self.removeStale(in: parent, name: destination.lastPathComponent)
        let folder = parent.appendingPathComponent(".\(destination.lastPathComponent).tmp-\(token)")
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        url = folder
        folderPath = folder.path
        return folder
    }

    func write(_ path: String, _ data: Data) {
        write(path) { try Self.writeFile($0, data) }
    }

    /// Creates the file's folder, then lets `body` write the file at the path
    /// it is given. Only the bookkeeping holds the lock: files are written
    /// concurrently, and the file's path is joined as text (a `URL` per
    /// file cost as much as writing it).
    func write(_ path: String, with body: (String) throws -> Void) {
        guard OutputFolder.isContained(path) else {
            record(failure: OutputFolderError.unsafePath(path))
            return
        }
        let file: String
        do {
            lock.lock()
            defer { lock.unlock() }
            guard failure == nil else { return }
            let folder = try folder()
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, directories.insert(directory).inserted {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent(directory), withIntermediateDirectories: true)
            }
            file = folderPath + "/" + path
        } catch {
            record(failure: error)
            return
        }
        do {
            try body(file)
            lock.lock()
            paths.append(path)
            lock.unlock()
        } catch {
            record(failure: error)
        }
    }

    /// Keeps the first failure.
    private func record(failure error: Error) {
        lock.lock()
        if failure == nil { failure = error }
        lock.unlock()
    }

    /// Writes `data` to a new file with plain POSIX calls (`PlainFile`): no
    /// fsync per file (Foundation's `Data.write` syncs each one, which
    /// dominated a country's 200,000 files). Kill-safety comes from the
    /// final rename; nothing is read back before it.
    static func writeFile(_ path: String, _ data: Data) throws {
        try writing(path) { output in try data.withUnsafeBytes { try output.write($0) } }
    }

    /// Creates the file at `path` and lets `body` write it; a failure is an
    /// `OutputFolderError.writeFailed`.
    static func writing(_ path: String, _ body: (PlainFile) throws -> Void) throws {
        do {
            let output = try PlainFile(creating: path)
            defer { output.close() }
            try body(output)
        } catch let error as PlainFileError {
            throw OutputFolderError.writeFailed(error.path, error.reason)
        }
    }

    func markCommitted() {
        committed = true
        url = nil
    }

    func discard() {
        if let url { try? FileManager.default.removeItem(at: url) }
        url = nil
    }

    /// Removes `.NAME.tmp-PID-…` and `.NAME.old-PID-…` folders whose process
    /// no longer runs (a run killed before it could clean up).
    static func removeStale(in parent: URL, name: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries {
            for prefix in [".\(name).tmp-", ".\(name).old-"] where entry.hasPrefix(prefix) {
                let rest = entry.dropFirst(prefix.count)
                guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid != getpid() else { continue }
                if kill(pid, 0) != 0, errno == ESRCH {
                    try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
                }
            }
        }
    }
}

/// Why an output folder cannot be written.
public enum OutputFolderError: Error, CustomStringConvertible {
    case notAFolder(String)
    case notOurs(String, marker: String)
    case unsafePath(String)
    case writeFailed(String, String)

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "\(path) exists and is not a folder; choose another output folder"
        case .notOurs(let path, let marker):
            return "\(path) is not empty and is not an earlier msoko output (no \(marker)); "
                + "msoko replaces its output folder whole, so choose a new or empty folder"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason)"
        case .unsafePath(let path):
            return "refusing to write `\(path)`: the name would leave the output folder (an id with `/`, `..` or a control character)"
        }
    }
}
