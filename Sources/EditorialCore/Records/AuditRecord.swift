/// One row of the audit log: who changed what, when, and the state before and after.
public struct AuditRecord: Hashable, Sendable {
    /// Row id; grows with every entry, so a larger id is a later entry (0 for a row not stored yet: the store
    /// assigns it).
    public var id: Int64
    /// When it happened (epoch seconds).
    public var at: Int64
    /// Who did it: a user name from the control socket's peer credentials, or `editoriald`.
    public var actor: String
    /// What was done: `done`, `published`, `skip`, `snooze`, `reopen`, `reload` and so on.
    public var action: String
    /// The item concerned, if any.
    public var item: String?
    /// The item's state before, as compact JSON.
    public var before: String?
    /// The item's state after, as compact JSON.
    public var after: String?
    /// Free text: a reason, the plans loaded, an error.
    public var detail: String?

    /// Creates a record.
    public init(
        id: Int64, at: Int64, actor: String, action: String, item: String? = nil, before: String? = nil,
        after: String? = nil, detail: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.item = item
        self.before = before
        self.after = after
        self.detail = detail
    }
}
