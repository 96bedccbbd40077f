import EditorialCore

/// What the daemon plugs into the control server. Both closures run on the daemon's state queue, so a reply
/// reflects one consistent state.
public struct ControlHandler: Sendable {
    /// What a request comes to: a typed result (encoded on the server's queue) or a failure.
    public typealias Outcome = Result<any Encodable & Sendable, ControlFailure>

    /// Answers an authorized request by calling `reply` once, on the state queue, now or later (a reload replies
    /// once its checks have run). The peer's user name is only looked up when a change needs it.
    public var answer: @Sendable (ControlRequest, PeerCredentials, @escaping @Sendable (Outcome) -> Void) -> Void
    /// Told about each refused state change (to log and audit it).
    public var refused: @Sendable (ControlRequest, PeerCredentials) -> Void

    /// Creates a handler.
    public init(
        answer: @escaping @Sendable (ControlRequest, PeerCredentials, @escaping @Sendable (Outcome) -> Void) -> Void,
        refused: @escaping @Sendable (ControlRequest, PeerCredentials) -> Void
    ) {
        self.answer = answer
        self.refused = refused
    }
}
