/// The reply to `status`: the daemon, the plans in force (and a rejected reload), counts, the next event.
public struct StatusReply: Codable, Hashable, Sendable {
    /// The plans in force.
    public struct Plans: Codable, Hashable, Sendable {
        /// Plans loaded.
        public var count: Int
        /// Files read.
        public var files: Int
        /// The plans directory.
        public var directory: String
        /// When they were loaded.
        public var loadedAt: Instant
        /// Warnings found so far (the strategy checks run after start and after each reload).
        public var warnings: Int
        /// The first 50 plan names.
        public var names: [String]

        /// The member names of the protocol.
        enum CodingKeys: String, CodingKey {
            case count, files, directory
            case loadedAt = "loaded_at"
            case warnings, names
        }

        /// Creates the member.
        public init(count: Int, files: Int, directory: String, loadedAt: Instant, warnings: Int, names: [String]) {
            self.count = count
            self.files = files
            self.directory = directory
            self.loadedAt = loadedAt
            self.warnings = warnings
            self.names = names
        }
    }

    /// The plans on disk rejected at the last (re)load.
    public struct Rejected: Codable, Hashable, Sendable {
        /// How many errors.
        public var errors: Int
        /// The first five, positioned.
        public var first: [DiagnosticEntry]

        /// The member names of the protocol.
        enum CodingKeys: String, CodingKey {
            case errors, first
        }

        /// Creates the member.
        public init(errors: Int, first: [DiagnosticEntry]) {
            self.errors = errors
            self.first = first
        }
    }

    /// Open items by where they stand.
    public struct Counts: Codable, Hashable, Sendable {
        /// Due today (the local day in the team's zone).
        public var dueToday: Int
        /// Past due.
        public var overdue: Int
        /// Blocked.
        public var blocked: Int
        /// Due in the next seven days.
        public var upcoming7Days: Int

        /// The member names of the protocol.
        enum CodingKeys: String, CodingKey {
            case dueToday = "due_today"
            case overdue, blocked
            case upcoming7Days = "upcoming_7_days"
        }

        /// Creates the member.
        public init(dueToday: Int, overdue: Int, blocked: Int, upcoming7Days: Int) {
            self.dueToday = dueToday
            self.overdue = overdue
            self.blocked = blocked
            self.upcoming7Days = upcoming7Days
        }
    }

    /// The next event that will really be sent.
    public struct Next: Codable, Hashable, Sendable {
        /// What it is.
        public var kind: EventKind
        /// The item.
        public var item: String
        /// When.
        public var at: Instant
        /// When, in the team's zone.
        public var atLocal: LocalInstant
        /// Seconds from the reply's `now`.
        public var inSeconds: Int64

        /// The member names of the protocol.
        enum CodingKeys: String, CodingKey {
            case kind, item, at
            case atLocal = "at_local"
            case inSeconds = "in_seconds"
        }

        /// Creates the member.
        public init(kind: EventKind, item: String, at: Instant, atLocal: LocalInstant, inSeconds: Int64) {
            self.kind = kind
            self.item = item
            self.at = at
            self.atLocal = atLocal
            self.inSeconds = inSeconds
        }
    }

    /// The control socket's counters.
    public struct Control: Codable, Hashable, Sendable {
        /// Connections open now.
        public var connections: Int
        /// Watchers open now.
        public var watchers: Int
        /// Replies written since start (this one not yet).
        public var replies: Int
        /// State changes refused since start.
        public var refused: Int

        /// The member names of the protocol.
        enum CodingKeys: String, CodingKey {
            case connections, watchers, replies, refused
        }

        /// Creates the member.
        public init(connections: Int, watchers: Int, replies: Int, refused: Int) {
            self.connections = connections
            self.watchers = watchers
            self.replies = replies
            self.refused = refused
        }
    }

    /// The delivery outbox.
    public struct Outbox: Codable, Hashable, Sendable {
        /// Routes configured.
        public var routes: Int
        /// Deliveries by state.
        public var counts: OutboxCounts

        /// The outbox's figures.
        public init(routes: Int, counts: OutboxCounts) {
            self.routes = routes
            self.counts = counts
        }
    }

    /// `"editoriald"`.
    public var daemon: String
    /// The daemon's version.
    public var version: String
    /// The protocol version.
    public var `protocol`: Int64
    /// The daemon's process id.
    public var pid: Int64
    /// When it started.
    public var started: Instant
    /// Seconds since.
    public var uptimeSeconds: Int64
    /// The time of the reply.
    public var now: Instant
    /// The same, in the team's zone.
    public var nowLocal: LocalInstant
    /// The plans in force.
    public var plans: Plans
    /// `null`, or the plans on disk that were rejected.
    @ExplicitNull public var rejected: Rejected?
    /// Open items by where they stand.
    public var counts: Counts
    /// `null` when nothing is scheduled.
    @ExplicitNull public var next: Next?
    /// Where the state database is.
    public var stateDirectory: String
    /// The socket's counters.
    public var control: Control
    /// The delivery outbox.
    public var outbox: Outbox
    /// The pace over the configured window; `null` until it is first counted (just after start).
    @ExplicitNull public var pace: PaceSummary?
    /// `null` for a daemon on its own state; for one sharing a PostgreSQL database, its place in the cluster.
    @ExplicitNull public var cluster: Cluster?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case daemon, version, `protocol`, pid, started
        case uptimeSeconds = "uptime_seconds"
        case now
        case nowLocal = "now_local"
        case plans, rejected, counts, next
        case stateDirectory = "state_directory"
        case control, outbox, pace, cluster
    }

    /// Creates a reply.
    public init(
        version: String, pid: Int64, started: Instant, now: Instant, nowLocal: LocalInstant, plans: Plans,
        rejected: Rejected?, counts: Counts, next: Next?, stateDirectory: String, control: Control,
        outbox: Outbox = Outbox(routes: 0, counts: OutboxCounts()), pace: PaceSummary? = nil,
        cluster: Cluster? = nil
    ) {
        daemon = "editoriald"
        self.version = version
        self.protocol = ControlProtocol.version
        self.pid = pid
        self.started = started
        uptimeSeconds = now.seconds - started.seconds
        self.now = now
        self.nowLocal = nowLocal
        self.plans = plans
        self.rejected = rejected
        self.counts = counts
        self.next = next
        self.stateDirectory = stateDirectory
        self.control = control
        self.outbox = outbox
        self.pace = pace
        self.cluster = cluster
    }
}
