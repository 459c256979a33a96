/// Escaping of text for XML and HTML (element content and quoted attributes).
public enum SVGText {
    /// `&`, `<`, `>`, `"`, `'` as references; a control character XML 1.0
    /// does not allow even as a reference (C0 other than tab, line feed and
    /// carriage return) as a space, so the SVG stays well-formed.
    ///
    /// Works on the UTF-8 bytes: every character it changes is ASCII, and no
    /// byte of a multi-byte UTF-8 sequence is below 0x80, so the bytes of
    /// other characters are copied unchanged (a country's report escapes
    /// millions of short texts, most of which need nothing).
    public static func escape(_ text: String) -> String {
        var text = text
        let escaped: String? = text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: needsEscape) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            for byte in UnsafeBufferPointer(rebasing: bytes[first...]) {
                switch byte {
                case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
                case _ where needsEscape(byte): out.append(UInt8(ascii: " "))
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return escaped ?? text
    }

    /// Whether `byte` is one `escape` replaces: `&`, `<`, `>`, `"`, `'` or
    /// a C0 control other than tab, line feed and carriage return (all below
    /// 64, so one bit of `escapedBytes` each).
    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 64 && escapedBytes & (1 << UInt64(byte)) != 0
    }

    /// Bit `b` set for each byte `b` below 64 that `escape` replaces.
    static var escapedBytes: UInt64 { 0x5000_00C4_FFFF_D9FF }
}
