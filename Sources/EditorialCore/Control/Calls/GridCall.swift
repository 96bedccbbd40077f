/// `grid`: the agenda of the next days counted by channel and local day, with each cell's first items: the
/// calendar grid of `editorialctl report` in one reply, however many items the days hold.
public struct GridCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = GridReply

    /// Days in the grid, from today in the team's zone (1–62; default 28).
    public var days: Int?
    /// Items each cell names, earliest first (0–10; default 3).
    public var titles: Int?

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case days, titles
    }

    /// `grid`.
    public var command: ControlCommand { .grid }

    /// Creates a call.
    public init(days: Int? = nil, titles: Int? = nil) {
        self.days = days
        self.titles = titles
    }

    /// Reads and checks the arguments.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        days = try request.optionalInt(CodingKeys.days.rawValue, in: 1...62).map(Int.init)
        titles = try request.optionalInt(CodingKeys.titles.rawValue, in: 0...10).map(Int.init)
    }
}
