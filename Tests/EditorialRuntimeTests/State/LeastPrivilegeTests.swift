import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// `config/postgresql/least-privilege.sql` and `editoriald postgresql-schema`, applied with the real `psql` to a
/// real server: the schema belongs to the owner role, and the daemons' role does everything a daemon does (the
/// store's every call, the lease, claims, notifications) and nothing more (no DDL, no deleting the audit log).
struct LeastPrivilegeTests {
    static let file = Probe.root.appendingPathComponent("config/postgresql/least-privilege.sql").path

    /// Runs psql on the test server as the superuser, with `input` on its standard input.
    static func psql(_ server: PostgresServer, _ arguments: [String], input: String = "") throws
        -> PrivateJournal.Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments =
            ["-X", "-v", "ON_ERROR_STOP=1", "-h", server.directory, "-p", String(server.port)] + arguments
        return try PrivateJournal.run(process, input: input, timeout: .seconds(60))
    }

    @Test func theDaemonsRoleDoesWhatADaemonDoesAndNoMore() throws {
        let server = try PostgresServer.shared.get()
        // Before the schema: the roles and the database, and a notice that the grants wait for the tables.
        let first = try Self.psql(
            server, ["-U", "postgres", "-d", "postgres", "-v", "password=s3cret", "-f", Self.file])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("no editoriald schema yet"))
        // The schema, as its owner, twice (the second run changes nothing), then the grants.
        let schema = try PrivateJournal.run(
            {
                let p = Process()
                p.executableURL = DaemonRun.binary
                p.arguments = ["postgresql-schema"]
                return p
            }())
        #expect(schema.status == 0 && schema.out.contains("BEGIN;") && schema.out.hasSuffix("COMMIT;\n"))
        for _ in 0..<2 {
            let applied = try Self.psql(
                server, ["-U", "postgres", "-d", "editoriald", "-c", "SET ROLE editoriald_owner", "-f", "-"],
                input: schema.out)
            #expect(applied.status == 0, "\(applied.err)")
        }
        let granted = try Self.psql(server, ["-U", "postgres", "-d", "postgres", "-f", Self.file])
        #expect(granted.status == 0 && !granted.out.contains("no editoriald schema yet"), "\(granted.err)")
        let owner = try Self.psql(
            server,
            [
                "-U", "postgres", "-d", "editoriald", "-At", "-c",
                "SELECT tableowner FROM pg_tables WHERE tablename = 'fired'",
            ])
        #expect(owner.out.trimmingCharacters(in: .whitespacesAndNewlines) == "editoriald_owner")

        // The daemons' role: the store opens without DDL and every call works.
        let settings = PostgresSettings(connection: server.connection(database: "editoriald", user: "editoriald"))
        let store = try PostgreSQLStateStore(settings: settings, lock: .shared, node: "n1")
        let cluster = try PostgresCluster(store: store)
        try cluster.beat(node: "n1", planHash: "p", role: "follower")
        let grant = try #require(try cluster.acquire(node: "n1", planHash: "p", seconds: 10))
        #expect(try cluster.renew(grant, planHash: "p", seconds: 10))
        #expect(try cluster.view(within: 10).leader == "n1")
        let record = FiredRecord(
            key: "acme/post!PT0S", item: "acme/post", kind: "due", scheduled: 100, fired: 100, catchUp: false)
        #expect(try store.claim([record], for: grant) == ["acme/post!PT0S"])
        #expect(try store.unsentClaims().count == 1)
        #expect(try store.reclaim(["acme/post!PT0S"], for: grant) == ["acme/post!PT0S"])
        let delivery = OutboxEntry(
            key: "d1", route: "hook", target: "https://example.com", recipient: "team", item: "acme/post", event: "due",
            reminderKey: "acme/post!PT0S", eventAt: 100, queued: 100, nextAttempt: 100, payload: "{}")
        try store.commit(
            StoreBatch(fired: [record], announce: ["acme/post": "acme/video"], lastProcessed: 100), at: 100,
            deliveries: [delivery])
        try store.commit(StoreBatch(unannounce: ["acme/post"]), at: 101)
        let audit = AuditRecord(id: 0, at: 101, actor: "t", action: "done", item: "acme/video")
        try store.setState(
            ItemState(progress: .published), for: "acme/post", audit: audit,
            outcome: PaceRecord(item: "acme/post", plan: "acme", kind: nil, progress: .published, at: 101, due: 100))
        try store.setState(ItemState(), for: "acme/post", audit: audit)
        #expect(try store.acknowledge(key: "acme/post!PT0S", audit: audit))
        try store.appendAudit(audit)
        try store.setJournaledWarnings(["w1"])
        try store.setJournaledWarnings([])
        try store.saveCalendarSequences(["u1": CalendarSequences.Record(fingerprint: 1, sequence: 2)])
        try store.saveCalendarSequences(["u1": CalendarSequences.Record(fingerprint: 3, sequence: 3)])
        let due = try store.dueDeliveries(now: 200, limit: 10, excluding: [])
        #expect(due.count == 1)
        var tried = try #require(due.first)
        tried.state = .dead
        tried.lastAttempt = 200
        try store.recordAttempts([tried])
        #expect(try store.retryDelivery(id: tried.id, now: 300, audit: audit) != nil)
        #expect(try store.pruneDeliveries(before: 10_000) == 0)
        try store.saveOutcomes([PaceRecord(item: "acme/x", plan: "acme", kind: nil, progress: .done, at: 5, due: 5)])
        #expect(try store.pruneOutcomes(dueBefore: 10) == 1)
        #expect(try store.pruneFired(scheduledBefore: 1_000) == 1)
        #expect(try store.audit(item: nil, limit: 10).count == 5)
        try cluster.release(grant)

        // And nothing more: no DDL, no rewriting the audit log, no acknowledgement withdrawn.
        let refused = [
            "CREATE TABLE mine (x int)", "DELETE FROM audit", "DELETE FROM ack", "TRUNCATE fired",
            "DROP TABLE outbox", "ALTER TABLE fired ADD COLUMN y int",
        ]
        for sql in refused {
            let denied = try Self.psql(server, ["-U", "editoriald", "-d", "editoriald", "-c", sql])
            #expect(
                denied.status != 0
                    && (denied.err.contains("permission denied") || denied.err.contains("must be owner")),
                "\(sql): \(denied.err)")
        }
    }
}
