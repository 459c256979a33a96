import Foundation

/// A file written with plain POSIX calls: opened (or created and
/// truncated), then written whole buffer by buffer, with no fsync (an
/// output folder's kill-safety comes from its final rename). One writer for
/// the output folder's files, the zip archives msoko writes and
/// `msoko trend`'s standard output.
public struct PlainFile {
    /// The path, or a name such as "the standard output", for errors.
    public let path: String
    private let descriptor: Int32
    private let owned: Bool

    /// A new (or truncated) file at `path`.
    ///
    /// - Throws: `PlainFileError` when it cannot be created.
    public init(creating path: String, permissions: mode_t = 0o644) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw PlainFileError(path: path, reason: String(cString: strerror(errno))) }
        self.init(path: path, descriptor: descriptor, owned: true)
    }

    /// An open descriptor the caller keeps (`close()` leaves it open).
    public init(descriptor: Int32, name: String) {
        self.init(path: name, descriptor: descriptor, owned: false)
    }

    private init(path: String, descriptor: Int32, owned: Bool) {
        self.path = path
        self.descriptor = descriptor
        self.owned = owned
    }

    /// Writes all of `buffer`, retrying after a signal.
    ///
    /// - Throws: `PlainFileError` when the system refuses (a full disk).
    public func write(_ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw PlainFileError(path: path, reason: written < 0 ? String(cString: strerror(errno)) : "nothing was written")
            }
            offset += written
        }
    }

    /// Overwrites `buffer.count` bytes at `offset` (already written), leaving
    /// the position of the next `write(_:)` where it was; retries after a signal.
    ///
    /// - Throws: `PlainFileError` when the system refuses.
    public func write(_ buffer: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < buffer.count {
            let written = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw PlainFileError(path: path, reason: written < 0 ? String(cString: strerror(errno)) : "nothing was written")
            }
            done += written
        }
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Closes a file this value opened.
    public func close() {
        if owned { _ = Foundation.close(descriptor) }
    }
}

/// A file that could not be created or written, and the system's reason.
public struct PlainFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot write `\(path)`: \(reason)" }
}
