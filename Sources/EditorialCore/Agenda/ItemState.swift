/// What the team has recorded about one item (by the daemon's store, or the plan file's `status:`).
public struct ItemState: Hashable, Sendable, Codable {
    /// Done, published or skipped; `nil` while open.
    public var progress: Progress?
    /// Reminders of the item stay quiet until this instant (epoch seconds).
    public var snoozedUntil: Int64?

    /// Creates a state.
    public init(progress: Progress? = nil, snoozedUntil: Int64? = nil) {
        self.progress = progress
        self.snoozedUntil = snoozedUntil
    }

    /// The state recorded for `item`: the store's (`states`), with the plan file's `status:` when the store has
    /// no progress for it.
    static func recorded(_ item: AgendaItem, in states: [String: ItemState]) -> ItemState {
        var s = states[item.id] ?? ItemState()
        if s.progress == nil { s.progress = item.progress }
        return s
    }
}
