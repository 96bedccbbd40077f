/// One plan document: a communication plan or an editorial plan, as read from a file.
public struct Plan: Sendable {
    /// The plan's name (`plan:`), unique in the set; items are referred to as `name/id`.
    public var name: String
    /// Communication or editorial.
    public var kind: PlanKind
    /// A readable title.
    public var title: String?
    /// The zone every local time of the plan is in.
    public var zone: ZoneRules
    /// First day of the plan (00:00 local).
    public var from: LocalDateTime
    /// Last day of the plan (inclusive; the plan ends at 00:00 of the next day).
    public var until: LocalDateTime
    /// Default lead times for reminders.
    public var reminders: [NominalDuration]
    /// What to do with local times in daylight-saving gaps and repeated hours.
    public var dstPolicy: DSTPolicy
    /// An editorial plan's channel.
    public var channel: Reference?
    /// How long before the end of an editorial plan the team is reminded to write the next one.
    public var renewNotice: NominalDuration
    /// Channels declared by this plan.
    public var channels: [Channel]
    /// Production items.
    public var content: [ContentItem]
    /// One-off posts.
    public var posts: PostList
    /// Recurring posts.
    public var slots: [Slot]
    /// Campaigns.
    public var campaigns: [Campaign]
    /// Where the document starts (its `plan:` key).
    public var location: SourceLocation
    /// Where the period is written.
    public var periodLocation: SourceLocation

    /// The default reminder lead times: a day before, an hour before, and at the time.
    public static let defaultReminders = [NominalDuration(days: 1), NominalDuration(seconds: 3600), .zero]

    /// The default renewal notice for editorial plans: two weeks.
    public static let defaultRenewNotice = NominalDuration(days: 14)

    /// The moment the plan ends: 00:00 local of the day after `until`.
    public var end: LocalDateTime { until.addingDays(1) }

    /// True when the local time falls inside the plan's period.
    public func covers(_ t: LocalDateTime) -> Bool { t >= from && t < end }

    /// Creates a plan.
    public init(
        name: String, kind: PlanKind, title: String? = nil, zone: ZoneRules, from: LocalDateTime,
        until: LocalDateTime, reminders: [NominalDuration] = Plan.defaultReminders, dstPolicy: DSTPolicy = .default,
        channel: Reference? = nil, renewNotice: NominalDuration = Plan.defaultRenewNotice, channels: [Channel] = [],
        content: [ContentItem] = [], posts: PostList = [], slots: [Slot] = [], campaigns: [Campaign] = [],
        location: SourceLocation, periodLocation: SourceLocation? = nil
    ) {
        self.name = name
        self.kind = kind
        self.title = title
        self.zone = zone
        self.from = from
        self.until = until
        self.reminders = reminders
        self.dstPolicy = dstPolicy
        self.channel = channel
        self.renewNotice = renewNotice
        self.channels = channels
        self.content = content
        self.posts = posts
        self.slots = slots
        self.campaigns = campaigns
        self.location = location
        self.periodLocation = periodLocation ?? location
    }
}
