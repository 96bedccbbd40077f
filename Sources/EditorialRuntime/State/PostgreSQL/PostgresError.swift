/// A failure of one PostgreSQL call: the server's SQLSTATE and message, or libpq's own message when the server
/// was never reached or went away.
struct PostgresError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE when the server answered with an error (`23505` a unique violation, …).
    var sqlState: String?
    /// The server's or libpq's message, one line.
    var message: String
    /// Whether the connection is gone (refused, reset, timed out): the call may succeed on a new connection.
    var connectionLost: Bool

    /// The message, with the SQLSTATE when there is one.
    var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }
}
