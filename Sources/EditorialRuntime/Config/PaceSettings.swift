import EditorialCore

/// The `pace:` settings: how late still counts as on time, the window the weekly entry and `status` use, when the
/// weekly entry goes out, and the verdicts' thresholds.
public struct PaceSettings: Hashable, Sendable {
    /// How late a publish may be and still count as on time, in seconds (default 1 h).
    public var tolerance: Int64 = 3600
    /// Weeks in the window of the weekly entry and of `status` (default 8).
    public var weeks = PaceCall.defaultWeeks
    /// When the weekly entry goes out, in the team's zone; `nil` for never (`report: off`).
    public var report: PaceReportTime? = PaceReportTime(weekday: .monday, time: DigestTime(hour: 9, minute: 0)!)
    /// The verdicts' thresholds.
    public var thresholds = PaceThresholds.standard

    /// The defaults.
    public init() {}
}
