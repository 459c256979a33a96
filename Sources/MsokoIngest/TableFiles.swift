import Foundation
import MsokoLinearAlgebra
import MsokoModel

/// Opens the tables a pipeline names (docs/contract.md §7.1), by the file's
/// extension: `.xlsx`/`.xlsm` a workbook's sheet, `.docx` every table of a
/// Word document, anything else delimited text.
public enum TableFiles {
    /// What one file gave: its tables and the SHA-256 of its bytes.
    public struct Opened: Sendable {
        public let documents: [TableDocument]
        let digest: PendingDigest
        /// The SHA-256 of the file, hex; computed on another thread while
        /// the tables are read, so asking for it may wait.
        public var sha256: String { digest.value }
    }

    /// Opens `spec`, whose file is at `url`; errors name `spec.path`.
    public static func open(_ spec: TableSpec, resolvedAt url: URL) throws -> Opened {
        if format(of: spec.path) == .delimited {
            // Straight into the array: `Data` and a conversion would touch
            // every page twice (a tenth of the reading time of a large CSV).
            let bytes = try readBytes(url.path, name: spec.path)
            return Opened(documents: [try TableDocument(delimited: bytes, path: spec.path, spec: spec)],
                          digest: PendingDigest(bytes))
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw IngestError(file: spec.path, "cannot read the file (looked at \(url.path))")
        }
        return try open(spec, data: data)
    }

    /// A whole file's bytes, read with `read(2)` into the array (a large
    /// file's first `st_size` bytes in parts at once, `readParts`).
    public static func readBytes(_ path: String, name: String) throws -> [UInt8] {
        let descriptor = Foundation.open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw IngestError(file: name, "cannot read the file (looked at \(path)): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw IngestError(file: name, "cannot read the file: \(String(cString: strerror(errno)))")
        }
        var bytes: [UInt8] = []
        if let parts = try readParts(descriptor, size: Int(status.st_size), name: name) {
            bytes = parts
            guard lseek(descriptor, off_t(bytes.count), SEEK_SET) >= 0 else {
                throw IngestError(file: name, "cannot read the file: \(String(cString: strerror(errno)))")
            }
        }
        var capacity = max(Int(status.st_size), 0) + 1
        while true {
            let used = bytes.count
            if used == capacity { capacity *= 2 }
            let chunk = try [UInt8](unsafeUninitializedCapacity: capacity - used) { buffer, initialized in
                let result = read(descriptor, buffer.baseAddress, buffer.count)
                guard result >= 0 else {
                    initialized = 0
                    throw IngestError(file: name, "cannot read the file: \(String(cString: strerror(errno)))")
                }
                initialized = result
            }
            if chunk.isEmpty { break }
            if bytes.isEmpty { bytes = chunk } else { bytes.append(contentsOf: chunk) }
        }
        return bytes
    }

    /// Files from this size on are read in parts at once (`readParts`).
    static let partedReadThreshold = 16 << 20

    /// The first `size` bytes of a large file, read in parts at once, one
    /// a thread (`pread(2)`): faulting in the array's fresh pages and
    /// copying into them was a sixth of reading a national file, and the
    /// parts are read beside each other. `nil` for a smaller file, on one
    /// thread, or when the file came up short (it shrank while read; the
    /// caller then reads it from the start).
    static func readParts(_ descriptor: Int32, size: Int, name: String) throws -> [UInt8]? {
        guard size >= partedReadThreshold, Parallelism.isParallel else { return nil }
        let parts = Parallelism.threadCount
        var errorNumber: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            let base = SharedPointer(buffer.baseAddress!)
            // Per part: 0 when read whole, -1 when the file ended first, else `errno`.
            let outcomes = Parallelism.map(parts) { part -> Int32 in
                var offset = size * part / parts
                let end = size * (part + 1) / parts
                while offset < end {
                    let result = pread(descriptor, base.base + offset, end - offset, off_t(offset))
                    if result < 0 { return errno }
                    if result == 0 { return -1 }
                    offset += result
                }
                return 0
            }
            errorNumber = outcomes.first { $0 > 0 } ?? 0
            initialized = outcomes.allSatisfy { $0 == 0 } ? size : 0
        }
        if errorNumber > 0 {
            throw IngestError(file: name, "cannot read the file: \(String(cString: strerror(errorNumber)))")
        }
        return bytes.isEmpty ? nil : bytes
    }

    /// Opens the bytes of a file named by `spec`.
    public static func open(_ spec: TableSpec, data: Data) throws -> Opened {
        let bytes = [UInt8](data)
        let sha256 = PendingDigest(bytes)
        switch format(of: spec.path) {
        case .delimited:
            return Opened(documents: [try TableDocument(delimited: bytes, path: spec.path, spec: spec)], digest: sha256)
        case .workbook:
            return Opened(documents: [try openWorkbook(spec, data: data)], digest: sha256)
        case .wordTable:
            let documents = try openWordTables(spec, data: data)
            guard !documents.isEmpty else {
                throw IngestError(file: spec.path, "the document has no table")
            }
            return Opened(documents: documents, digest: sha256)
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

/// A SHA-256 computed on a background thread: hashing a file costs about as
/// much as parsing it, and the two need not wait for each other on a
/// machine with a second core.
final class PendingDigest: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result = ""

    init(_ bytes: [UInt8]) {
        group.enter()
        DispatchQueue.global().async { [self] in
            result = SHA256.hex(bytes)
            group.leave()
        }
    }

    /// The hex digest, once computed.
    var value: String {
        group.wait()
        return result
    }
}
