/// The control protocol's constants: newline-delimited JSON over a Unix stream socket, one request per line,
/// one reply line per request (`watch` then streams event lines). `Docs/Protocol.md` is the reference.
public enum ControlProtocol {
    /// The protocol version this build speaks; every message carries it as `"v"`.
    public static let version: Int64 = 1
    /// Versions a request may carry.
    public static let supportedVersions: [Int64] = [1]
    /// The largest request line accepted, newline included; a longer one gets `too-large` and the connection
    /// is closed (the rest of the line cannot be told apart from a next request).
    public static let maxMessageBytes = 65_536
    /// Items per page when a list request gives no `limit`.
    public static let defaultLimit = 100
    /// The largest `limit` a list request may ask for; this bounds every reply's size.
    public static let maxLimit = 1_000
    /// Chains of blame list at most this many items each blocks (all are counted).
    public static let blocksShown = 20
}
