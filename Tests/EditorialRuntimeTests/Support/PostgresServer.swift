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

    /// A server of its own (about 2 s), for a test that restarts or stops it; `shared` serves the others.
    init() throws {
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

    /// Restarts the server (`pg_ctl restart -m fast`: every session is ended, then the server comes back on the same
    /// socket), waiting for it to accept connections again.
    func restart() throws {
        let bin = try Self.binaries()
        let argv =
            ["/usr/bin/setpriv"] + (geteuid() == 0 ? ["--reuid=postgres", "--regid=postgres", "--init-groups"] : [])
            + [
                bin + "/pg_ctl", "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "-m",
                "fast", "restart",
            ]
        // posix_spawn and waitpid, not Process: pg_ctl leaves the new server behind, which Foundation's wait for
        // the child's end was seen to hang on.
        var pid: pid_t = 0
        var arguments = argv.map { strdup($0) } + [nil]
        defer { for a in arguments { free(a) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, directory + "/pg_ctl.log", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard posix_spawn(&pid, argv[0], &actions, nil, &arguments, environ) == 0 else {
            throw FixtureServer.Failure(description: "cannot run pg_ctl: \(String(cString: strerror(errno)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            throw FixtureServer.Failure(description: "pg_ctl restart failed (wait status \(status))")
        }
    }

    /// Sends `signal` to every process of the server: the postmaster and each backend (SIGSTOP blocks the whole
    /// server, sessions already open included; SIGCONT lets it go on).
    func signalAll(_ signal: Int32) {
        guard let postmaster = postmasterPID else { return }
        var pids = [postmaster]
        let children =
            (try? String(contentsOfFile: "/proc/\(postmaster)/task/\(postmaster)/children", encoding: .utf8)) ?? ""
        pids += children.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        for pid in pids { kill(pid, signal) }
    }

    /// The directory of the newest PostgreSQL's programs.
    static func binaries() throws -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw FixtureServer.Failure(description: "no PostgreSQL under /usr/lib/postgresql")
        }
        return "/usr/lib/postgresql/\(newest)/bin"
    }

    /// The server process's id (the postmaster), from its pid file.
    var postmasterPID: pid_t? {
        let text = try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8)
        return text?.split(separator: "\n").first.flatMap { pid_t($0) }
    }
}
