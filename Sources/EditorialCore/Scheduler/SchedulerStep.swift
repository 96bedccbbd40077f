/// The outcome of one scheduler step: entries to send, then what to record, in one store transaction.
public struct SchedulerStep: Hashable, Sendable {
    /// Entries to send, in order.
    public var events: [SchedulerEvent] = []
    /// Keys to record as fired (the sent ones and the ones folded into them).
    public var firings: [Firing] = []
    /// Items newly announced blocked, with their first blocker.
    public var announce: [String: String] = [:]
    /// Items no longer announced blocked.
    public var unannounce: [String] = []
    /// Present when the step caught up after a gap.
    public var catchUp: CatchUpSummary?
    /// Set when the wall clock went backwards: from where to where (epoch seconds).
    public var clockWentBack: ClockJump?
    /// The last moment processed after this step.
    public var processedThrough: Int64 = 0

    /// A wall-clock jump.
    public struct ClockJump: Hashable, Sendable {
        /// The last moment processed before the jump.
        public var from: Int64
        /// The clock's reading after it.
        public var to: Int64
    }

    /// An empty step.
    public init() {}

    /// True when there is nothing to send or record.
    public var isEmpty: Bool { events.isEmpty && firings.isEmpty && announce.isEmpty && unannounce.isEmpty }
}
