/// What a catch-up did after a gap (the daemon down, the machine suspended, the clock set forward).
public struct CatchUpSummary: Hashable, Sendable {
    /// Where the gap began (epoch seconds): the last moment processed, `nil` on a first start.
    public var since: Int64?
    /// Where it ended: now.
    public var until: Int64
    /// Entries sent, one per item (its latest missed stage).
    public var sent: Int
    /// Earlier stages folded into those entries.
    public var folded: Int
    /// Missed stages older than the horizon: counted, not sent.
    public var beyondHorizon: Int

    /// Creates a summary.
    public init(since: Int64?, until: Int64, sent: Int, folded: Int, beyondHorizon: Int) {
        self.since = since
        self.until = until
        self.sent = sent
        self.folded = folded
        self.beyondHorizon = beyondHorizon
    }
}
