/// The reply to `simulate`: a page of the entries the daemon would send in `[from, to)`, in order, and where the
/// next page starts.
public struct SimulationPage: Codable, Hashable, Sendable {
    /// The start of the window (the daemon's clock when the request asked for earlier).
    public var from: Instant
    /// The end of the window (excluded).
    public var to: Instant
    /// When the daemon would stop, if the dry run has a downtime.
    @ExplicitNull public var downFrom: Instant?
    /// When it would start again (and catch up).
    @ExplicitNull public var downUntil: Instant?
    /// The team's zone (the first plan's; `UTC` without plans), for showing the instants.
    public var zone: String
    /// The entries, in the order the daemon would send them.
    public var entries: [SimulatedEntry]
    /// True when more entries follow; send the request again with `cursor` set to `next`.
    public var truncated: Bool
    /// The cursor of the next page; `null` on the last.
    @ExplicitNull public var next: String?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case from, to, zone, entries, truncated, next
        case downFrom = "down_from"
        case downUntil = "down_until"
    }

    /// A page.
    public init(
        from: Instant, to: Instant, downFrom: Instant?, downUntil: Instant?, zone: String, entries: [SimulatedEntry],
        next: String?
    ) {
        self.from = from
        self.to = to
        self.downFrom = downFrom
        self.downUntil = downUntil
        self.zone = zone
        self.entries = entries
        self.truncated = next != nil
        self.next = next
    }
}
