/// The reply to `retry`: the delivery, queued again for an attempt now.
public struct RetryReply: Codable, Hashable, Sendable {
    /// The delivery after the change.
    public var delivery: DeliveryEntry

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case delivery
    }

    /// A reply.
    public init(delivery: DeliveryEntry) { self.delivery = delivery }
}
