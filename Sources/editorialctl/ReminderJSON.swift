import EditorialCore

/// One reminder in JSON.
struct ReminderJSON: Encodable {
    /// Stable key, `ITEM-ID!LEAD`.
    var key: String
    /// Lead time before the due time (ISO 8601).
    var lead: String
    /// When it fires, RFC 3339 UTC.
    var at: String

    init(_ r: Reminder) {
        key = r.key
        lead = r.lead.description
        at = TimeText.utc(r.at)
    }
}
