import Foundation

/// `editoriald migrate-state`: the whole state copied from one store into another that holds none yet, in one
/// transaction on the target, then read back from both and compared row by row.
public enum StateCopy {
    /// Why the state could not be copied.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// A message for the operator.
        public var description: String
    }

    /// What was copied: rows per table, in the copying order.
    public struct Report: Equatable, Sendable {
        /// Table name and row count.
        public var tables: [String: Int]
        /// Rows in all tables.
        public var total: Int { tables.values.reduce(0, +) }
    }

    /// Copies everything `source` holds into `target`, which must hold nothing; throws without changing the target
    /// when it is not empty or a write fails, and when what the target holds afterwards differs from the source.
    public static func copy(from source: any StateStore, to target: any StateStore) throws -> Report {
        guard let from = source as? any StateTableAccess, let to = target as? any StateTableAccess else {
            throw Failure(description: "these stores cannot be copied between")
        }
        for table in StateTables.all {
            let count = try to.rows(of: table).count
            guard count == 0 else {
                throw Failure(
                    description:
                        "\(target.location) already holds state (\(count) rows in \(table.name)); refusing to mix two "
                        + "states: copy into an empty database or state directory")
            }
        }
        var contents: [(StateTables.Table, [[String?]])] = []
        for table in StateTables.all { contents.append((table, try from.rows(of: table))) }
        try to.insert(contents)
        var report = Report(tables: [:])
        for (table, rows) in contents {
            let copied = try to.rows(of: table)
            guard copied == rows else {
                let first = zip(rows, copied).first { $0.0 != $0.1 }
                throw Failure(
                    description:
                        "the copy of \(table.name) differs from its source (\(rows.count) rows, \(copied.count) copied"
                        + (first.map {
                            "; first difference: \($0.0.map { $0 ?? "NULL" }) became \($0.1.map { $0 ?? "NULL" })"
                        }
                            ?? "") + ")")
            }
            report.tables[table.name] = rows.count
        }
        return report
    }

    /// Which way `migrate` copies.
    public enum Direction: String, Sendable, CaseIterable {
        /// From the state directory's SQLite file into the configured PostgreSQL database.
        case postgresql
        /// From the configured PostgreSQL database into the state directory's SQLite file.
        case sqlite
    }

    /// `editoriald migrate-state --to DIRECTION`: opens both sides as a daemon would (the state directory's lock,
    /// the database's advisory lock, so that neither is in use by a running daemon) and copies.
    public static func migrate(_ config: DaemonConfig, to direction: Direction, environment: [String: String])
        throws -> (report: Report, from: String, to: String)
    {
        guard case .postgresql(let settings) = config.stateBackend else {
            throw Failure(
                description:
                    "migrate-state needs the PostgreSQL database in the config file (state: {backend: postgresql, "
                    + "connection: …}), whichever way it copies")
        }
        try SQLiteStateStore.makeDirectory(config.stateDirectory)
        let lock = try StateDirectoryLock(directory: config.stateDirectory)
        defer { lock.release() }
        let sqlite = try SQLiteStateStore(directory: config.stateDirectory)
        defer { try? sqlite.close() }
        let postgres = try PostgreSQLStateStore(settings: settings, lock: .exclusive, environment: environment)
        defer { try? postgres.close() }
        let (source, target): (any StateStore, any StateStore) =
            direction == .postgresql ? (sqlite, postgres) : (postgres, sqlite)
        return (try copy(from: source, to: target), source.location, target.location)
    }

    /// A value as this copy carries it, from a database's text: booleans as `1`/`0` whatever the database wrote.
    static func normalized(_ value: String?, _ kind: StateTables.Kind) -> String? {
        guard let value, kind == .boolean else { return value }
        return value == "t" || value == "true" || value == "1" ? "1" : "0"
    }
}
