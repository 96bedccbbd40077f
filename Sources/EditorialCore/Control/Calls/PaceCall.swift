/// `pace`: how each page and owner kept pace with the plans over the last weeks.
public struct PaceCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = PaceReply

    /// Weeks in the window, the current one included (1 to `maxWeeks`; default 8).
    public var weeks: Int?
    /// Only this page: a page key, a qualified channel id or a network.
    public var channel: String?
    /// Only this owner's production items (pages are left out).
    public var owner: String?
    /// How late a publish may be and still count as on time, in seconds (default: the daemon's `pace.tolerance`).
    public var tolerance: Int64?

    /// The most weeks a window may have.
    public static let maxWeeks = 52
    /// The default window.
    public static let defaultWeeks = 8

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case weeks, channel, owner, tolerance
    }

    /// `pace`.
    public var command: ControlCommand { .pace }

    /// Creates a call.
    public init(weeks: Int? = nil, channel: String? = nil, owner: String? = nil, tolerance: Int64? = nil) {
        self.weeks = weeks
        self.channel = channel
        self.owner = owner
        self.tolerance = tolerance
    }

    /// Reads and checks the arguments.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        weeks = try request.optionalInt(CodingKeys.weeks.rawValue, in: 1...Int64(Self.maxWeeks)).map(Int.init)
        channel = try request.optionalString(CodingKeys.channel.rawValue)
        owner = try request.optionalString(CodingKeys.owner.rawValue)
        tolerance = try request.optionalInt(CodingKeys.tolerance.rawValue, in: 0...(7 * 86_400))
    }

    /// The window asked for, or the default.
    public var windowWeeks: Int { weeks ?? Self.defaultWeeks }
}
