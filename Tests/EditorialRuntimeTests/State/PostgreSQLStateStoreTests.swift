import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// What only the PostgreSQL store does, against a real server: schema versions, one daemon per database, a shared
/// database seen by two stores, errors that name the database, a server that stops answering or drops the
/// session, and passwords read from a file.
struct PostgreSQLStateStoreTests {
    let server: PostgresServer

    init() throws { server = try PostgresServer.shared.get() }

    func fired(_ key: String, _ scheduled: Int64) -> FiredRecord { Self.fired(key, scheduled) }

    /// A fired reminder of `acme/post` with `key`, scheduled (and fired) at `scheduled`.
    static func fired(_ key: String, _ scheduled: Int64) -> FiredRecord {
        FiredRecord(
            key: key, item: "acme/post", kind: "reminder", scheduled: scheduled, fired: scheduled, catchUp: false)
    }

    @Test func aDatabaseMigratedByANewerEditorialdIsRefused() throws {
        let settings = try server.freshDatabase()
        _ = try PostgreSQLStateStore(settings: settings)
        try server.run("INSERT INTO editoriald_migration (id) VALUES ('v9-future')", connection: settings.connection)
        let error = try #require(throws: StateStoreError.self) { try PostgreSQLStateStore(settings: settings) }
        guard case .newerSchema(let location, let unknown) = error else {
            Issue.record("expected newerSchema, got \(error)")
            return
        }
        #expect(unknown == ["v9-future"])
        #expect(
            location.hasPrefix("postgresql://postgres@[")
                && location.hasSuffix(":\(server.port)/" + Self.name(settings)))
        #expect("\(error)".contains("upgrade editoriald"))
    }

    static func name(_ settings: PostgresSettings) -> String {
        String(settings.connection.split(separator: " ").first { $0.hasPrefix("dbname=") }!.dropFirst(7))
    }

    @Test func storesStartingTogetherMigrateOnceEach() async throws {
        let settings = try server.freshDatabase()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = try PostgreSQLStateStore(settings: settings) } }
            try await group.waitForAll()
        }
        let check = try PostgresConnection(parameters: { [("dbname", settings.connection)] }, timeout: 10)
        #expect(
            try check.execute("SELECT count(*) FROM editoriald_migration").int64(0, 0)
                == Int64(PostgreSQLStateStore.migrations.count))
    }

    @Test func daemonsShareTheDatabaseAndACopyHasItAlone() throws {
        let settings = try server.freshDatabase()
        let daemons = try (0..<2).map { _ in try PostgreSQLStateStore(settings: settings, lock: .shared) }
        let refusedCopy = try #require(throws: StateStoreError.self) {
            try PostgreSQLStateStore(settings: settings, lock: .exclusive)
        }
        #expect("\(refusedCopy)".contains("an editoriald daemon (or another copy) is using this database"))
        for daemon in daemons { try daemon.close() }
        let first = try PostgreSQLStateStore(settings: settings, lock: .exclusive)
        let error = try #require(throws: StateStoreError.self) {
            try PostgreSQLStateStore(settings: settings, lock: .exclusive)
        }
        #expect("\(error)".contains("an editoriald daemon (or another copy) is using this database"))
        let refusedDaemon = try #require(throws: StateStoreError.self) {
            try PostgreSQLStateStore(settings: settings, lock: .shared)
        }
        #expect("\(refusedDaemon)".contains("migrate-state is copying this database"))
        // A store that is not a daemon's (a check, migrate-state) shares the database and sees its writes.
        let other = try PostgreSQLStateStore(settings: settings)
        try first.commit(StoreBatch(fired: [fired("a!PT0S", 5)]), at: 6)
        #expect(try other.firedSchedule(since: 0) == ["a!PT0S": 5])
        try other.commit(StoreBatch(fired: [fired("b!PT0S", 7)]), at: 8)
        #expect(try first.firedSchedule(since: 0) == ["a!PT0S": 5, "b!PT0S": 7])
        // Once the first lets go, another daemon may start.
        try first.close()
        _ = try PostgreSQLStateStore(settings: settings, lock: .exclusive)
    }

    @Test func aPasswordInTheConnectionStringIsRefusedAndAMissingServerIsNamed() throws {
        let inline = PostgresSettings(connection: server.connection() + " password=secret")
        let refused = try #require(throws: StateStoreError.self) { try PostgreSQLStateStore(settings: inline) }
        #expect("\(refused)".contains("must not hold the password"))
        #expect(!"\(refused)".contains("secret"))
        let nowhere = PostgresSettings(connection: "host=/nonexistent/socket-dir dbname=x connect_timeout=2")
        let unreachable = try #require(throws: StateStoreError.self) { try PostgreSQLStateStore(settings: nowhere) }
        guard case .unreachable(let location, let reason) = unreachable else {
            Issue.record("expected unreachable, got \(unreachable)")
            return
        }
        #expect(location == "postgresql://[/nonexistent/socket-dir]/x")
        #expect(reason.contains("/nonexistent/socket-dir"))
    }

    @Test func aSessionThatStopsAnsweringCostsTheTimeoutNotAHang() throws {
        var settings = try server.freshDatabase()
        settings.timeout = 1
        // One connection whose server process is stopped: it keeps the socket open and answers nothing, as a
        // frozen or partitioned server would.
        let session = try PostgresConnection(parameters: { [("dbname", settings.connection)] }, timeout: 1)
        let pid = try #require(session.execute("SELECT pg_backend_pid()").int64(0, 0).map { pid_t($0) })
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGCONT) }
        let started = ContinuousClock.now
        let error = try #require(throws: PostgresError.self) { try session.execute("SELECT 1") }
        let waited = ContinuousClock.now - started
        #expect(error.connectionLost && error.message == "no answer from the server within 1 s")
        #expect(waited >= .seconds(1) && waited < .seconds(10), "\(waited)")
        #expect(!session.isOpen)

        // The store's sessions frozen the same way: its next write costs the timeout, then goes through on a new
        // session (nothing was sent but BEGIN), and nothing is lost or doubled.
        let store = try PostgreSQLStateStore(settings: settings)
        try store.commit(StoreBatch(fired: [fired("a!PT0S", 5)]), at: 6)
        let backends = try backendPIDs(settings).filter { $0 != pid }
        #expect(backends.count == 2)
        for p in backends { kill(p, SIGSTOP) }
        defer { for p in backends { kill(p, SIGCONT) } }
        let before = ContinuousClock.now
        try store.commit(StoreBatch(fired: [fired("b!PT0S", 7)]), at: 8)
        #expect(ContinuousClock.now - before >= .seconds(1))
        #expect(try store.firedSchedule(since: 0) == ["a!PT0S": 5, "b!PT0S": 7])
    }

    @Test func aDroppedSessionIsOpenedAgainWithoutLosingAWrite() throws {
        let settings = try server.freshDatabase()
        let store = try PostgreSQLStateStore(settings: settings)
        try store.commit(StoreBatch(fired: [fired("a!PT0S", 5)]), at: 6)
        // The server ends both sessions (a restart, a failover of a proxy, an administrator).
        try server.run(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(Self.name(settings))'")
        try store.commit(StoreBatch(fired: [fired("b!PT0S", 7)]), at: 8)
        #expect(try store.firedSchedule(since: 0) == ["a!PT0S": 5, "b!PT0S": 7])
    }

    @Test func thePasswordIsReadFromItsFileOrCredential() throws {
        let settings = try server.freshDatabase()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let role = "pw_" + Self.name(settings).suffix(12)
        try server.run(
            """
            CREATE ROLE \(role) LOGIN PASSWORD 'right horse battery';
            GRANT ALL ON DATABASE \(Self.name(settings)) TO \(role);
            """)
        try server.run("GRANT ALL ON SCHEMA public TO \(role)", connection: settings.connection)
        try server.requirePassword(for: role)
        let connection = settings.connection.replacingOccurrences(of: "user=postgres", with: "user=\(role)")
        try "right horse battery\n".write(toFile: dir.appending("pw"), atomically: true, encoding: .utf8)
        try "wrong".write(toFile: dir.appending("bad"), atomically: true, encoding: .utf8)
        let store = try PostgreSQLStateStore(
            settings: PostgresSettings(connection: connection, password: .file(dir.appending("pw"))))
        try store.commit(StoreBatch(fired: [fired("a!PT0S", 5)]), at: 6)
        let wrong = try #require(throws: StateStoreError.self) {
            try PostgreSQLStateStore(
                settings: PostgresSettings(connection: connection, password: .file(dir.appending("bad"))))
        }
        #expect("\(wrong)".contains("password authentication failed"))
        let none = try #require(throws: StateStoreError.self) {
            try PostgreSQLStateStore(settings: PostgresSettings(connection: connection, password: .credential("db")))
        }
        #expect("\(none)".contains("CREDENTIALS_DIRECTORY"))
        _ = try PostgreSQLStateStore(
            settings: PostgresSettings(connection: connection, password: .credential("pw")),
            environment: ["CREDENTIALS_DIRECTORY": dir.path])
    }

    /// The process ids of the sessions open on the database of `settings`, but this query's own.
    func backendPIDs(_ settings: PostgresSettings) throws -> [pid_t] {
        let c = try PostgresConnection(parameters: { [("dbname", server.connection())] }, timeout: 10)
        let rows = try c.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [Self.name(settings)])
        return (0..<rows.count).compactMap { rows.int64($0, 0).map { pid_t($0) } }
    }
}
