/// `outbox`: the deliveries, newest first, optionally in one state, a page at a time.
public struct OutboxCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = OutboxPage

    /// Only deliveries in this state.
    public var state: OutboxState?
    /// Only deliveries with an id below this one (the previous page's `next`).
    public var before: Int64?
    /// At most this many (default 50).
    public var limit: Int?

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case state, before, limit
    }

    /// `outbox`.
    public var command: ControlCommand { .outbox }

    /// Creates a call.
    public init(state: OutboxState? = nil, before: Int64? = nil, limit: Int? = nil) {
        self.state = state
        self.before = before
        self.limit = limit
    }

    /// Reads and checks the arguments.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        if let text = try request.optionalString(CodingKeys.state.rawValue) {
            guard let state = OutboxState(rawValue: text) else {
                let names = OutboxState.allCases.map(\.rawValue).joined(separator: ", ")
                throw ControlFailure(.badArgument, "\"state\" must be one of \(names), not \"\(text)\"")
            }
            self.state = state
        }
        before = try request.optionalInt(CodingKeys.before.rawValue, in: 1...Int64.max)
        limit = try request.limit(CodingKeys.limit.rawValue)
    }

    /// The page size asked for, or the default.
    public var pageSize: Int { limit ?? 50 }
}
