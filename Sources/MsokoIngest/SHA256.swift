import Crypto

/// SHA-256 (FIPS 180-4) of a byte array: the fingerprints of inputs in
/// `manifest.json` and of the history store's contents.
///
/// swift-crypto's (BoringSSL's) implementation, which uses the CPU's SHA
/// instructions where present: hashing a national observations file takes
/// a tenth of a second, not the second a portable loop took.
public enum SHA256 {
    /// The digest as lowercase hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest(bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The 32 bytes of the digest.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: bytes))
    }
}
