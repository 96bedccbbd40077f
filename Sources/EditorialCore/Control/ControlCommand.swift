/// The commands of protocol version 1, with the arguments each accepts.
public enum ControlCommand: String, Hashable, Sendable, CaseIterable, Codable {
    /// Daemon version, uptime, plans (and a rejected reload), counts, the next event.
    case status
    /// Items due in a window, with live status; paged.
    case agenda
    /// Open items past due, most late first; paged.
    case overdue
    /// Blocked posts with their chains of blame, worst first; paged.
    case blocked
    /// One item: status, reminders (fired or pending), recorded state, audit history.
    case show
    /// May this post be published now? (`may_publish`, and what blocks it.)
    case gate
    /// The plans as one iCalendar document (RFC 5545), with recorded states.
    case export
    /// Marks a production item, preparation or post done.
    case done
    /// Marks a post published (refused while blocked, unless `force`).
    case publish
    /// Marks an item skipped, with a reason.
    case skip
    /// Silences an item's reminders until an instant.
    case snooze
    /// Reopens an item: clears done, published, skipped and snoozes.
    case reopen
    /// Acknowledges a fired reminder or warning by its key.
    case ack
    /// Re-reads the plans and replies with the outcome.
    case reload
    /// Streams events until the client disconnects.
    case watch
    /// The outbox: deliveries to routes (webhooks, e-mail, commands), newest first, by state.
    case outbox
    /// Sends a dead or waiting delivery again now.
    case retry
    /// How each page and owner kept pace with the plans over the last weeks.
    case pace
    /// The next days of the agenda counted by channel and day, with each cell's first items.
    case grid
    /// A dry run: every entry the daemon would send in a window, from where it stands, without changing anything.
    case simulate

    /// True for commands that change state: only privileged peers may run them.
    public var changesState: Bool {
        switch self {
        case .done, .publish, .skip, .snooze, .reopen, .ack, .reload, .retry: true
        default: false
        }
    }

    /// The argument names the command accepts (besides `v`, `id` and `cmd`), from its call type.
    public var arguments: Set<String> {
        let keys: [String]
        switch self {
        case .status, .reload, .watch: keys = []
        case .agenda: keys = AgendaCall.CodingKeys.allCases.map(\.rawValue)
        case .overdue, .blocked: keys = ListCall.CodingKeys.allCases.map(\.rawValue)
        case .show, .gate: keys = ItemCall<GateReply>.CodingKeys.allCases.map(\.rawValue)
        case .done, .publish, .skip, .snooze, .reopen: keys = ChangeCall.arguments(of: self).map(\.rawValue)
        case .ack: keys = AckCall.CodingKeys.allCases.map(\.rawValue)
        case .export: keys = ExportCall.CodingKeys.allCases.map(\.rawValue)
        case .outbox: keys = OutboxCall.CodingKeys.allCases.map(\.rawValue)
        case .retry: keys = RetryCall.CodingKeys.allCases.map(\.rawValue)
        case .pace: keys = PaceCall.CodingKeys.allCases.map(\.rawValue)
        case .grid: keys = GridCall.CodingKeys.allCases.map(\.rawValue)
        case .simulate: keys = SimulateCall.CodingKeys.allCases.map(\.rawValue)
        }
        return Set(keys)
    }
}
