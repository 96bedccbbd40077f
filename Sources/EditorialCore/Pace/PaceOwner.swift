/// One owner's production pace over the window: production items and preparations due, by what became of them.
public struct PaceOwner: Codable, Hashable, Sendable {
    /// The owner id.
    public var owner: String
    /// Production items due in the window (up to now).
    public var planned: Int
    /// Done within the tolerance.
    public var onTime: Int
    /// Done later than that.
    public var late: Int
    /// Skipped.
    public var skipped: Int
    /// Past due and still open.
    public var open: Int
    /// The window week by week, oldest first.
    public var weeks: [PaceWeek]

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case owner, planned
        case onTime = "on_time"
        case late, skipped, open, weeks
    }

    /// Creates an owner's figures.
    public init(
        owner: String, planned: Int, onTime: Int, late: Int, skipped: Int, open: Int, weeks: [PaceWeek]
    ) {
        self.owner = owner
        self.planned = planned
        self.onTime = onTime
        self.late = late
        self.skipped = skipped
        self.open = open
        self.weeks = weeks
    }
}
