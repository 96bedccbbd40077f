/// One reminder (or due/overdue notice) the daemon has sent, keyed so it is sent once per key.
public struct FiredRecord: Hashable, Sendable {
    /// The reminder key, unique across the daemon's life (for example `plan/item!P1D`).
    public var key: String
    /// The item the reminder is about (`plan/item`).
    public var item: String
    /// What was sent: reminder, due, overdue, renewal and so on.
    public var kind: String
    /// When it was meant to fire (epoch seconds).
    public var scheduled: Int64
    /// When it actually fired (epoch seconds).
    public var fired: Int64
    /// Whether it was sent by the catch-up after a stop rather than on time.
    public var catchUp: Bool

    /// Creates a record.
    public init(key: String, item: String, kind: String, scheduled: Int64, fired: Int64, catchUp: Bool = false) {
        self.key = key
        self.item = item
        self.kind = kind
        self.scheduled = scheduled
        self.fired = fired
        self.catchUp = catchUp
    }
}
