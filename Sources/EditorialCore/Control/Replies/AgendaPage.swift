/// The reply to `agenda`: one page of the items due in `[from, to)`, evaluated at `now`.
public struct AgendaPage: Codable, Hashable, Sendable {
    /// The moment of evaluation.
    public var now: Instant
    /// The start of the window actually used.
    public var from: Instant
    /// The end of the window (excluded).
    public var to: Instant
    /// The page's entries, by due time then id.
    public var items: [ItemEntry]
    /// What to send as `cursor` for the next page; `null` on the last page.
    @ExplicitNull public var nextCursor: String?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case now, from, to, items
        case nextCursor = "next_cursor"
    }

    /// Creates a page.
    public init(now: Instant, from: Instant, to: Instant, items: [ItemEntry], nextCursor: String?) {
        self.now = now
        self.from = from
        self.to = to
        self.items = items
        self.nextCursor = nextCursor
    }
}
