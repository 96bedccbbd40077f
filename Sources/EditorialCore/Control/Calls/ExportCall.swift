/// `export`: the plans as one iCalendar document (RFC 5545), with the recorded states, optionally of one plan,
/// channel or owner and of a window.
public struct ExportCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = ExportReply

    /// Only items due at or after this instant (a slot is kept whole when any occurrence is).
    public var from: Instant?
    /// Only items due before this instant.
    public var to: Instant?
    /// Only items on this channel (an id, `plan/id`, or a network).
    public var channel: String?
    /// Only items of this owner.
    public var owner: String?
    /// Only items of this plan.
    public var plan: String?
    /// One VALARM per lead time.
    public var alarms: Bool

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case from, to, channel, owner, plan, alarms
    }

    /// `export`.
    public var command: ControlCommand { .export }

    /// Creates a call.
    public init(
        from: Instant? = nil, to: Instant? = nil, channel: String? = nil, owner: String? = nil, plan: String? = nil,
        alarms: Bool = false
    ) {
        self.from = from
        self.to = to
        self.channel = channel
        self.owner = owner
        self.plan = plan
        self.alarms = alarms
    }

    /// Reads and checks the arguments.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        from = try request.instant(CodingKeys.from.rawValue)
        to = try request.instant(CodingKeys.to.rawValue)
        channel = try request.optionalString(CodingKeys.channel.rawValue)
        owner = try request.optionalString(CodingKeys.owner.rawValue)
        plan = try request.optionalString(CodingKeys.plan.rawValue)
        alarms = try request.flag(CodingKeys.alarms.rawValue)
        if let from, let to, to.seconds <= from.seconds {
            throw ControlFailure(.badArgument, "\"to\" must be after \"from\"")
        }
    }

    /// The filter this call asks for.
    public var filter: CalendarFilter {
        CalendarFilter(plan: plan, channel: channel, owner: owner, from: from?.seconds, to: to?.seconds)
    }

    /// Encodes the call; `alarms` only when set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(from, forKey: .from)
        try c.encodeIfPresent(to, forKey: .to)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encodeIfPresent(owner, forKey: .owner)
        try c.encodeIfPresent(plan, forKey: .plan)
        if alarms { try c.encode(true, forKey: .alarms) }
    }
}
