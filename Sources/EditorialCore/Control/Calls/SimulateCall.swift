/// `simulate`: a dry run of the daemon from where it stands — every entry it would send in `[from, to)`, with a
/// downtime if asked — a page at a time. It changes nothing.
public struct SimulateCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = SimulationPage

    /// The start of the window (the daemon's clock if earlier).
    public var from: Instant
    /// The end of the window (excluded).
    public var to: Instant
    /// The daemon stops here …
    public var downFrom: Instant?
    /// … and starts again here, catching up.
    public var downUntil: Instant?
    /// Entries per page (1 to `Simulation.maxPage`, the default).
    public var limit: Int?
    /// The previous page's `next`.
    public var cursor: String?

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case from, to, limit, cursor
        case downFrom = "down_from"
        case downUntil = "down_until"
    }

    /// `simulate`.
    public var command: ControlCommand { .simulate }

    /// Creates a call.
    public init(
        from: Instant, to: Instant, downFrom: Instant? = nil, downUntil: Instant? = nil, limit: Int? = nil,
        cursor: String? = nil
    ) {
        self.from = from
        self.to = to
        self.downFrom = downFrom
        self.downUntil = downUntil
        self.limit = limit
        self.cursor = cursor
    }

    /// Reads and checks the arguments.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        func required(_ key: CodingKeys) throws(ControlFailure) -> Instant {
            guard let value = try request.instant(key.rawValue) else {
                throw ControlFailure(.badArgument, "'simulate' needs \"\(key.rawValue)\"")
            }
            return value
        }
        from = try required(.from)
        to = try required(.to)
        downFrom = try request.instant(CodingKeys.downFrom.rawValue)
        downUntil = try request.instant(CodingKeys.downUntil.rawValue)
        guard (downFrom == nil) == (downUntil == nil) else {
            throw ControlFailure(.badArgument, "\"down_from\" and \"down_until\" go together")
        }
        if let downFrom, let downUntil, downUntil <= downFrom {
            throw ControlFailure(.badArgument, "\"down_until\" must be after \"down_from\"")
        }
        limit = try request.optionalInt(CodingKeys.limit.rawValue, in: 1...Int64(Simulation.maxPage)).map(Int.init)
        cursor = try request.optionalString(CodingKeys.cursor.rawValue)
        if let cursor, SimulationCursor(text: cursor) == nil {
            throw ControlFailure(.badArgument, "\"cursor\" is not one this daemon gave: '\(cursor)'")
        }
    }

    /// The downtime asked for.
    public var down: Range<Int64>? {
        guard let downFrom, let downUntil, downUntil > downFrom else { return nil }
        return downFrom.seconds..<downUntil.seconds
    }

    /// The page size asked for, or the default.
    public var pageSize: Int { limit ?? Simulation.maxPage }
}
