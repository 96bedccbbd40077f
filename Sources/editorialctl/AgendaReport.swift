import EditorialCore

/// `agenda --json` output.
struct AgendaReport: Encodable {
    /// The moment statuses were evaluated at (RFC 3339 UTC).
    var now: String
    /// Window start (RFC 3339 UTC).
    var from: String
    /// Window end, exclusive (RFC 3339 UTC).
    var to: String
    /// The entries in time order.
    var items: [AgendaEntryJSON]
}
