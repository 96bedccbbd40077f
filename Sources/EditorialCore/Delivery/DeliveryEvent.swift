/// An event as delivery sees it: what the journal entry says (sentence, priority, the item and its plan, channel
/// and owners, the chain of blame), kept in the outbox as JSON and rendered into a route's shape when it is sent.
public struct DeliveryEvent: Hashable, Sendable, Codable {
    /// `reminder`, `due`, `overdue`, `blocked`, `unblocked`, `renewal` or `digest`.
    public var kind: String
    /// The once-only key of the entry (`EDITORIAL_REMINDER_KEY`; `digest!PERSON@DATE` for digests).
    public var key: String
    /// The event's instant (epoch seconds): the stage's scheduled time, or when a block was noticed.
    public var at: Int64
    /// The journal sentence.
    public var message: String
    /// The journal priority (syslog: 4 warning, 5 notice, 6 info).
    public var priority: Int
    /// The item's id, if the event is about one.
    public var item: String?
    /// The item's title.
    public var title: String?
    /// The item's plan.
    public var plan: String?
    /// The channel's network (`linkedin`), if the item goes out on one.
    public var channel: String?
    /// The channel's qualified id (`acme-2027/linkedin`).
    public var channelID: String?
    /// The item's owner.
    public var owner: String?
    /// Everyone the event concerns: the item's owner, then the owners of what blocks it.
    public var owners: [String]
    /// The item's due instant.
    public var due: Int64?
    /// The due time in the plan's zone, as the journal writes it ("Thu 2027-01-14 09:00 +01:00").
    public var dueLocal: String?
    /// The plan's time zone (IANA name), to show times in a recipient's own zone.
    public var zone: String?
    /// What blocks the item, worst first.
    public var blame: [Blame]
    /// Sent late, after the daemon or the machine was away.
    public var catchUp: Bool
    /// Further lines of text: a digest's list, one line each.
    public var details: [String]

    /// Creates an event.
    public init(
        kind: String, key: String, at: Int64, message: String, priority: Int, item: String? = nil,
        title: String? = nil, plan: String? = nil, channel: String? = nil, channelID: String? = nil,
        owner: String? = nil, owners: [String] = [], due: Int64? = nil, dueLocal: String? = nil, zone: String? = nil,
        blame: [Blame] = [], catchUp: Bool = false, details: [String] = []
    ) {
        self.kind = kind
        self.key = key
        self.at = at
        self.message = message
        self.priority = priority
        self.item = item
        self.title = title
        self.plan = plan
        self.channel = channel
        self.channelID = channelID
        self.owner = owner
        self.owners = owners
        self.due = due
        self.dueLocal = dueLocal
        self.zone = zone
        self.blame = blame
        self.catchUp = catchUp
        self.details = details
    }

    /// The kinds a route can match: the scheduler's events, the daily digest and the weekly pace.
    public static let kinds = EventKind.allCases.map(\.rawValue) + ["digest", "pace"]

    private enum CodingKeys: String, CodingKey {
        case kind, key, at, message, priority, item, title, plan, channel
        case channelID = "channel_id"
        case owner, owners, due
        case dueLocal = "due_local"
        case zone, blame
        case catchUp = "catch_up"
        case details
    }
}
