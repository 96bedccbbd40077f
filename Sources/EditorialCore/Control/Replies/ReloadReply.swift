/// The reply to `reload`: whether the plans on disk were accepted, what changed, or the errors that kept the
/// last good plans in force (the reply is a success either way).
public struct ReloadReply: Codable, Hashable, Sendable {
    /// Ids of one kind of change: how many, and the first few.
    public struct ChangedIDs: Codable, Hashable, Sendable {
        /// How many.
        public var count: Int
        /// The first `ReloadReply.idsShown`.
        public var first: [String]

        /// Counts `ids` and keeps the first few.
        public init(_ ids: [String]) {
            count = ids.count
            first = Array(ids.prefix(ReloadReply.idsShown))
        }
    }

    /// What a reload added, removed, moved or edited.
    public struct Changes: Codable, Hashable, Sendable {
        /// Items new in the plans.
        public var added: ChangedIDs
        /// Items gone.
        public var removed: ChangedIDs
        /// Items whose due time changed.
        public var moved: ChangedIDs
        /// Items otherwise changed.
        public var edited: ChangedIDs

        /// The counts of `changes`.
        public init(_ changes: PlanChanges) {
            added = ChangedIDs(changes.added)
            removed = ChangedIDs(changes.removed)
            moved = ChangedIDs(changes.moved)
            edited = ChangedIDs(changes.edited)
        }
    }

    /// Errors listed at most.
    public static let errorsShown = 50
    /// Ids listed per kind of change at most.
    public static let idsShown = 20

    /// Whether the new plans are in force.
    public var accepted: Bool
    /// Files read.
    public var files: Int
    /// Seconds the load took, to the millisecond.
    public var seconds: Double
    /// Warnings found (the reader's and the strategy checks').
    public var warnings: Int
    /// The first errors.
    public var errors: [DiagnosticEntry]
    /// How many errors in all.
    public var errorCount: Int
    /// Plans in force after the reload.
    public var runningPlans: Int
    /// Since when they are in force.
    public var runningSince: Instant
    /// Accepted only: plans loaded.
    public var plans: Int?
    /// Accepted only: what changed.
    public var changes: Changes?
    /// Accepted only: `N added, N removed, N moved, N edited`.
    public var summary: String?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case accepted, files, seconds, warnings, errors
        case errorCount = "error_count"
        case runningPlans = "running_plans"
        case runningSince = "running_since"
        case plans, changes, summary
    }

    /// The outcome of `load`: `changes` when it was accepted; `warnings` counted by the caller (the checks run
    /// after the load); `running` the plans in force afterwards and since when.
    public init(load: PlanLoad, changes: PlanChanges?, warnings: Int, runningPlans: Int, runningSince: Int64) {
        accepted = load.accepted
        files = load.files.count
        seconds = (load.seconds * 1000).rounded() / 1000
        self.warnings = warnings
        errors = load.errors.prefix(Self.errorsShown).map(DiagnosticEntry.init)
        errorCount = load.errors.count
        self.runningPlans = runningPlans
        self.runningSince = Instant(runningSince)
        if let changes {
            plans = load.planSet.plans.count
            self.changes = Changes(changes)
            summary = changes.summary
        }
    }
}
