/// What a scheduler event announces; each kind has its own journal `MESSAGE_ID`.
public enum EventKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A lead time before the due time passed: "due in 1 day".
    case reminder
    /// The due time itself: the post goes out now, the production deadline is now.
    case due
    /// Still open `overdueAfter` past the due time.
    case overdue
    /// The item cannot go out: a prerequisite is late, skipped or never due.
    case blocked
    /// An item announced blocked no longer is.
    case unblocked
    /// A reminder or the due time of a plan renewal ("write the next editorial plan").
    case renewal
}
