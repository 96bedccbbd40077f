/// One due thing with a time: a post, a slot occurrence, a production item, a preparation or a plan renewal.
public struct AgendaItem: Hashable, Sendable {
    /// Stable id: `plan/id`, `plan/slot@2027-01-05T09:30`, `plan/slot@2027-01-05T09:30/prepare`, `plan/renewal`.
    public var id: String
    /// What it is.
    public var kind: ItemKind
    /// The plan's name.
    public var plan: String
    /// Qualified id of the channel it goes out on, if any.
    public var channel: String?
    /// A readable title.
    public var title: String
    /// Who is responsible.
    public var owner: String?
    /// The production type (content and preparations).
    public var type: String?
    /// The planned local time.
    public var local: LocalDateTime
    /// The due instant (epoch seconds, UTC); `nil` when the plan's DST policy skips this local time.
    public var due: Int64?
    /// The zone's UTC offset at the due instant, in seconds.
    public var offset: Int
    /// How daylight saving affected the local time.
    public var dst: ZoneResolution.Kind
    /// Lead times for reminders, longest first.
    public var leads: [NominalDuration]
    /// Qualified ids of the items it needs done first.
    public var needs: [String]
    /// Progress recorded in the plan file.
    public var progress: Progress?
    /// The zone of its plan.
    public var zone: ZoneRules
    /// Where it is declared.
    public var source: SourceLocation

    /// The reminder key of one lead time: `<item id>!<lead>` (for example `acme/launch!P1D`).
    public func reminderKey(_ lead: NominalDuration) -> String { ReminderKey.lead(id, lead) }

    /// The reminders of this item: each lead time before the due time, earliest first.
    ///
    /// Lead times are measured as `NominalDuration.instant(before:due:in:)` does: days in calendar days.
    public var reminders: [Reminder] {
        guard let due else { return [] }
        return leads.map { lead in
            Reminder(key: reminderKey(lead), item: id, lead: lead, at: lead.instant(before: local, due: due, in: zone))
        }.sorted { ($0.at, $0.lead) < ($1.at, $1.lead) }
    }

    /// `local` with seconds only when needed, used in occurrence ids.
    static func stamp(_ t: LocalDateTime) -> String { t.shortDescription }

    /// Equality by content (the zone compared by identifier).
    public static func == (a: AgendaItem, b: AgendaItem) -> Bool {
        a.id == b.id && a.kind == b.kind && a.plan == b.plan && a.channel == b.channel && a.title == b.title
            && a.owner == b.owner && a.type == b.type && a.local == b.local && a.due == b.due && a.offset == b.offset
            && a.dst == b.dst && a.leads == b.leads && a.needs == b.needs && a.progress == b.progress
            && a.zone.identifier == b.zone.identifier && a.source == b.source
    }

    /// Hashes the id (ids are unique).
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
