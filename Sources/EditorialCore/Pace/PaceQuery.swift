/// What one pace report asks for: the window, the filters, the tolerance and the thresholds.
public struct PaceQuery: Hashable, Sendable {
    /// Weeks in the window, the current one included.
    public var weeks: Int
    /// Only this page: a page key, a qualified channel id or a network key.
    public var channel: String?
    /// Only this owner's production items; pages are left out.
    public var owner: String?
    /// How late a publish may be and still count as on time, in seconds.
    public var tolerance: Int64
    /// The rules behind the verdicts.
    public var thresholds: PaceThresholds
    /// The end of the window.
    public var now: Int64

    /// Creates a query.
    public init(
        weeks: Int = PaceCall.defaultWeeks, channel: String? = nil, owner: String? = nil, tolerance: Int64 = 3600,
        thresholds: PaceThresholds = .standard, now: Int64
    ) {
        self.weeks = weeks
        self.channel = channel
        self.owner = owner
        self.tolerance = tolerance
        self.thresholds = thresholds
        self.now = now
    }
}
