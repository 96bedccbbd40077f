import EditorialCore

/// What one scheduler step wants recorded, written by `StateStore.commit(_:at:)` in one transaction.
public struct StoreBatch: Hashable, Sendable {
    /// Reminders sent in this step; a key already recorded is updated to the new scheduled instant.
    public var fired: [FiredRecord]
    /// Blocked posts announced in this step: item → the item that blocks it.
    public var announce: [String: String]
    /// Posts no longer blocked: their announcement is forgotten.
    public var unannounce: [String]
    /// The instant the scheduler has processed up to, if it moved.
    public var lastProcessed: Int64?
    /// Deliveries to queue with the step (an idempotency key already queued is left as it is); a step's own are
    /// given to `commit(_:at:deliveries:)` lazily instead.
    public var deliveries: [OutboxEntry]

    /// Creates a batch.
    public init(
        fired: [FiredRecord] = [], announce: [String: String] = [:], unannounce: [String] = [],
        lastProcessed: Int64? = nil, deliveries: [OutboxEntry] = []
    ) {
        self.fired = fired
        self.announce = announce
        self.unannounce = unannounce
        self.lastProcessed = lastProcessed
        self.deliveries = deliveries
    }

    /// Whether the batch records nothing.
    public var isEmpty: Bool {
        fired.isEmpty && announce.isEmpty && unannounce.isEmpty && lastProcessed == nil && deliveries.isEmpty
    }
}
