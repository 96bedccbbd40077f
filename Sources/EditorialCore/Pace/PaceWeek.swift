/// One week of a page's (or owner's) pace: items due that week by what became of them.
public struct PaceWeek: Codable, Hashable, Sendable {
    /// The week's first instant (Monday 00:00 in the team's zone).
    public var start: Instant
    /// Items due that week (up to now, for the current week).
    public var planned: Int
    /// Published (or done) within the tolerance of their due time.
    public var onTime: Int
    /// Published (or done) later than that.
    public var late: Int
    /// Skipped.
    public var skipped: Int
    /// Past due and still open.
    public var open: Int

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case start, planned
        case onTime = "on_time"
        case late, skipped, open
    }

    /// Creates a week.
    public init(start: Instant, planned: Int = 0, onTime: Int = 0, late: Int = 0, skipped: Int = 0, open: Int = 0) {
        self.start = start
        self.planned = planned
        self.onTime = onTime
        self.late = late
        self.skipped = skipped
        self.open = open
    }

    /// On-time items over items due, `nil` with nothing due.
    public var onTimeRatio: Double? { planned == 0 ? nil : Double(onTime) / Double(planned) }
}
