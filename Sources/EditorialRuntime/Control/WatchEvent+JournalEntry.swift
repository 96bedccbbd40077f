import EditorialCore

extension WatchEvent {
    /// The `watch` form of a journal entry, sent at `now`: every entry the daemon journals with a `MESSAGE_ID`
    /// (reminders, due, overdue, blocked and unblocked posts, reloads, rejected plans, state changes, refusals,
    /// clock changes, start and stop) is also an event, with the same message and fields.
    public init(_ entry: JournalEntry, at now: Int64) {
        self.init(
            type: entry.messageID.map(Self.type) ?? "log", at: Instant(now), priority: Int(entry.priority.rawValue),
            message: entry.message, fields: entry.fields.map { ($0.name, $0.value) })
    }

    /// The event type of a message id: `reminder`, `due`, `overdue`, `blocked`, `unblocked`, `renewal`,
    /// `plans-loaded`, `plans-rejected`, `catch-up`, `started`, `stopping`, `clock-changed`, `state-changed`,
    /// `refused`, `delivery-dead`, `digest`, `pace`, `leadership`, `cluster-problem`.
    public static func type(_ id: MessageID) -> String {
        switch id {
        case .reminder: "reminder"
        case .due: "due"
        case .overdue: "overdue"
        case .blocked: "blocked"
        case .unblocked: "unblocked"
        case .renewal: "renewal"
        case .plansLoaded: "plans-loaded"
        case .plansRejected: "plans-rejected"
        case .catchUp: "catch-up"
        case .started: "started"
        case .stopping: "stopping"
        case .clockChanged: "clock-changed"
        case .stateChanged: "state-changed"
        case .controlRefused: "refused"
        case .deliveryDead: "delivery-dead"
        case .digest: "digest"
        case .pace: "pace"
        case .leadership: "leadership"
        case .clusterProblem: "cluster-problem"
        }
    }
}
