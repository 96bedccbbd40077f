/// `status`, `reload` or `watch`: a command without arguments. The reply type tells them apart.
public struct BareCall<Reply: Codable & Sendable>: ControlCall, Hashable {
    /// The command.
    public var command: ControlCommand

    init(_ command: ControlCommand) { self.command = command }

    /// Reads the call (it has no arguments to check).
    public init(_ request: ControlRequest) throws(ControlFailure) { command = request.command }

    /// Writes no arguments.
    public func encode(to encoder: any Encoder) throws { _ = encoder.container(keyedBy: NoKeys.self) }

    private enum NoKeys: CodingKey {}
}

/// `status`: the daemon, its plans, counts and the next event.
public typealias StatusCall = BareCall<StatusReply>
/// `reload`: re-read the plans now and reply with the outcome.
public typealias ReloadCall = BareCall<ReloadReply>
/// `watch`: turn the connection into an event stream.
public typealias WatchCall = BareCall<WatchReply>

extension BareCall where Reply == StatusReply {
    /// `status`.
    public init() { self.init(.status) }
}

extension BareCall where Reply == ReloadReply {
    /// `reload`.
    public init() { self.init(.reload) }
}

extension BareCall where Reply == WatchReply {
    /// `watch`.
    public init() { self.init(.watch) }
}
