/// What `status` reports about the daemon itself, beside what the scheduler and the snapshot know.
public struct DaemonFacts: Sendable {
    /// The daemon's version.
    public var version: String
    /// Its process id.
    public var pid: Int64
    /// When it started.
    public var startedAt: Int64
    /// The plans directory.
    public var plansDirectory: String
    /// The state directory.
    public var stateDirectory: String
    /// The plans in force.
    public var current: PlanLoad
    /// When they were loaded.
    public var loadedAt: Int64
    /// Warnings known for them (the reader's, and the strategy checks' once they ran).
    public var warnings: Int
    /// The last rejected load, while the plans on disk are broken.
    public var rejected: PlanLoad?
    /// The control socket's counters.
    public var control: StatusReply.Control
    /// Deliveries by state, and how many routes are configured.
    public var outbox: StatusReply.Outbox
    /// The pace summary, once counted.
    public var pace: PaceSummary?
    /// Its place in a cluster sharing the database, if it shares one.
    public var cluster: StatusReply.Cluster?

    /// Creates the facts.
    public init(
        version: String, pid: Int64, startedAt: Int64, plansDirectory: String, stateDirectory: String,
        current: PlanLoad, loadedAt: Int64, warnings: Int, rejected: PlanLoad?, control: StatusReply.Control,
        outbox: StatusReply.Outbox = StatusReply.Outbox(routes: 0, counts: OutboxCounts()), pace: PaceSummary? = nil,
        cluster: StatusReply.Cluster? = nil
    ) {
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
        self.plansDirectory = plansDirectory
        self.stateDirectory = stateDirectory
        self.current = current
        self.loadedAt = loadedAt
        self.warnings = warnings
        self.rejected = rejected
        self.control = control
        self.outbox = outbox
        self.pace = pace
        self.cluster = cluster
    }
}
