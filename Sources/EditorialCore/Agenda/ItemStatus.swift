/// Where an item stands at a given moment.
public enum ItemStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Due later, outside its reminder window.
    case planned
    /// Inside its reminder window (the longest lead time has passed), not yet due.
    case due
    /// Past its due time and not done.
    case overdue
    /// A post that cannot go out: something it needs is overdue, skipped, or due too late.
    case blocked
    /// Production finished.
    case done
    /// The post went out.
    case published
    /// Deliberately not done.
    case skipped
}
