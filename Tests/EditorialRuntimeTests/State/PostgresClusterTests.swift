import EditorialCore
import Foundation
import Synchronization
import Testing

@testable import EditorialRuntime

/// The lease, the firing ledger, the notifications and the outbox claims of daemons sharing one database, against
/// a real server: a lease is held by one node at a time, every renewal and claim is fenced by the holder and its
/// incarnation, a stage is claimed once, and what a dead leader claimed and never recorded is taken over.
struct PostgresClusterTests {
    let server: PostgresServer

    init() throws { server = try PostgresServer.shared.get() }

    func fired(_ key: String, _ scheduled: Int64) -> FiredRecord { PostgreSQLStateStoreTests.fired(key, scheduled) }

    /// Ends the lease at once, as its running out would (the database's clock decides; no test waits for it).
    func expire(_ settings: PostgresSettings) throws {
        try server.run(
            "UPDATE editoriald_lease SET expires = now() - interval '1 second'", connection: settings.connection)
    }

    @Test func oneHolderAtATimeAndTheFormerOneIsFenced() throws {
        let settings = try server.freshDatabase()
        let store = try PostgreSQLStateStore(settings: settings)
        let a = try PostgresCluster(store: store)
        let b = try PostgresCluster(store: store)
        let first = try #require(try a.acquire(node: "a", planHash: "p1", seconds: 10))
        #expect(first == LeaseGrant(holder: "a", incarnation: 1))
        #expect(try b.acquire(node: "b", planHash: "p1", seconds: 10) == nil)
        #expect(try a.renew(first, planHash: "p1", seconds: 10))
        let view = try b.view(within: 10)
        #expect(view.leader == "a" && view.incarnation == 1 && view.leaderPlanHash == "p1")
        #expect((view.leaseAge ?? 99) < 5 && (view.expiresIn ?? 0) > 5)

        // The lease runs out: b takes it with the next token; a can neither renew nor claim with the old one.
        try expire(settings)
        #expect(try b.view(within: 10).leader == nil)
        let second = try #require(try b.acquire(node: "b", planHash: "p1", seconds: 10))
        #expect(second.incarnation == 2)
        #expect(try !a.renew(first, planHash: "p1", seconds: 10))
        #expect(try store.claim([fired("x!PT0S", 100)], for: first) == nil)
        // Nor can a node that takes the holder's name: the token is checked too.
        #expect(try store.claim([fired("x!PT0S", 100)], for: LeaseGrant(holder: "b", incarnation: 1)) == nil)
        #expect(try store.firedSchedule(since: 0).isEmpty)
        #expect(try store.claim([fired("x!PT0S", 100)], for: second) == ["x!PT0S"])

        // A release lets another node in at once; a stale grant's release changes nothing.
        try a.release(first)
        #expect(try a.acquire(node: "a", planHash: "p1", seconds: 10) == nil)
        try b.release(second)
        #expect(try a.acquire(node: "a", planHash: "p1", seconds: 10)?.incarnation == 3)
    }

    @Test func aStageIsClaimedOnceAndTakenOverWhenItsLeaderDied() throws {
        let settings = try server.freshDatabase()
        let store = try PostgreSQLStateStore(settings: settings)
        let cluster = try PostgresCluster(store: store)
        let one = try #require(try cluster.acquire(node: "a", planHash: "p", seconds: 10))
        let batch = [fired("p1!PT0S", 100), fired("p2!PT0S", 101), fired("p1!PT0S", 100)]
        #expect(try store.claim(batch, for: one) == ["p1!PT0S", "p2!PT0S"])
        // Claimed again (a second node, a retried step): nothing, the stages are taken.
        #expect(try store.claim(batch, for: one) == [])
        // p1 is recorded sent by the step's commit; p2 never is (the leader dies).
        try store.commit(StoreBatch(fired: [fired("p1!PT0S", 100)]), at: 100)
        #expect(try store.unsentClaims().map(\.key) == ["p2!PT0S"])
        // A moved item's stage has a new instant: it is claimed again.
        #expect(try store.claim([fired("p1!PT0S", 200)], for: one) == ["p1!PT0S"])
        try store.commit(StoreBatch(fired: [fired("p1!PT0S", 200)]), at: 200)

        try expire(settings)
        let two = try #require(try cluster.acquire(node: "b", planHash: "p", seconds: 10))
        #expect(try store.reclaim(["p2!PT0S", "p1!PT0S"], for: one) == nil)
        #expect(try store.reclaim(["p2!PT0S", "p1!PT0S"], for: two) == ["p2!PT0S"])
        try store.commit(StoreBatch(fired: [fired("p2!PT0S", 101)]), at: 300)
        #expect(try store.unsentClaims().isEmpty)
        #expect(try store.firedSchedule(since: 0) == ["p1!PT0S": 200, "p2!PT0S": 101])
    }

    @Test func aChangeIsHeardByTheOtherNodes() throws {
        let settings = try server.freshDatabase()
        let quiet = try PostgreSQLStateStore(settings: settings)
        let heard = Mutex<[String]>([])
        let arrived = DispatchSemaphore(value: 0)
        let listener = try PostgresListener(store: quiet) { payloads in
            guard let payloads else { return }
            heard.withLock { $0 += payloads }
            arrived.signal()
        }
        defer { listener.stop() }
        let node = try PostgreSQLStateStore(settings: settings, node: "n2")
        // LISTEN runs as the listener's session opens; a notification sent before would be lost, so wait for it.
        try waitForListener(settings)
        try node.setState(
            ItemState(progress: .done), for: "acme/video",
            audit: AuditRecord(id: 0, at: 5, actor: "t", action: "done", item: "acme/video"))
        _ = try node.acknowledge(
            key: "acme/post!PT0S", audit: AuditRecord(id: 0, at: 6, actor: "t", action: "ack", item: "acme/post"))
        try node.commit(StoreBatch(lastProcessed: 7), at: 7)
        let deadline = ContinuousClock.now + .seconds(10)
        while heard.withLock({ $0.count }) < 3 && ContinuousClock.now < deadline {
            _ = arrived.wait(timeout: .now() + 1)
        }
        #expect(heard.withLock { $0 } == ["state\tn2\tacme/video", "ack\tn2\tacme/post!PT0S", "step\tn2"])
        // A store without a node name announces nothing.
        try quiet.commit(StoreBatch(lastProcessed: 8), at: 8)
        try node.commit(StoreBatch(lastProcessed: 9), at: 9)
        while heard.withLock({ $0.count }) < 4 && ContinuousClock.now < deadline {
            _ = arrived.wait(timeout: .now() + 1)
        }
        #expect(heard.withLock { $0 }.last == "step\tn2" && heard.withLock { $0 }.count == 4)
    }

    /// Waits (bounded) until a session listens on the channel.
    func waitForListener(_ settings: PostgresSettings) throws {
        let check = try PostgresConnection(parameters: { [("dbname", settings.connection)] }, timeout: 10)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let rows = try check.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN editoriald' AND datname = current_database()"
            )
            if rows.int64(0, 0) ?? 0 > 0 { return }
            // Another session's LISTEN: poll the server until it shows.
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw PostgresError(sqlState: nil, message: "the listener did not LISTEN within 10 s", connectionLost: false)
    }

    @Test func nodesTakeDisjointDeliveriesFromOneOutbox() async throws {
        let settings = try server.freshDatabase()
        let store = try PostgreSQLStateStore(settings: settings)
        let entries = (0..<400).map { i in
            OutboxEntry(
                id: 0, key: "k\(i)", route: "hook", target: "https://example.com", recipient: "team",
                item: "acme/p\(i)",
                event: "reminder", reminderKey: "acme/p\(i)!PT0S", eventAt: 10, queued: 10, state: .pending,
                attempts: 0, nextAttempt: 10, lastAttempt: nil, lastResult: nil, delivered: nil, payload: "{}")
        }
        try store.commit(StoreBatch(), at: 10, deliveries: entries)
        let nodes = try (0..<4).map { _ in try PostgreSQLStateStore(settings: settings) }
        let taken = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for node in nodes {
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let due = try node.dueDeliveries(now: 20, limit: 7, excluding: [])
                        if due.isEmpty { return mine }
                        #expect(due.allSatisfy { $0.nextAttempt == 10 }, "an entry is handed out as it was")
                        mine += due.map(\.id)
                    }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(taken.count == 400 && Set(taken).count == 400)
        // Claimed, not finished: no node takes them again until the claim runs out.
        #expect(try store.dueDeliveries(now: 20, limit: 10, excluding: []).isEmpty)
        #expect(
            try store.dueDeliveries(now: 20 + PostgreSQLStateStore.deliveryClaim, limit: 500, excluding: []).count
                == 400)
    }
}
