/// What the control server has done since start (for `status`).
public struct ControlStatistics: Hashable, Sendable {
    /// Connections accepted.
    public var accepted = 0
    /// Replies written (successes and errors).
    public var replies = 0
    /// Lines that were not valid requests.
    public var malformed = 0
    /// State changes refused to unprivileged peers.
    public var refused = 0
    /// Connections open now.
    public var open = 0
    /// Watchers connected now.
    public var watching = 0
    /// Whether any watcher is connected (kept up to date by the server's queue).
    var watchersHint = false

    /// Creates zeroed statistics.
    public init() {}
}
