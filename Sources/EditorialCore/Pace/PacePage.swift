/// One page's pace over the window: its posts due, what became of them, how late, week by week, and the verdict.
public struct PacePage: Codable, Hashable, Sendable {
    /// The page's key: its network and handle (or channel id), as the channel-limit check counts pages.
    public var page: String
    /// The network key (`linkedin`, `blog`, …).
    public var network: String
    /// A readable name: the channel's title, else the network's name and handle.
    public var title: String
    /// The qualified channel ids that post to it (one page may appear in several plans).
    public var channels: [String]
    /// True for a social network (it counts towards the "three or four pages" rule).
    public var social: Bool
    /// Posts due in the window (up to now).
    public var planned: Int
    /// Published within the tolerance.
    public var onTime: Int
    /// Published later than that.
    public var late: Int
    /// Skipped.
    public var skipped: Int
    /// Past due and still open.
    public var open: Int
    /// Median lateness of the late posts, in seconds; `null` when none was late.
    @ExplicitNull public var lateMedian: Int64?
    /// 90th-percentile lateness of the late posts (nearest rank), in seconds; `null` when none was late.
    @ExplicitNull public var lateP90: Int64?
    /// Production items its posts need that went late or are past due and open.
    public var lateProduction: Int
    /// The verdict; `null` when no post was due in the window.
    @ExplicitNull public var verdict: PaceVerdict?
    /// The window week by week, oldest first.
    public var weeks: [PaceWeek]

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case page, network, title, channels, social, planned
        case onTime = "on_time"
        case late, skipped, open
        case lateMedian = "late_median"
        case lateP90 = "late_p90"
        case lateProduction = "late_production"
        case verdict, weeks
    }

    /// Creates a page.
    public init(
        page: String, network: String, title: String, channels: [String], social: Bool, planned: Int, onTime: Int,
        late: Int, skipped: Int, open: Int, lateMedian: Int64?, lateP90: Int64?, lateProduction: Int,
        verdict: PaceVerdict?, weeks: [PaceWeek]
    ) {
        self.page = page
        self.network = network
        self.title = title
        self.channels = channels
        self.social = social
        self.planned = planned
        self.onTime = onTime
        self.late = late
        self.skipped = skipped
        self.open = open
        self.lateMedian = lateMedian
        self.lateP90 = lateP90
        self.lateProduction = lateProduction
        self.verdict = verdict
        self.weeks = weeks
    }

    /// On-time posts over posts due, `nil` with nothing due.
    public var onTimeRatio: Double? { planned == 0 ? nil : Double(onTime) / Double(planned) }
}
