/// `ack`: acknowledge a fired reminder, due notice, overdue warning or block by its key.
public struct AckCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = AckReply

    /// `ITEM!LEAD`, `ITEM!overdue` or `ITEM!blocked`.
    public var key: String

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case key
    }

    /// `ack`.
    public var command: ControlCommand { .ack }

    /// Creates a call.
    public init(key: String) { self.key = key }

    /// Reads and checks the argument.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        key = try request.string(CodingKeys.key.rawValue)
    }
}
