/// One audit row on the wire (`show`'s `history`): who did what to the item, when, the recorded state before
/// and after as JSON text, and a detail.
public struct AuditEntry: Codable, Hashable, Sendable {
    /// The row id.
    public var id: Int64
    /// When.
    public var at: Instant
    /// Who: `user (uid N, pid P)`.
    public var actor: String
    /// What: `done`, `publish`, `skip`, `snooze`, `reopen`, `ack`, `refused:<command>`.
    public var action: String
    /// The item concerned.
    public var item: String?
    /// The recorded state before, as JSON text.
    public var before: String?
    /// The recorded state after, as JSON text.
    public var after: String?
    /// The skip reason, the snooze's end, a forced publish, the acknowledged key, a refusal.
    public var detail: String?

    /// The wire form of a stored row.
    public init(_ r: AuditRecord) {
        id = r.id
        at = Instant(r.at)
        actor = r.actor
        action = r.action
        item = r.item
        before = r.before
        after = r.after
        detail = r.detail
    }
}
