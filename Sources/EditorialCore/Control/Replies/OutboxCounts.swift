/// How many deliveries stand where (`status`, `outbox`).
public struct OutboxCounts: Codable, Hashable, Sendable {
    /// Queued, not tried yet.
    public var pending: Int
    /// Failed, to be tried again.
    public var retrying: Int
    /// Given up on.
    public var dead: Int
    /// Taken by their receivers (kept for a week).
    public var delivered: Int

    /// Counts.
    public init(pending: Int = 0, retrying: Int = 0, dead: Int = 0, delivered: Int = 0) {
        self.pending = pending
        self.retrying = retrying
        self.dead = dead
        self.delivered = delivered
    }

    /// The counts of a store's tally.
    public init(_ counts: [OutboxState: Int]) {
        self.init(
            pending: counts[.pending] ?? 0, retrying: counts[.retrying] ?? 0, dead: counts[.dead] ?? 0,
            delivered: counts[.delivered] ?? 0)
    }
}
