/// `retry`: send a dead (or waiting) delivery again now, with a fresh retry bound and the same idempotency key.
public struct RetryCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = RetryReply

    /// The delivery's outbox id (the member is `delivery`: `id` is the request's correlation id).
    public var delivery: Int64

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case delivery
    }

    /// `retry`.
    public var command: ControlCommand { .retry }

    /// Creates a call.
    public init(delivery: Int64) { self.delivery = delivery }

    /// Reads and checks the argument.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        guard let id = try request.optionalInt(CodingKeys.delivery.rawValue, in: 1...Int64.max) else {
            throw ControlFailure(.badArgument, "'retry' needs \"delivery\" (a delivery's id, from 'outbox')")
        }
        delivery = id
    }
}
