/// One thing the daemon announces: a reminder, a due time, an overdue warning, a block or an unblock.
public struct SchedulerEvent: Hashable, Sendable {
    /// What it announces.
    public var kind: EventKind
    /// The once-only key: `ITEM!LEAD` for reminders and due times (`ITEM!PT0S`), `ITEM!overdue`,
    /// `ITEM!blocked`, `ITEM!unblocked`.
    public var key: String
    /// The item it is about.
    public var item: AgendaItem
    /// When it was scheduled (epoch seconds); for blocks and unblocks, when it was noticed.
    public var at: Int64
    /// The lead time, for reminders and due times.
    public var lead: NominalDuration?
    /// What blocks the item, worst first (empty unless blocked).
    public var blame: [Blame]
    /// Sent late, collapsed, after the daemon or the machine was away.
    public var catchUp: Bool
    /// Seconds past the due time at the moment it was decided (0 before due).
    public var late: Int64

    /// Creates an event.
    public init(
        kind: EventKind, key: String, item: AgendaItem, at: Int64, lead: NominalDuration? = nil, blame: [Blame] = [],
        catchUp: Bool = false, late: Int64 = 0
    ) {
        self.kind = kind
        self.key = key
        self.item = item
        self.at = at
        self.lead = lead
        self.blame = blame
        self.catchUp = catchUp
        self.late = late
    }
}
