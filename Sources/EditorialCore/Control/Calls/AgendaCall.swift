/// `agenda`: one page of the items due in `[from, to)`, optionally of one channel or plan.
public struct AgendaCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = AgendaPage

    /// The start of the window; the daemon's default is the start of today in the team's zone.
    public var from: Instant?
    /// The end of the window (excluded); default `from` + 7 days.
    public var to: Instant?
    /// Only items on this channel (an id, `plan/id`, or a network).
    public var channel: String?
    /// Only items of this plan.
    public var plan: String?
    /// Items per page.
    public var limit: Int?
    /// The previous page's `next_cursor`.
    public var cursor: String?

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case from, to, channel, plan, limit, cursor
    }

    /// `agenda`.
    public var command: ControlCommand { .agenda }

    /// Creates a call.
    public init(
        from: Instant? = nil, to: Instant? = nil, channel: String? = nil, plan: String? = nil, limit: Int? = nil,
        cursor: String? = nil
    ) {
        self.from = from
        self.to = to
        self.channel = channel
        self.plan = plan
        self.limit = limit
        self.cursor = cursor
    }

    /// Reads and checks the arguments.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        from = try request.instant(CodingKeys.from.rawValue)
        to = try request.instant(CodingKeys.to.rawValue)
        channel = try request.optionalString(CodingKeys.channel.rawValue)
        plan = try request.optionalString(CodingKeys.plan.rawValue)
        limit = try request.limit(CodingKeys.limit.rawValue)
        cursor = try request.optionalString(CodingKeys.cursor.rawValue)
    }
}
