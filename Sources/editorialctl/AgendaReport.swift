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

/// One link of a chain of blame in JSON.
struct BlameJSON: Encodable {
    var item: String
    var title: String
    var owner: String?
    var due: String?
    var reason: String
    var lateSeconds: Int64
    var path: [String]
    /// The first `BlameJSON.blocksShown` items it blocks (all of them are counted in `blocksCount`).
    var blocks: [String]
    var blocksCount: Int

    /// How many blocked ids are listed per blame: one late e-book may block thousands of posts, and
    /// repeating them under each would make the output grow with the square of the plan.
    static let blocksShown = 20

    enum CodingKeys: String, CodingKey {
        case item, title, owner, due, reason, path, blocks
        case lateSeconds = "late_seconds"
        case blocksCount = "blocks_count"
    }

    init(_ b: Blame) {
        item = b.item
        title = b.title
        owner = b.owner
        due = b.due.map(TimeText.utc)
        reason = b.reason.rawValue
        lateSeconds = b.late
        path = b.path
        blocks = Array(b.blocks.prefix(Self.blocksShown))
        blocksCount = b.blocks.count
    }
}

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
