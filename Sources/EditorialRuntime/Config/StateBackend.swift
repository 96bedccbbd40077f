import EditorialCore
import Foundation

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
    /// This daemon's name among those sharing the database (`node:`; the host name by default): the lease's
    /// holder, the name in `status`.
    public var node: String = PostgresSettings.hostName
    /// How long the scheduler lease lasts without a renewal (seconds): a dead leader is replaced within about
    /// this plus `renew`.
    public var lease: Int64 = 10
    /// How often the leader renews its lease and a follower looks for a free one (seconds).
    public var renew: Int64 = 3

    /// The database, for messages: `postgresql://user@host:port/dbname`, never the password.
    public var location: String { PostgreSQLStateStore.describe(connection) }

    /// Settings for `connection`.
    public init(connection: String, password: SecretSource? = nil, timeout: Int64 = 10) {
        self.connection = connection
        self.password = password
        self.timeout = timeout
    }

    /// The host name (`gethostname(2)`), the default node name.
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "editoriald" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "editoriald" : name
    }
}
