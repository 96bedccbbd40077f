import EditorialCore

/// What the daemon plugs into the control server. Both closures run on the daemon's state queue, so a reply
/// reflects one consistent state.
public struct ControlHandler: Sendable {
    /// Answers an authorized request with a result object or a failure.
    public var answer: @Sendable (ControlRequest, PeerCredentials) -> Result<JSONValue, ControlFailure>
    /// Told about each refused state change (to log and audit it).
    public var refused: @Sendable (ControlRequest, PeerCredentials) -> Void

    /// Creates a handler.
    public init(
        answer: @escaping @Sendable (ControlRequest, PeerCredentials) -> Result<JSONValue, ControlFailure>,
        refused: @escaping @Sendable (ControlRequest, PeerCredentials) -> Void
    ) {
        self.answer = answer
        self.refused = refused
    }
}
