/// A one-line picture of the daemon's state, for `STATUS=` and `editorialctl status`.
public struct StatusSummary: Hashable, Sendable {
    /// Plans loaded.
    public var plans: Int
    /// Open items due in the next seven days.
    public var upcoming: Int
    /// Open items past due in the last seven days.
    public var overdue: Int
    /// Items announced blocked.
    public var blocked: Int
    /// The next event's kind, `nil` when nothing is scheduled.
    public var nextKind: EventKind?
    /// The next event's item.
    public var nextItem: String?
    /// The next event's instant (epoch seconds).
    public var nextAt: Int64?

    /// Creates a summary.
    public init(
        plans: Int, upcoming: Int, overdue: Int, blocked: Int, nextKind: EventKind? = nil, nextItem: String? = nil,
        nextAt: Int64? = nil
    ) {
        self.plans = plans
        self.upcoming = upcoming
        self.overdue = overdue
        self.blocked = blocked
        self.nextKind = nextKind
        self.nextItem = nextItem
        self.nextAt = nextAt
    }

    /// "12 plans, 340 upcoming, 2 overdue, 1 blocked; next: reminder acme/launch at …", with the instant
    /// written by `instant`.
    public func line(instant: (Int64) -> String = TimeText.utc) -> String {
        var line =
            "\(plans) plan\(plans == 1 ? "" : "s"), \(upcoming) upcoming, \(overdue) overdue, \(blocked) blocked"
        if let kind = nextKind, let item = nextItem, let at = nextAt {
            line += "; next: \(kind.rawValue) \(item) at \(instant(at))"
        } else {
            line += "; nothing scheduled"
        }
        return line
    }
}
