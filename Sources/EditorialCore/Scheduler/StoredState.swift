/// What the daemon's store remembers, handed to the scheduler at start.
public struct StoredState: Hashable, Sendable {
    /// Fired keys with the instant each was scheduled for (a moved item's reminders fire again).
    public var fired: [String: Int64]
    /// Recorded progress and snoozes by item id.
    public var states: [String: ItemState]
    /// Items announced blocked, with what blocked them.
    public var announced: [String: String]
    /// The last moment processed before the daemon stopped, `nil` on a first start.
    public var processedThrough: Int64?

    /// Creates a stored state (empty by default: a first start).
    public init(
        fired: [String: Int64] = [:], states: [String: ItemState] = [:], announced: [String: String] = [:],
        processedThrough: Int64? = nil
    ) {
        self.fired = fired
        self.states = states
        self.announced = announced
        self.processedThrough = processedThrough
    }
}
