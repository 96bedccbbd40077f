import EditorialCore

/// One agenda entry in JSON.
struct AgendaEntryJSON: Encodable {
    var id: String
    var kind: String
    var plan: String
    var channel: String?
    var title: String
    var owner: String?
    var type: String?
    /// Due instant, RFC 3339 UTC.
    var due: String?
    /// Due instant in the plan's zone, RFC 3339 with offset.
    var dueLocal: String?
    /// The plan's zone.
    var timezone: String
    /// The local time as planned (before any daylight-saving adjustment).
    var planned: String
    var status: String
    /// Seconds past due (0 when not late).
    var lateSeconds: Int64
    /// The item's reminders: stable key, lead time (ISO 8601) and when it fires (RFC 3339 UTC).
    var reminders: [ReminderJSON]
    var needs: [String]
    var blockedBy: [BlameJSON]

    enum CodingKeys: String, CodingKey {
        case id, kind, plan, channel, title, owner, type, due, timezone, planned, status, reminders, needs
        case dueLocal = "due_local"
        case lateSeconds = "late_seconds"
        case blockedBy = "blocked_by"
    }

    init(_ e: ItemEvaluation) {
        let item = e.item
        id = item.id
        kind = item.kind.rawValue
        plan = item.plan
        channel = item.channel
        title = item.title
        owner = item.owner
        type = item.type
        due = item.due.map(TimeText.utc)
        dueLocal = item.due.map { TimeText.local($0, offset: item.offset) }
        timezone = item.zone.identifier
        planned = item.local.description
        status = e.status.rawValue
        lateSeconds = e.late
        reminders = item.reminders.map(ReminderJSON.init)
        needs = item.needs
        blockedBy = e.blockers.map(BlameJSON.init)
    }
}
