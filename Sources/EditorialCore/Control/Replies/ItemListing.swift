/// What `editorialctl agenda`, `overdue` and `blocked` print with `--json`: every page joined, without a cursor.
/// The agenda has `from` and `to` (online and offline alike); the lists have `total`.
public struct ItemListing: Codable, Hashable, Sendable {
    /// The moment of evaluation.
    public var now: Instant
    /// The window's start (agenda).
    public var from: Instant?
    /// The window's end (agenda).
    public var to: Instant?
    /// Items over all pages (overdue, blocked).
    public var total: Int?
    /// The entries.
    public var items: [ItemEntry]

    /// An agenda listing.
    public init(now: Instant, from: Instant, to: Instant, items: [ItemEntry]) {
        self.now = now
        self.from = from
        self.to = to
        self.items = items
    }

    /// An overdue or blocked listing.
    public init(now: Instant, total: Int, items: [ItemEntry]) {
        self.now = now
        self.total = total
        self.items = items
    }
}
