/// One link of a chain of blame: a prerequisite that keeps an item from going out.
public struct Blame: Hashable, Sendable, Codable {
    /// Why the prerequisite blocks.
    public enum Reason: String, Hashable, Sendable, Codable {
        /// Past its deadline and not done.
        case overdue
        /// Marked skipped: it will not be produced.
        case skipped
        /// Its deadline is after the due time of what needs it, so it cannot be ready in time.
        case dueTooLate = "due-too-late"
        /// Its local time does not exist (a DST gap with the skip policy), so it never comes due.
        case neverDue = "never-due"
    }

    /// The prerequisite's id.
    public var item: String
    /// Its title.
    public var title: String
    /// Who is responsible.
    public var owner: String?
    /// Its due time (epoch seconds).
    public var due: Int64?
    /// Why it blocks.
    public var reason: Reason
    /// Seconds late: past the deadline for `overdue`, past the dependent's due time for `dueTooLate`.
    public var late: Int64
    /// The dependency path from the blocked item to this prerequisite (both included).
    public var path: [String]
    /// Every open item that needs this prerequisite, directly or not (within the evaluated scope).
    public var blocks: [String]

    /// A blame.
    public init(
        item: String, title: String, owner: String?, due: Int64?, reason: Reason, late: Int64, path: [String],
        blocks: [String]
    ) {
        self.item = item
        self.title = title
        self.owner = owner
        self.due = due
        self.reason = reason
        self.late = late
        self.path = path
        self.blocks = blocks
    }
}
