/// What an `ack` records, decided by `ControlResponder`: the key, its item, and when it was acknowledged
/// before (then nothing is written).
public struct Acknowledgement: Hashable, Sendable {
    /// The reminder key.
    public var key: String
    /// Its item.
    public var item: String
    /// When it was acknowledged already, if it was.
    public var existing: Int64?

    /// Creates one.
    public init(key: String, item: String, existing: Int64?) {
        self.key = key
        self.item = item
        self.existing = existing
    }

    /// The audit row an effective acknowledgement writes.
    public func audit(by peer: ControlPeer, at now: Int64) -> AuditRecord {
        AuditRecord(id: 0, at: now, actor: peer.description, action: "ack", item: item, detail: key)
    }

    /// `team/missed!overdue acknowledged by root (uid 0, pid 42)`.
    public func sentence(by peer: ControlPeer) -> String { "\(key) acknowledged by \(peer)" }

    /// The reply: `changed` false when it was acknowledged already, with the first time.
    public func reply(changed: Bool, at now: Int64) -> AckReply {
        AckReply(key: key, item: item, changed: changed, acknowledgedAt: Instant(existing ?? now))
    }
}
