/// The reply to `overdue` and `blocked`: one page of the list, its total over all pages, and the cursor.
public struct ListPage: Codable, Hashable, Sendable {
    /// The moment of the snapshot.
    public var now: Instant
    /// Items over all pages.
    public var total: Int
    /// The page's entries.
    public var items: [ItemEntry]
    /// What to send as `cursor` for the next page; `null` on the last page.
    @ExplicitNull public var nextCursor: String?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case now, total, items
        case nextCursor = "next_cursor"
    }

    /// Creates a page.
    public init(now: Instant, total: Int, items: [ItemEntry], nextCursor: String?) {
        self.now = now
        self.total = total
        self.items = items
        self.nextCursor = nextCursor
    }
}
