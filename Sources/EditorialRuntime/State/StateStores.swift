import Foundation

/// Opens the state store the configuration names.
public enum StateStores {
    /// The daemon's store: SQLite in the state directory, or the PostgreSQL database of `state:` (shared with the
    /// other daemons on it, announcing this node's changes to them). The state directory is made in both cases: it holds the sent log and the directory lock.
    public static func open(_ config: DaemonConfig, environment: [String: String]) throws -> any StateStore {
        switch config.stateBackend {
        case .sqlite:
            return try SQLiteStateStore(directory: config.stateDirectory)
        case .postgresql(let settings):
            try SQLiteStateStore.makeDirectory(config.stateDirectory)
            return try PostgreSQLStateStore(
                settings: settings, lock: .shared, node: settings.node, environment: environment)
        }
    }
}
