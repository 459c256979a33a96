/// Distinct byte strings (series names, school ids, periods, indicator ids)
/// numbered in order of first appearance, with an open-addressing hash
/// index over their bytes.
///
/// Made for the readers, which meet the same few names again on every row:
/// names stay bytes (no `String` per row, no SipHash), hashed a word at a
/// time. In `msoko trend` (one name per 8 rows, 1.6 million series) it took
/// the name lookup from about a fifth of the reading time to a few per cent.
public struct ByteInterner: Sendable {
    /// The names' bytes, concatenated.
    public private(set) var bytes: [UInt8] = []
    /// Name k is `bytes[offsets[k]..<offsets[k + 1]]`.
    public private(set) var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// −1 for an empty slot, else a name number.
    private var slots: [Int32] = Array(repeating: -1, count: 1024)

    public init() {}

    public var count: Int { offsets.count - 1 }

    /// The number of the name with these bytes, added at the end if new.
    public mutating func index(of key: UnsafeRawBufferPointer) -> Int {
        let hash = Self.hash(key)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = Int(slots[slot])
            if candidate < 0 { break }
            if hashes[candidate] == hash && equals(candidate, key) { return candidate }
            slot = (slot + 1) & mask
        }
        let number = count
        bytes.append(contentsOf: key)
        offsets.append(bytes.count)
        hashes.append(hash)
        slots[slot] = Int32(number)
        if 2 * count > slots.count {
            slots = Array(repeating: -1, count: 2 * slots.count)
            mask = slots.count - 1
            for existing in 0..<count {
                var position = Int(truncatingIfNeeded: hashes[existing]) & mask
                while slots[position] >= 0 { position = (position + 1) & mask }
                slots[position] = Int32(existing)
            }
        }
        return number
    }

    /// The number of the name with these bytes, or `nil` when it is not here.
    public func find(_ key: UnsafeRawBufferPointer) -> Int? {
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = Int(slots[slot])
            if candidate < 0 { return nil }
            if hashes[candidate] == hash && equals(candidate, key) { return candidate }
            slot = (slot + 1) & mask
        }
    }

    /// The number of the name with these bytes, added at the end if new;
    /// `guess`, a likely number, is compared first, without hashing (a
    /// sorted file meets the names in the order they were numbered).
    public mutating func index(of key: UnsafeRawBufferPointer, guess: Int) -> Int {
        guess >= 0 && guess < count && equals(guess, key) ? guess : index(of: key)
    }

    /// The number of the name with these bytes, or `nil`; `guess` is
    /// compared first, as in `index(of:guess:)`.
    public func find(_ key: UnsafeRawBufferPointer, guess: Int) -> Int? {
        guess >= 0 && guess < count && equals(guess, key) ? guess : find(key)
    }

    /// The number of a name given as a `String`, added if new.
    @discardableResult
    public mutating func index(of name: String) -> Int {
        var name = name
        return name.withUTF8 { index(of: UnsafeRawBufferPointer($0)) }
    }

    /// Name k as text (invalid UTF-8 repaired).
    public func name(_ number: Int) -> String {
        String(decoding: bytes[offsets[number]..<offsets[number + 1]], as: UTF8.self)
    }

    private func equals(_ number: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = offsets[number], length = offsets[number + 1] - start
        guard length == key.count else { return false }
        return bytes.withUnsafeBytes { stored in
            length == 0 || Self.equal(stored.baseAddress! + start, key.baseAddress!, count: length)
        }
    }

    /// Whether `count` bytes at `left` and at `right` are the same: eight
    /// at a time, inline (a call to `memcmp` cost more than the few bytes
    /// of a name).
    @inline(__always)
    static func equal(_ left: UnsafeRawPointer, _ right: UnsafeRawPointer, count: Int) -> Bool {
        var offset = 0
        while offset + 8 <= count {
            if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < count {
            if left.load(fromByteOffset: offset, as: UInt8.self) != right.load(fromByteOffset: offset, as: UInt8.self) { return false }
            offset += 1
        }
        return true
    }

    /// A multiply–xorshift hash over 8-byte words (the mixing step of
    /// SplitMix64); not for adversarial input, which a local CSV is not.
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var offset = 0
        while offset + 8 <= key.count {
            let word = key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < key.count {
            tail |= UInt64(key[offset]) << shift
            shift += 8
            offset += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}

import Foundation
