/// One event line of `watch` in protocol version 1: `{"v":1,"event":{…}}`, without `id` or `ok`.
public struct EventLine: Codable, Hashable, Sendable {
    /// The protocol version, `v`.
    public var version: Int64
    /// The event.
    public var event: WatchEvent

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case version = "v"
        case event
    }

    /// An event line of this daemon's protocol version.
    public init(_ event: WatchEvent, version: Int64 = ControlProtocol.version) {
        self.version = version
        self.event = event
    }
}
