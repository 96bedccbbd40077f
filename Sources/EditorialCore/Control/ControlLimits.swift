/// The bounds the control server holds every client to, so that no client, careless or hostile, can make the
/// daemon hang, grow without limit or starve others.
public struct ControlLimits: Hashable, Sendable {
    /// Connections served at once; more wait in the listen backlog until one closes.
    public var maxConnections: Int
    /// Connections in `watch` mode at once (they never go idle, so they get their own, smaller, bound).
    public var maxWatchers: Int
    /// Seconds a connection may go without sending a complete request (or, with a reply pending, without
    /// taking any of it) before it is told `timeout` and closed.
    public var idleTimeout: Int
    /// Bytes of unsent replies kept for one connection before it is dropped.
    public var maxPendingOutput: Int
    /// Bytes of unsent events kept for one watcher before it is dropped.
    public var maxWatcherBacklog: Int

    /// The defaults: 256 connections, 64 watchers, 30 s idle, 16 MiB of pending reply, 1 MiB of watch backlog.
    public init(
        maxConnections: Int = 256, maxWatchers: Int = 64, idleTimeout: Int = 30, maxPendingOutput: Int = 16 << 20,
        maxWatcherBacklog: Int = 1 << 20
    ) {
        self.maxConnections = maxConnections
        self.maxWatchers = maxWatchers
        self.idleTimeout = idleTimeout
        self.maxPendingOutput = maxPendingOutput
        self.maxWatcherBacklog = maxWatcherBacklog
    }
}
