/// A key to record as fired: sent, or deliberately folded into a later entry (catch-up, snooze).
public struct Firing: Hashable, Sendable {
    /// The event key.
    public var key: String
    /// The item's id.
    public var item: String
    /// The event kind.
    public var kind: EventKind
    /// The instant it was scheduled for (epoch seconds).
    public var scheduled: Int64
    /// Sent as part of a catch-up (or folded into one).
    public var catchUp: Bool

    /// Creates a record.
    public init(key: String, item: String, kind: EventKind, scheduled: Int64, catchUp: Bool) {
        self.key = key
        self.item = item
        self.kind = kind
        self.scheduled = scheduled
        self.catchUp = catchUp
    }
}
