import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// The outbox in SQLite: queued with a commit (a key queued twice is one row), found when due in a bounded
/// window, updated by results, counted, revived by `retry` with its audit row, and pruned.
struct OutboxStoreTests {
    static func entry(_ key: String, item: String? = "a", at: Int64 = 100) -> OutboxEntry {
        OutboxEntry(
            key: key, route: "hook", target: "webhook", recipient: "", item: item, event: "due",
            reminderKey: "\(item ?? "x")!PT0S", eventAt: at, queued: at, nextAttempt: at, payload: "{}")
    }

    @Test func queuedWithTheCommitOnceAndFoundWhenDue() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        try store.commit(StoreBatch(deliveries: [Self.entry("k1"), Self.entry("k2", at: 200)]), at: 100)
        // The same key again (a replayed step) is left as it is.
        try store.commit(StoreBatch(deliveries: [Self.entry("k1", at: 999)]), at: 101)
        #expect(try store.outbox(state: nil, before: nil, limit: 10).map(\.key) == ["k2", "k1"])
        #expect(try store.dueDeliveries(now: 150, limit: 10, excluding: []).map(\.key) == ["k1"])
        #expect(try store.dueDeliveries(now: 250, limit: 10, excluding: []).map(\.key) == ["k1", "k2"])
        #expect(try store.dueDeliveries(now: 250, limit: 1, excluding: []).map(\.key) == ["k1"])
        let first = try #require(try store.dueDeliveries(now: 250, limit: 1, excluding: []).first)
        #expect(try store.dueDeliveries(now: 250, limit: 1, excluding: [first.id]).map(\.key) == ["k2"])
        #expect(try store.nextDeliveryAttempt() == 100)

        var done = first
        done.state = .delivered
        done.attempts = 1
        done.lastAttempt = 150
        done.delivered = 151
        done.lastResult = "delivered: HTTP 200"
        var failed = try #require(try store.dueDeliveries(now: 250, limit: 1, excluding: [first.id]).first)
        failed.state = .retrying
        failed.attempts = 1
        failed.nextAttempt = 400
        failed.lastAttempt = 250
        try store.recordAttempts([done, failed])
        #expect(try store.delivery(id: done.id) == done)
        #expect(try store.nextDeliveryAttempt() == 400)
        #expect(try store.dueDeliveries(now: 399, limit: 10, excluding: []).isEmpty)
        #expect(try store.outboxCounts() == [.delivered: 1, .retrying: 1])
        #expect(try store.deliveries(item: "a").map(\.key) == ["k1", "k2"])
        #expect(try store.outbox(state: .retrying, before: nil, limit: 10).map(\.key) == ["k2"])
        #expect(try store.outbox(state: nil, before: failed.id, limit: 10).map(\.key) == ["k1"])
    }

    @Test func retryRevivesWithAFreshBoundAndPruningForgetsOnlyFinishedOnes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        try store.commit(StoreBatch(deliveries: [Self.entry("dead"), Self.entry("open")]), at: 100)
        var dead = try #require(try store.outbox(state: nil, before: nil, limit: 10).last)
        dead.state = .dead
        dead.attempts = 20
        dead.lastAttempt = 500
        try store.recordAttempts([dead])
        let audit = AuditRecord(id: 0, at: 1_000, actor: "root", action: "retry", item: "a", detail: "delivery")
        let revived = try #require(try store.retryDelivery(id: dead.id, now: 1_000, audit: audit))
        #expect(revived.state == .retrying && revived.nextAttempt == 1_000 && revived.queued == 1_000)
        #expect(try store.audit(item: "a", limit: 1).first?.action == "retry")
        #expect(try store.retryDelivery(id: 12_345, now: 1_000, audit: audit) == nil)

        var finished = revived
        finished.state = .delivered
        finished.lastAttempt = 1_000
        try store.recordAttempts([finished])
        #expect(try store.retryDelivery(id: finished.id, now: 1_001, audit: audit) == nil, "delivered: not revived")
        #expect(try store.pruneDeliveries(before: 999) == 0)
        #expect(try store.pruneDeliveries(before: 1_001) == 1)
        // The open one stays, however old.
        #expect(try store.outbox(state: nil, before: nil, limit: 10).map(\.key) == ["open"])
    }
}
