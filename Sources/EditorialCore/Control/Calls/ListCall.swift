/// `overdue` or `blocked`: one page of the list.
public struct ListCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = ListPage

    /// `overdue` or `blocked`.
    public var command: ControlCommand
    /// Items per page.
    public var limit: Int?
    /// The previous page's `next_cursor`.
    public var cursor: String?

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case limit, cursor
    }

    /// Creates a call of `command` (`overdue` or `blocked`).
    public init(_ command: ControlCommand, limit: Int? = nil, cursor: String? = nil) {
        precondition(command == .overdue || command == .blocked, "a list is overdue or blocked")
        self.command = command
        self.limit = limit
        self.cursor = cursor
    }

    /// Reads and checks the arguments.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        command = request.command
        limit = try request.limit(CodingKeys.limit.rawValue)
        cursor = try request.optionalString(CodingKeys.cursor.rawValue)
    }

    /// Writes the arguments (the command is the request's `cmd`, not an argument).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(limit, forKey: .limit)
        try c.encodeIfPresent(cursor, forKey: .cursor)
    }
}
