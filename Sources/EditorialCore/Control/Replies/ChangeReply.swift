/// The reply to `done`, `publish`, `skip`, `snooze` and `reopen`: the recorded state before and after, and the
/// item's status after the change.
public struct ChangeReply: Codable, Hashable, Sendable {
    /// The item id.
    public var item: String
    /// The command.
    public var action: ControlCommand
    /// Whether anything was recorded.
    public var changed: Bool
    /// The recorded state before: `open`, `done`, `published`, `skipped` or `snoozed until <instant>`.
    public var before: String
    /// The recorded state after.
    public var after: String
    /// The item's status after the change.
    public var status: ItemStatus

    /// The reply to `change`, with the item's status after it.
    public init(_ change: StateChange, changed: Bool, status: ItemStatus) {
        item = change.item
        action = change.action
        self.changed = changed
        before = change.before.text
        after = change.after.text
        self.status = status
    }
}
