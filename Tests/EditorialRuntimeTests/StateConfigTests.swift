import EditorialCore
import Testing

@testable import EditorialRuntime

/// `state:` in the config file: the backend, its connection, where the password comes from, positioned errors.
struct StateConfigTests {
    static let base = DaemonConfig.defaults(environment: ["HOME": "/home/u"], isRoot: false)

    func problems(_ text: String) -> [String] {
        do {
            _ = try ConfigFile.parse(text, file: "/etc/e/c.yaml", over: Self.base)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func sqliteIsTheDefaultAndPostgreSQLTakesItsSettings() throws {
        #expect(Self.base.stateBackend == .sqlite)
        let sqlite = try ConfigFile.parse("state: {backend: sqlite}\n", file: "/etc/e/c.yaml", over: Self.base)
        #expect(sqlite.stateBackend == .sqlite)
        let pg = try ConfigFile.parse(
            """
            state:
              backend: postgresql
              connection: host=db.example.com dbname=editoriald user=editoriald sslmode=verify-full
              password-file: secrets/db
              timeout: PT5S
            """, file: "/etc/e/c.yaml", over: Self.base)
        #expect(
            pg.stateBackend
                == .postgresql(
                    PostgresSettings(
                        connection: "host=db.example.com dbname=editoriald user=editoriald sslmode=verify-full",
                        password: .file("/etc/e/secrets/db"), timeout: 5)))
        // A connection alone means PostgreSQL; a URI is a connection string too.
        let uri = try ConfigFile.parse(
            "state: {connection: 'postgresql://ed@db/ed?sslmode=verify-full', password-credential: db}\n",
            file: "/etc/e/c.yaml", over: Self.base)
        #expect(
            uri.stateBackend
                == .postgresql(
                    PostgresSettings(
                        connection: "postgresql://ed@db/ed?sslmode=verify-full", password: .credential("db"))))
    }

    @Test func aClusterNodeHasANameALeaseAndARenewal() throws {
        guard
            case .postgresql(let defaults) = try ConfigFile.parse(
                "state: {connection: dbname=e}\n", file: "/etc/e/c.yaml", over: Self.base
            ).stateBackend
        else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(defaults.node == PostgresSettings.hostName && defaults.lease == 10 && defaults.renew == 3)
        guard
            case .postgresql(let set) = try ConfigFile.parse(
                "state: {connection: dbname=e, node: db-2.example, lease: PT30S, renew: PT10S}\n",
                file: "/etc/e/c.yaml",
                over: Self.base
            ).stateBackend
        else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(set.node == "db-2.example" && set.lease == 30 && set.renew == 10)
        #expect(
            problems("state: {connection: dbname=e, node: 'a b'}\n") == [
                "/etc/e/c.yaml:1:37: error: node is a name of 1 to 63 letters, digits, '-', '_' or '.' (the host name by default)"
            ])
        #expect(
            problems("state: {connection: dbname=e, lease: PT1S}\n") == [
                "/etc/e/c.yaml:1:38: error: lease must be from 2 s to 600 s"
            ])
        #expect(
            problems("state: {connection: dbname=e, lease: PT10S, renew: PT6S}\n") == [
                "/etc/e/c.yaml:1:52: error: renew (6 s) must be at most half of lease (10 s), so that one late renewal does not lose the lease"
            ])
    }

    @Test func everyMistakeIsPositioned() {
        #expect(
            problems("state: {backend: mysql}\n") == [
                "/etc/e/c.yaml:1:18: error: backend must be 'sqlite' or 'postgresql'"
            ])
        #expect(
            problems("state: {backend: postgresql}\n") == [
                "/etc/e/c.yaml:1:8: error: backend: postgresql needs connection: a libpq connection string, such as 'host=db.example.com dbname=editoriald user=editoriald sslmode=verify-full'"
            ])
        #expect(
            problems("state:\n  connection: host=db password=hunter2\n") == [
                "/etc/e/c.yaml:2:15: error: the connection string must not hold the password (the config file is world-readable): give password-file: PATH (mode 0600) or password-credential: NAME (LoadCredential= in the unit)"
            ])
        #expect(
            problems("state: {connection: 'host=db sslmode'}\n").first?.hasPrefix(
                "/etc/e/c.yaml:1:21: error: libpq cannot read the connection string: ") == true)
        #expect(
            problems("state: {backend: sqlite, connection: host=db}\n") == [
                "/etc/e/c.yaml:1:26: error: 'connection' is a setting of backend: postgresql, not of sqlite"
            ])
        #expect(
            problems("state: {connection: host=db, password-file: a, password-credential: b}\n") == [
                "/etc/e/c.yaml:1:69: error: give password-file or password-credential, not both"
            ])
        #expect(
            problems("state: {connection: host=db, timeout: PT0S}\n") == [
                "/etc/e/c.yaml:1:39: error: timeout must be from 1 s to 300 s"
            ])
        #expect(
            problems("state: {conection: host=db}\n") == [
                "/etc/e/c.yaml:1:9: error: unknown key 'conection' in state; did you mean 'connection'?"
            ])
    }
}
