/// The reply to `ack`: the key, its item, whether this call recorded it, and when it was first acknowledged.
public struct AckReply: Codable, Hashable, Sendable {
    /// The reminder key.
    public var key: String
    /// The item before the key's last `!`.
    public var item: String
    /// False when it was acknowledged already.
    public var changed: Bool
    /// When it was (first) acknowledged.
    public var acknowledgedAt: Instant

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case key, item, changed
        case acknowledgedAt = "acknowledged_at"
    }

    /// Creates a reply.
    public init(key: String, item: String, changed: Bool, acknowledgedAt: Instant) {
        self.key = key
        self.item = item
        self.changed = changed
        self.acknowledgedAt = acknowledgedAt
    }
}
