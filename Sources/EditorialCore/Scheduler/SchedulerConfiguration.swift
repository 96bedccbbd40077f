/// The scheduler's tunables (all durations in seconds).
public struct SchedulerConfiguration: Hashable, Sendable {
    /// Reminders missed longer ago than this are not sent at all, only counted in the catch-up summary.
    public var catchUpHorizon: Int64
    /// How long after its due time an open item draws an overdue warning.
    public var overdueAfter: Int64
    /// A gap between two steps longer than this means the daemon or the machine was away (stopped,
    /// suspended, or the wall clock jumped forward): what was missed is collapsed as a catch-up.
    public var gapThreshold: Int64
    /// The span of time materialized at once; windows with nothing in them are skipped quickly.
    public var window: Int64

    /// Creates a configuration; the defaults suit a newsroom: one day of catch-up, overdue an hour after due.
    public init(
        catchUpHorizon: Int64 = 86_400, overdueAfter: Int64 = 3_600, gapThreshold: Int64 = 300, window: Int64 = 86_400
    ) {
        self.catchUpHorizon = catchUpHorizon
        self.overdueAfter = overdueAfter
        self.gapThreshold = gapThreshold
        self.window = window
    }
}
