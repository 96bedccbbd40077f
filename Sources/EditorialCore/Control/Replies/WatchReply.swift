/// The reply to `watch`: from now on the connection carries only events.
public struct WatchReply: Codable, Hashable, Sendable {
    /// Always true.
    public var watching: Bool

    /// The reply.
    public init() { watching = true }
}
