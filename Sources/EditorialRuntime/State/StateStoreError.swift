/// Why the state store cannot be opened or used; every message names the file or directory.
public enum StateStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The state directory is missing and cannot be created (or is not a directory).
    case cannotCreateDirectory(path: String, reason: String)
    /// The database file cannot be opened or written (permissions, read-only file system, a directory in its place).
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not an SQLite database.
    case notADatabase(path: String)
    /// The database was migrated by a newer editoriald; this one refuses to touch it.
    case newerSchema(path: String, unknownMigrations: [String])
    /// An SQLite or PostgreSQL error while reading or writing an open store.
    case database(path: String, reason: String)
    /// The database server cannot be reached (refused, gone, not answering): a later call may succeed.
    case unreachable(location: String, reason: String)
    /// The state settings cannot be used as given (a password in the connection string, a missing password file).
    case badSettings(location: String, reason: String)

    /// A message for the operator.
    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            "cannot create the state directory \(path): \(reason)"
        case .cannotOpen(let path, let reason):
            "cannot open the state database \(path): \(reason)"
        case .notADatabase(let path):
            "\(path) is not an SQLite database; move it away or point editoriald at another state directory"
        case .newerSchema(let path, let unknown):
            "the state database \(path) was written by a newer editoriald (unknown migrations: "
                + "\(unknown.joined(separator: ", "))); refusing to open it, upgrade editoriald instead"
        case .database(let path, let reason):
            "state database \(path): \(reason)"
        case .unreachable(let location, let reason):
            "cannot reach the state database \(location): \(reason)"
        case .badSettings(let location, let reason):
            "state database \(location): \(reason)"
        }
    }
}
