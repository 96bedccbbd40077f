/// An item with its status at a moment and, when blocked, the chain of blame.
public struct ItemEvaluation: Hashable, Sendable {
    /// The item.
    public var item: AgendaItem
    /// Its status.
    public var status: ItemStatus
    /// Seconds past due when open and past due, else 0.
    public var late: Int64
    /// What blocks it (empty unless blocked), worst first.
    public var blockers: [Blame]
    /// Recorded state (progress, snooze).
    public var state: ItemState
}
