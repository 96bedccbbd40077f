/// The reply to `outbox`: deliveries newest first, the counts by state, and the id to page on.
public struct OutboxPage: Codable, Hashable, Sendable {
    /// The deliveries, newest first.
    public var deliveries: [DeliveryEntry]
    /// Every delivery by state (not only this page's).
    public var counts: OutboxCounts
    /// Pass as `before` for the next page; `null` at the end.
    @ExplicitNull public var next: Int64?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case deliveries, counts, next
    }

    /// A page.
    public init(deliveries: [DeliveryEntry], counts: OutboxCounts, next: Int64?) {
        self.deliveries = deliveries
        self.counts = counts
        self.next = next
    }
}
