import EditorialCore

/// Where the daemon keeps its state (`state:` in the config file): the embedded SQLite file in the state
/// directory (the default), or a PostgreSQL database shared by several daemons.
public enum StateBackend: Hashable, Sendable {
    /// `state.sqlite` in the state directory.
    case sqlite
    /// A PostgreSQL database.
    case postgresql(PostgresSettings)
}

/// How to reach the PostgreSQL state database (`state: {backend: postgresql, …}`).
public struct PostgresSettings: Hashable, Sendable {
    /// A libpq connection string, keyword/value (`host=db.example.com dbname=editoriald sslmode=verify-full`) or
    /// a URI (`postgresql://editoriald@db.example.com/editoriald?sslmode=verify-full`); never the password.
    public var connection: String
    /// Where the password is read from, at each connection (a rotated password is picked up); nil: none, or
    /// libpq's own ways (`passfile`, `~/.pgpass`, a client certificate).
    public var password: SecretSource?
    /// How long one statement may go unanswered before the connection is given up (seconds).
    public var timeout: Int64 = 10

    /// The database, for messages: `postgresql://user@host:port/dbname`, never the password.
    public var location: String { PostgreSQLStateStore.describe(connection) }

    /// Settings for `connection`.
    public init(connection: String, password: SecretSource? = nil, timeout: Int64 = 10) {
        self.connection = connection
        self.password = password
        self.timeout = timeout
    }
}
