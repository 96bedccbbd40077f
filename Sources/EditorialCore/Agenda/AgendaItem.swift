/// One due thing with a time: a post, a slot occurrence, a production item, a preparation or a plan renewal.
///
/// A value with its fields in one shared, copy-on-write box: items are copied into windows, stages, events and
/// snapshots by the hundred thousand, and each copy of the sixteen fields inline counted ten references (retains
/// and releases were 30% of a month's dry run over a million posts, 22% with the box).
public struct AgendaItem: Hashable, Sendable {
    /// Stable id: `plan/id`, `plan/slot@2027-01-05T09:30`, `plan/slot@2027-01-05T09:30/prepare`, `plan/renewal`.
    public var id: String {
        get { storage.id }
        set { unique().id = newValue }
    }
    /// What it is.
    public var kind: ItemKind {
        get { storage.kind }
        set { unique().kind = newValue }
    }
    /// The plan's name.
    public var plan: String {
        get { storage.plan }
        set { unique().plan = newValue }
    }
    /// Qualified id of the channel it goes out on, if any.
    public var channel: String? {
        get { storage.channel }
        set { unique().channel = newValue }
    }
    /// A readable title.
    public var title: String {
        get { storage.title }
        set { unique().title = newValue }
    }
    /// Who is responsible.
    public var owner: String? {
        get { storage.owner }
        set { unique().owner = newValue }
    }
    /// The production type (content and preparations).
    public var type: String? {
        get { storage.type }
        set { unique().type = newValue }
    }
    /// The planned local time.
    public var local: LocalDateTime {
        get { storage.local }
        set { unique().local = newValue }
    }
    /// The due instant (epoch seconds, UTC); `nil` when the plan's DST policy skips this local time.
    public var due: Int64? {
        get { storage.due }
        set { unique().due = newValue }
    }
    /// The zone's UTC offset at the due instant, in seconds.
    public var offset: Int {
        get { storage.offset }
        set { unique().offset = newValue }
    }
    /// How daylight saving affected the local time.
    public var dst: ZoneResolution.Kind {
        get { storage.dst }
        set { unique().dst = newValue }
    }
    /// Lead times for reminders, longest first.
    public var leads: [NominalDuration] {
        get { storage.leads }
        set { unique().leads = newValue }
    }
    /// Qualified ids of the items it needs done first.
    public var needs: [String] {
        get { storage.needs }
        set { unique().needs = newValue }
    }
    /// Progress recorded in the plan file.
    public var progress: Progress? {
        get { storage.progress }
        set { unique().progress = newValue }
    }
    /// The zone of its plan.
    public var zone: ZoneRules {
        get { storage.zone }
        set { unique().zone = newValue }
    }
    /// Where it is declared.
    public var source: SourceLocation {
        get { storage.source }
        set { unique().source = newValue }
    }

    private var storage: Storage

    /// An item with every field given.
    public init(
        id: String, kind: ItemKind, plan: String, channel: String?, title: String, owner: String?, type: String?,
        local: LocalDateTime, due: Int64?, offset: Int, dst: ZoneResolution.Kind, leads: [NominalDuration],
        needs: [String], progress: Progress?, zone: ZoneRules, source: SourceLocation
    ) {
        storage = Storage(
            id: id, kind: kind, plan: plan, channel: channel, title: title, owner: owner, type: type, local: local,
            due: due, offset: offset, dst: dst, leads: leads, needs: needs, progress: progress, zone: zone,
            source: source)
    }

    /// The box, copied first when another value shares it.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// The fields. Mutated only through `unique()`, so a box another value can see is never written: sendable.
    private final class Storage: @unchecked Sendable {
        var id: String
        var kind: ItemKind
        var plan: String
        var channel: String?
        var title: String
        var owner: String?
        var type: String?
        var local: LocalDateTime
        var due: Int64?
        var offset: Int
        var dst: ZoneResolution.Kind
        var leads: [NominalDuration]
        var needs: [String]
        var progress: Progress?
        var zone: ZoneRules
        var source: SourceLocation

        init(
            id: String, kind: ItemKind, plan: String, channel: String?, title: String, owner: String?, type: String?,
            local: LocalDateTime, due: Int64?, offset: Int, dst: ZoneResolution.Kind, leads: [NominalDuration],
            needs: [String], progress: Progress?, zone: ZoneRules, source: SourceLocation
        ) {
            self.id = id
            self.kind = kind
            self.plan = plan
            self.channel = channel
            self.title = title
            self.owner = owner
            self.type = type
            self.local = local
            self.due = due
            self.offset = offset
            self.dst = dst
            self.leads = leads
            self.needs = needs
            self.progress = progress
            self.zone = zone
            self.source = source
        }

        func copy() -> Storage {
            Storage(
                id: id, kind: kind, plan: plan, channel: channel, title: title, owner: owner, type: type, local: local,
                due: due, offset: offset, dst: dst, leads: leads, needs: needs, progress: progress, zone: zone,
                source: source)
        }
    }

    /// The reminder key of one lead time: `<item id>!<lead>` (for example `acme/launch!P1D`).
    public func reminderKey(_ lead: NominalDuration) -> String { ReminderKey.lead(id, lead) }

    /// The reminders of this item: each lead time before the due time, earliest first.
    ///
    /// Lead times are measured as `NominalDuration.instant(before:due:in:)` does: days in calendar days.
    public var reminders: [Reminder] {
        reminderInstants.map { Reminder(key: reminderKey($0.lead), item: id, lead: $0.lead, at: $0.at) }
            .sorted { ($0.at, $0.lead) < ($1.at, $1.lead) }
    }

    /// Each lead time and the instant its reminder is due, in lead order, without their keys (the scheduler looks at
    /// every item of each window, and builds a key only for a stage that fires); `reminders` adds the keys.
    var reminderInstants: [(lead: NominalDuration, at: Int64)] {
        guard let due else { return [] }
        return leads.map { lead in (lead, lead.instant(before: local, due: due, in: zone)) }
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
