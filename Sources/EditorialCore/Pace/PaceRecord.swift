/// What became of one item, as recorded when it happened: published, done or skipped, when, and the due time the
/// plans gave it at that moment (plans move; the pace report judges an item by the due time it had).
public struct PaceRecord: Hashable, Sendable {
    /// The item id.
    public var item: String
    /// Its plan.
    public var plan: String
    /// What it is; `nil` for a row backfilled from the audit log that the plans could not place yet.
    public var kind: ItemKind?
    /// The qualified channel id it went out on (posts and slot occurrences).
    public var channel: String?
    /// The page key of that channel (`Channel.pageKey`).
    public var page: String?
    /// The channel's network key.
    public var network: String?
    /// Who owned it.
    public var owner: String?
    /// Published, done or skipped.
    public var progress: Progress
    /// When it was recorded (epoch seconds).
    public var at: Int64
    /// Its due instant then; `nil` when it had none (a local time skipped by daylight saving) or is not known.
    public var due: Int64?

    /// Creates a record.
    public init(
        item: String, plan: String, kind: ItemKind?, channel: String? = nil, page: String? = nil,
        network: String? = nil, owner: String? = nil, progress: Progress, at: Int64, due: Int64?
    ) {
        self.item = item
        self.plan = plan
        self.kind = kind
        self.channel = channel
        self.page = page
        self.network = network
        self.owner = owner
        self.progress = progress
        self.at = at
        self.due = due
    }

    /// The record of `progress` for `item` at `at`, with the item's due time and channel from the plans in force.
    public init(_ item: AgendaItem, progress: Progress, at: Int64, in planSet: PlanSet) {
        let channel = item.channel.flatMap { planSet.channel($0) }
        self.init(
            item: item.id, plan: item.plan, kind: item.kind, channel: item.channel, page: channel?.pageKey,
            network: channel.map { Network.known[$0.network]?.key ?? $0.network }, owner: item.owner,
            progress: progress, at: at, due: item.due)
    }

    /// True for posts and slot occurrences: they count for their page.
    public var isPost: Bool { kind == .post || kind == .occurrence }
    /// True for production items and preparations: they count for their owner.
    public var isProduction: Bool { kind == .content || kind == .preparation }
}
