/// One reminder on the wire: its key (`ITEM!LEAD`, what `ack` takes), the lead time and when it fires.
public struct ReminderEntry: Codable, Hashable, Sendable {
    /// `ITEM!LEAD`.
    public var key: String
    /// How long before the due time, as ISO 8601 (`PT0S`: the due time itself).
    public var lead: String
    /// When it fires.
    public var at: Instant

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case key, lead, at
    }

    /// The wire form of a reminder.
    public init(_ r: Reminder) {
        key = r.key
        lead = r.lead.description
        at = Instant(r.at)
    }
}
