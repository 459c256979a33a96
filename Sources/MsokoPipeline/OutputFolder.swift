import Foundation

/// Writes a run's outputs so that a failed run leaves the previous output
/// intact: everything goes to a temporary folder beside the target (same
/// parent, so the final rename stays on one file system), and only a complete
/// folder replaces the old one.
public struct OutputFolder {
    public let destination: URL
    private var files: [(path: String, data: Data)] = []

    public init(destination: URL) {
        self.destination = destination.standardizedFileURL
    }

    /// Queues a file at `path` relative to the output folder.
    public mutating func add(_ path: String, _ text: String) {
        files.append((path, Data(text.utf8)))
    }

    public mutating func add(_ path: String, data: Data) {
        files.append((path, data))
    }

    public var paths: [String] { files.map(\.path) }

    /// Writes every queued file and swaps the folder into place.
    public func commit() throws {
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
                try file.data.write(to: url)
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
