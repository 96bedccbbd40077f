/// HMAC-SHA256 (RFC 2104 with SHA-256, as RFC 4231 tests it): the message authentication code of webhook
/// signatures.
public enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key` (a key longer than 64 bytes is hashed first, as RFC 2104 says).
    public static func authenticate(_ message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        var padded = key.count > SHA256.blockCount ? SHA256.hash(key) : Array(key)
        padded += repeatElement(0, count: SHA256.blockCount - padded.count)
        let inner = SHA256.hash(prefix: padded.map { $0 ^ 0x36 }, message)
        return SHA256.hash(prefix: padded.map { $0 ^ 0x5c }, inner)
    }

}
