/// One reminder: an item's due time minus one lead time.
public struct Reminder: Hashable, Sendable {
    /// Stable key, `<item id>!<lead>`; fired keys are stored so each fires once.
    public var key: String
    /// The item's id.
    public var item: String
    /// How long before the due time.
    public var lead: NominalDuration
    /// When it fires (epoch seconds, UTC).
    public var at: Int64

    /// Creates a reminder.
    public init(key: String, item: String, lead: NominalDuration, at: Int64) {
        self.key = key
        self.item = item
        self.lead = lead
        self.at = at
    }
}
