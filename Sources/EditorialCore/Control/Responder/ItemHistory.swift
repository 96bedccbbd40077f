/// What the state store recorded about one item, for `show`: its fired stages and its newest audit rows.
public struct ItemHistory: Hashable, Sendable {
    /// The item's fired records, oldest first.
    public var fired: [FiredRecord]
    /// Its newest audit rows, newest first.
    public var audit: [AuditRecord]
    /// Its deliveries to routes, oldest first.
    public var deliveries: [OutboxEntry]

    /// Audit rows `show` lists at most.
    public static let auditShown = 50

    /// Creates a history.
    public init(fired: [FiredRecord] = [], audit: [AuditRecord] = [], deliveries: [OutboxEntry] = []) {
        self.fired = fired
        self.audit = audit
        self.deliveries = deliveries
    }
}
