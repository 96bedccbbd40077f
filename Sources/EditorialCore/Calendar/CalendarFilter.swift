/// Which items an export includes: all by default, or those of one plan, channel or owner, due in a window.
public struct CalendarFilter: Sendable, Hashable {
    /// Only items of this plan.
    public var plan: String?
    /// Only items on this channel (its id, `plan/id`, or its network).
    public var channel: String?
    /// Only items of this owner (exact match).
    public var owner: String?
    /// Only items due at or after this instant (epoch seconds); a slot is kept whole when any occurrence is.
    public var from: Int64?
    /// Only items due before this instant (epoch seconds).
    public var to: Int64?

    /// Creates a filter; with no arguments it keeps everything.
    public init(
        plan: String? = nil, channel: String? = nil, owner: String? = nil, from: Int64? = nil, to: Int64? = nil
    ) {
        self.plan = plan
        self.channel = channel
        self.owner = owner
        self.from = from
        self.to = to
    }

    /// Whether an instant is inside the window.
    func contains(_ instant: Int64) -> Bool {
        if let from, instant < from { return false }
        if let to, instant >= to { return false }
        return true
    }

    /// Whether an item's plan, channel and owner pass (the window is checked separately).
    func keeps(plan itemPlan: String, channel itemChannel: String?, owner itemOwner: String?, in set: PlanSet) -> Bool {
        if let plan, itemPlan != plan { return false }
        if let owner, itemOwner != owner { return false }
        if let channel, !set.channel(itemChannel, matches: channel) { return false }
        return true
    }
}
