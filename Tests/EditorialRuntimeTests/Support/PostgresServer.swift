import Foundation

@testable import EditorialRuntime

/// A real PostgreSQL server for the tests (`Tests/Fixtures/postgres-server.sh`): `initdb` into a temporary directory,
/// the server on a Unix socket there, stopped and removed when the test process ends (its script's standard input
/// closes). One server per test process, started at first use; each test gets a database of its own. Immutable
/// once made (the fixture process is only kept alive), hence `@unchecked Sendable`.
final class PostgresServer: @unchecked Sendable {
    /// The directory holding the socket (and the data directory, `data/`).
    let directory: String
    /// The port in the socket's name.
    let port: Int
    private let server: FixtureServer

    /// The process's server, started on first use (about 2 s).
    static let shared: Result<PostgresServer, any Error> = Result { try PostgresServer() }

    private init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "editoriald-pg-\(UUID().uuidString)"
        )
        .path
        self.directory = directory
        // Made here so that the fixture's log can live inside it; the script removes it all at the end.
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        server = try FixtureServer(
            interpreter: "/bin/bash", script: "postgres-server.sh", arguments: [directory],
            errorLog: directory + "/fixture.log", timeout: .seconds(120))
        port = server.port
    }

    /// A libpq connection string for `database` as the superuser `postgres`.
    func connection(database: String = "postgres", user: String = "postgres") -> String {
        "host=\(directory) port=\(port) dbname=\(database) user=\(user)"
    }

    /// Creates an empty database with a fresh name and returns the settings that reach it.
    func freshDatabase() throws -> PostgresSettings {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try run("CREATE DATABASE \(name)")
        return PostgresSettings(connection: connection(database: name))
    }

    /// Runs SQL as the superuser, in the database `connection` names (the server's own by default).
    func run(_ sql: String, connection: String? = nil) throws {
        let target = connection ?? self.connection()
        let session = try PostgresConnection(parameters: { [("dbname", target)] }, timeout: 30)
        try session.executeScript(sql)
    }

    /// Makes `role` log in with its password (scram-sha-256) over the socket; every other role stays trusted.
    func requirePassword(for role: String) throws {
        let hba = directory + "/data/pg_hba.conf"
        let text = try String(contentsOfFile: hba, encoding: .utf8)
        try ("local all \(role) scram-sha-256\n" + text).write(toFile: hba, atomically: false, encoding: .utf8)
        try run("SELECT pg_reload_conf()")
        // The postmaster rereads the file when it gets to the signal: wait (bounded) until a login without the
        // password is refused.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            do {
                _ = try PostgresConnection(
                    parameters: { [("dbname", self.connection(user: role))] }, timeout: 5)
            } catch {
                if error.message.contains("password") { return }
            }
        }
        throw FixtureServer.Failure(description: "the server did not apply the new pg_hba.conf within 30 s")
    }

    /// The server process's id (the postmaster), from its pid file.
    var postmasterPID: pid_t? {
        let text = try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8)
        return text?.split(separator: "\n").first.flatMap { pid_t($0) }
    }
}
