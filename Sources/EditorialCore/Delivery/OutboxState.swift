/// Where one delivery stands in the outbox.
public enum OutboxState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Queued, not tried yet.
    case pending
    /// Tried and failed; tried again at its next attempt.
    case retrying
    /// Given up on (its retry bound passed, or the failure was permanent); `outbox retry ID` revives it.
    case dead
    /// The receiver took it.
    case delivered

    /// Whether the worker still has to send it.
    public var isOpen: Bool { self == .pending || self == .retrying }
}
