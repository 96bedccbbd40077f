/// The reply to `export`: the calendar text and what it holds.
public struct ExportReply: Codable, Hashable, Sendable {
    /// The VCALENDAR, CRLF line ends, folded at 75 octets.
    public var calendar: String
    /// Events (slot masters, overrides and posts) in it.
    public var events: Int
    /// To-dos (production items, preparations, renewals) in it.
    public var todos: Int

    /// Creates a reply.
    public init(calendar: String, events: Int, todos: Int) {
        self.calendar = calendar
        self.events = events
        self.todos = todos
    }
}
