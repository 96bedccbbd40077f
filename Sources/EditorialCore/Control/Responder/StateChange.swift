/// What a `done`, `publish`, `skip`, `snooze` or `reopen` records for one item, decided by `ControlResponder`:
/// the state before and after, the detail for the audit log, and the sentence for the journal.
public struct StateChange: Hashable, Sendable {
    /// The item id.
    public var item: String
    /// The item's plan.
    public var plan: String
    /// The command.
    public var action: ControlCommand
    /// The recorded state before.
    public var before: ItemState
    /// The state to record.
    public var after: ItemState
    /// The skip reason, the snooze's end, or what a forced publish went past.
    public var detail: String?

    /// Creates a change.
    public init(
        item: String, plan: String, action: ControlCommand, before: ItemState, after: ItemState, detail: String?
    ) {
        self.item = item
        self.plan = plan
        self.action = action
        self.before = before
        self.after = after
        self.detail = detail
    }

    /// False when the recorded state stays as it was (`done` of an item already done): nothing is written.
    public var isEffective: Bool { after != before }

    /// The audit row the change writes, in the same transaction as the state.
    public func audit(by peer: ControlPeer, at now: Int64) -> AuditRecord {
        AuditRecord(
            id: 0, at: now, actor: peer.description, action: action.rawValue, item: item, before: before.auditJSON,
            after: after.auditJSON, detail: detail)
    }

    /// `team/video marked done by root (uid 0, pid 42)`, with the detail in parentheses.
    public func sentence(by peer: ControlPeer) -> String {
        let verb: String
        switch action {
        case .done: verb = "marked done"
        case .publish: verb = "marked published"
        case .skip: verb = "skipped"
        case .snooze: verb = "snoozed"
        case .reopen: verb = "reopened"
        default: verb = action.rawValue
        }
        return "\(item) \(verb) by \(peer)" + (detail.map { " (\($0))" } ?? "")
    }
}
