import CMsokoZlib
import Foundation

/// Writes a zip archive (PKWARE APPNOTE 6.3.x) entry by entry, to a file or
/// to memory: what an XLSX or DOCX package needs and nothing more.
///
/// Every entry is raw-deflated by zlib at level 1, dated 1980-01-01 00:00
/// (the earliest a zip can hold) with permissions 0644, named in UTF-8 (the
/// language encoding flag is set for a name that is not ASCII), and stored
/// in the order added, so the bytes depend on the entries only. An entry's data is
/// taken a chunk at a time and compressed as it comes, so a large worksheet
/// is never held whole; its CRC-32 and sizes are written into its local
/// header afterwards (a file is patched in place), so no entry needs a data
/// descriptor.
///
/// msoko reads zip archives with ZIPFoundation but writes them itself: at
/// national scale the workbook holds about 830 MB of XML, and ZIPFoundation
/// deflates at zlib's default level, computes the CRC in a byte loop on
/// Linux, and needs an entry's length before its data. Level 1 deflates this
/// XML about three times as fast as the default level for a file about a
/// fifth larger (Benchmarks/national/README.md).
///
/// There is no ZIP64: an entry or an archive of 4 GiB or more, or more than
/// 65,535 entries, is an error (a worksheet is bounded by Excel's
/// 1,048,576 rows far below that).
final class ZipArchiveWriter {
    /// zlib's level: its fastest.
    static let deflateLevel: Int32 = 1
    private static let outputCapacity = 1 << 18

    private let file: PlainFile?
    private var memory: [UInt8] = []
    /// Bytes written so far: the next entry's offset.
    private var offset = 0
    private var centralDirectory: [UInt8] = []
    private var entryCount = 0
    private var finished = false
    /// Whether the file was closed (by `finish()`): never closed twice, as
    /// its descriptor number may by then belong to another file.
    private var closed = false
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<UInt8>

    /// An archive written to a new (or truncated) file at `path`.
    init(creating path: String) throws {
        do {
            file = try PlainFile(creating: path)
        } catch let error as PlainFileError {
            throw XLSXWriterError(message: error.description)
        }
        stream = .allocate(capacity: 1)
        output = .allocate(capacity: Self.outputCapacity)
    }

    /// An archive made in memory (`bytes` after `finish()`).
    init() {
        file = nil
        stream = .allocate(capacity: 1)
        output = .allocate(capacity: Self.outputCapacity)
    }

    deinit {
        if !closed { file?.close() }
        stream.deallocate()
        output.deallocate()
    }

    /// The archive made in memory, once finished.
    var bytes: [UInt8] { memory }

    /// Adds an entry named `name` holding `data`.
    func add(_ name: String, data: [UInt8]) throws {
        var pending: [UInt8]? = data
        try add(name) {
            defer { pending = nil }
            return pending
        }
    }

    /// Adds an entry named `name` whose data is the chunks `next` returns,
    /// in order, until it returns nil.
    func add(_ name: String, chunks next: () throws -> [UInt8]?) throws {
        precondition(!finished, "an entry added after finish()")
        let nameBytes = Array(name.utf8)
        let headerOffset = offset
        try write(Self.localHeader(name: nameBytes, crc: 0, compressed: 0, size: 0))

        stream.initialize(to: z_stream())
        var status = deflateInit2_(stream, Self.deflateLevel, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw XLSXWriterError(message: "zlib cannot start deflating (\(status))") }
        defer { deflateEnd(stream) }
        var crc: UInt = crc32(0, nil, 0)
        var size = 0
        var compressed = 0
        // Runs deflate over what the stream holds until it wants more input
        // (or, finishing, until the end), writing each output buffer.
        func drain(_ flush: Int32) throws {
            repeat {
                stream.pointee.next_out = output
                stream.pointee.avail_out = UInt32(Self.outputCapacity)
                status = deflate(stream, flush)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw XLSXWriterError(message: "zlib cannot deflate `\(name)` (\(status))")
                }
                let produced = Self.outputCapacity - Int(stream.pointee.avail_out)
                if produced > 0 {
                    try write(UnsafeRawBufferPointer(start: output, count: produced))
                    compressed += produced
                }
            } while flush == Z_FINISH ? status != Z_STREAM_END : stream.pointee.avail_out == 0
        }
        while let chunk = try next() {
            try chunk.withUnsafeBufferPointer { input in
                guard let base = input.baseAddress, !input.isEmpty else { return }
                // zlib takes at most 4 GiB - 1 a call; a chunk is far smaller.
                crc = crc32(crc, base, UInt32(input.count))
                stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
                stream.pointee.avail_in = UInt32(input.count)
                try drain(Z_NO_FLUSH)
                stream.pointee.next_in = nil
            }
            size += chunk.count
        }
        try drain(Z_FINISH)

        guard size <= Self.limit, compressed <= Self.limit, offset <= Self.limit, entryCount < 0xFFFF else {
            throw XLSXWriterError(message: "`\(name)` makes the archive larger than a zip without ZIP64 holds (4 GiB, 65,535 entries)")
        }
        let header = Self.localHeader(name: nameBytes, crc: UInt32(crc), compressed: UInt32(compressed), size: UInt32(size))
        try patch(header, at: headerOffset)
        centralDirectory += Self.centralHeader(name: nameBytes, crc: UInt32(crc), compressed: UInt32(compressed),
                                               size: UInt32(size), localOffset: UInt32(headerOffset))
        entryCount += 1
    }

    /// Writes the central directory and its end record; closes a file.
    func finish() throws {
        precondition(!finished, "finish() called twice")
        finished = true
        let directoryOffset = offset
        try write(centralDirectory)
        guard offset <= Self.limit else {
            throw XLSXWriterError(message: "the archive is larger than a zip without ZIP64 holds (4 GiB)")
        }
        var end: [UInt8] = []
        end.appendLittleEndian(UInt32(0x0605_4B50))
        end.appendLittleEndian(UInt16(0))  // this disk
        end.appendLittleEndian(UInt16(0))  // the central directory's disk
        end.appendLittleEndian(UInt16(entryCount))
        end.appendLittleEndian(UInt16(entryCount))
        end.appendLittleEndian(UInt32(centralDirectory.count))
        end.appendLittleEndian(UInt32(directoryOffset))
        end.appendLittleEndian(UInt16(0))  // comment length
        try write(end)
        file?.close()
        closed = true
    }

    // MARK: - Records

    private static let limit = Int(UInt32.max)
    /// Version 2.0 (deflate); "made by" adds the host, 3 = UNIX, for the permissions.
    private static let versionNeeded: UInt16 = 20
    private static let versionMadeBy: UInt16 = 3 << 8 | 20
    private static let deflated: UInt16 = 8
    /// MS-DOS time 00:00:00 and date 1980-01-01 ((1980 - 1980) << 9 | 1 << 5 | 1).
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = 1 << 5 | 1
    /// A regular file, rw-r--r--, in the high half of the external attributes.
    private static let externalAttributes = UInt32(0o100644) << 16

    /// General purpose bit 11 for a name that is not ASCII: the name is UTF-8
    /// (else readers take it for code page 437).
    private static func flags(_ name: [UInt8]) -> UInt16 {
        name.allSatisfy { $0 < 0x80 } ? 0 : 1 << 11
    }

    private static func localHeader(name: [UInt8], crc: UInt32, compressed: UInt32, size: UInt32) -> [UInt8] {
        var record: [UInt8] = []
        record.reserveCapacity(30 + name.count)
        record.appendLittleEndian(UInt32(0x0403_4B50))
        appendSharedFields(to: &record, name: name, crc: crc, compressed: compressed, size: size)
        return record + name
    }

    private static func centralHeader(name: [UInt8], crc: UInt32, compressed: UInt32, size: UInt32,
                                      localOffset: UInt32) -> [UInt8] {
        var record: [UInt8] = []
        record.reserveCapacity(46 + name.count)
        record.appendLittleEndian(UInt32(0x0201_4B50))
        record.appendLittleEndian(versionMadeBy)
        appendSharedFields(to: &record, name: name, crc: crc, compressed: compressed, size: size)
        record.appendLittleEndian(UInt16(0))  // comment length
        record.appendLittleEndian(UInt16(0))  // disk number start
        record.appendLittleEndian(UInt16(0))  // internal attributes
        record.appendLittleEndian(externalAttributes)
        record.appendLittleEndian(localOffset)
        return record + name
    }

    /// The fields both headers hold, in the same order: version needed,
    /// flags, method, time, date, CRC-32, sizes, name length, extra length.
    private static func appendSharedFields(to record: inout [UInt8], name: [UInt8], crc: UInt32, compressed: UInt32,
                                           size: UInt32) {
        record.appendLittleEndian(versionNeeded)
        record.appendLittleEndian(flags(name))
        record.appendLittleEndian(deflated)
        record.appendLittleEndian(dosTime)
        record.appendLittleEndian(dosDate)
        record.appendLittleEndian(crc)
        record.appendLittleEndian(compressed)
        record.appendLittleEndian(size)
        record.appendLittleEndian(UInt16(name.count))
        record.appendLittleEndian(UInt16(0))  // extra field length
    }

    // MARK: - Output

    private func write(_ buffer: UnsafeRawBufferPointer) throws {
        if let file {
            do { try file.write(buffer) } catch let error as PlainFileError {
                throw XLSXWriterError(message: error.description)
            }
        } else {
            memory.append(contentsOf: buffer)
        }
        offset += buffer.count
    }

    private func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Overwrites what was written at `position` (an entry's local header).
    private func patch(_ bytes: [UInt8], at position: Int) throws {
        if let file {
            do { try bytes.withUnsafeBytes { try file.write($0, at: position) } } catch let error as PlainFileError {
                throw XLSXWriterError(message: error.description)
            }
        } else {
            memory.replaceSubrange(position..<position + bytes.count, with: bytes)
        }
    }
}

extension [UInt8] {
    /// Appends `value`'s bytes, least significant first (zip's byte order).
    fileprivate mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
