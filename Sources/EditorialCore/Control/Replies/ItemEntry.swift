/// One agenda entry, the shape `agenda`, `overdue`, `blocked` and `show` return and `editorialctl agenda --json`
/// prints offline. Absent optional members are left out of the JSON rather than written as `null`.
public struct ItemEntry: Codable, Hashable, Sendable {
    /// The item id.
    public var id: String
    /// `post`, `occurrence`, `content`, `preparation` or `renewal`.
    public var kind: ItemKind
    /// The plan's name.
    public var plan: String
    /// The qualified channel id, `plan/channel`.
    public var channel: String?
    /// A readable title.
    public var title: String
    /// Who is responsible.
    public var owner: String?
    /// The production type of content items and preparations.
    public var type: String?
    /// The due time; absent when the plan's DST policy skips the local time.
    public var due: Instant?
    /// The due time with the plan zone's offset.
    public var dueLocal: LocalInstant?
    /// The plan's IANA zone.
    public var timezone: String
    /// The local time as written in the plan.
    public var planned: LocalDateTime
    /// Where the item stands.
    public var status: ItemStatus
    /// Seconds past due while open and past due, else 0.
    public var lateSeconds: Int64
    /// The reminders, earliest first.
    public var reminders: [ReminderEntry]
    /// Ids of the items it needs done first.
    public var needs: [String]
    /// What blocks it, worst first; empty unless blocked.
    public var blockedBy: [BlameEntry]
    /// Until when its reminders are silenced.
    public var snoozedUntil: Instant?
    /// The keys among its reminders, `ITEM!overdue` and `ITEM!blocked` that someone acknowledged; absent when none.
    public var acknowledged: [String]?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case id, kind, plan, channel, title, owner, type, due
        case dueLocal = "due_local"
        case timezone, planned, status
        case lateSeconds = "late_seconds"
        case reminders, needs
        case blockedBy = "blocked_by"
        case snoozedUntil = "snoozed_until"
        case acknowledged
    }

    /// The entry of an evaluation; `acknowledged` lists the acknowledged keys (left out when empty).
    public init(_ e: ItemEvaluation, acknowledged: [String] = []) {
        let item = e.item
        id = item.id
        kind = item.kind
        plan = item.plan
        channel = item.channel
        title = item.title
        owner = item.owner
        type = item.type
        due = item.due.map(Instant.init)
        dueLocal = item.due.map { LocalInstant($0, offset: item.offset) }
        timezone = item.zone.identifier
        planned = item.local
        status = e.status
        lateSeconds = e.late
        reminders = item.reminders.map(ReminderEntry.init)
        needs = item.needs
        blockedBy = e.blockers.map(BlameEntry.init)
        snoozedUntil = e.state.snoozedUntil.map(Instant.init)
        self.acknowledged = acknowledged.isEmpty ? nil : acknowledged
    }
}
