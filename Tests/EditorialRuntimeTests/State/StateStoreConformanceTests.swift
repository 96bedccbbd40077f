import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// The same expectations of both backends: SQLite in a temporary directory and PostgreSQL in a fresh database on
/// a real server (`PostgresServer`). Whatever one store answers, the other must answer too.
struct StateStoreConformanceTests {
    /// A store of one backend with what it needs removed afterwards, and a way to open it again.
    struct Opened {
        let store: any StateStore
        let reopen: () throws -> any StateStore
        let cleanup: () -> Void
        /// Makes queuing a delivery with the key `bad` fail inside the database.
        let refuseBadDeliveries: () throws -> Void
    }

    static let backends = ["sqlite", "postgresql"]

    func open(_ backend: String) throws -> Opened {
        if backend == "sqlite" {
            let dir = try TemporaryDirectory()
            let store = try SQLiteStateStore(directory: dir.path)
            return Opened(
                store: store, reopen: { try SQLiteStateStore(directory: dir.path) }, cleanup: { dir.remove() },
                refuseBadDeliveries: {
                    try store.executeRaw(
                        "CREATE TRIGGER no_bad BEFORE INSERT ON outbox WHEN NEW.key = 'bad' BEGIN SELECT RAISE(ABORT, 'bad'); END"
                    )
                })
        }
        let server = try PostgresServer.shared.get()
        let settings = try server.freshDatabase()
        return Opened(
            store: try PostgreSQLStateStore(settings: settings),
            reopen: { try PostgreSQLStateStore(settings: settings) },
            cleanup: {},
            refuseBadDeliveries: {
                try server.run(
                    "ALTER TABLE outbox ADD CONSTRAINT no_bad CHECK (key <> 'bad')", connection: settings.connection)
            })
    }

    func fired(_ key: String, _ scheduled: Int64, item: String = "acme/post", catchUp: Bool = false) -> FiredRecord {
        FiredRecord(
            key: key, item: item, kind: "reminder", scheduled: scheduled, fired: scheduled + 1, catchUp: catchUp)
    }

    func audit(_ action: String, item: String?, at: Int64) -> AuditRecord {
        AuditRecord(id: 0, at: at, actor: "ana", action: action, item: item, before: "open", after: "done", detail: "d")
    }

    func delivery(_ key: String, item: String? = "acme/post", next: Int64 = 11) -> OutboxEntry {
        OutboxEntry(
            key: key, route: "hook", target: "webhook", recipient: "ana@example.com", item: item, event: "due",
            reminderKey: "acme/post!PT0S", eventAt: 10, queued: 11, nextAttempt: next, payload: #"{"a":"\"x\""}"#)
    }

    /// Keys that a text array literal must carry unchanged.
    static let awkwardKeys = [
        "plain!PT0S", #"quote"d!P1D"#, #"back\slash!PT1H"#, "comma,brace{}!PT0S", "tab\tnew\nline!PT0S",
        "NULL", "", "ünïcödé 🗓!P1W", " spaced ", "{\"x\"}",
    ]

    @Test(arguments: backends) func firedKeysKeepTheirLastInstantAndSurviveAReopen(backend: String) throws {
        let opened = try open(backend)
        defer { opened.cleanup() }
        let store = opened.store
        try store.commit(StoreBatch(fired: Self.awkwardKeys.map { fired($0, 100) }, lastProcessed: 100), at: 100)
        // A moved item fires again: its key is recorded with the new instant, also when given twice in one batch.
        try store.commit(StoreBatch(fired: [fired("plain!PT0S", 150), fired("plain!PT0S", 200)]), at: 200)
        try store.commit(StoreBatch(fired: [fired("old!PT0S", 50, item: "acme/old", catchUp: true)]), at: 201)
        var expected = Dictionary(uniqueKeysWithValues: Self.awkwardKeys.map { ($0, Int64(100)) })
        expected["plain!PT0S"] = 200
        #expect(try store.firedSchedule(since: 100) == expected)
        #expect(try store.firedSchedule(since: 0).count == expected.count + 1)
        #expect(try store.lastProcessed() == 100)
        #expect(try store.fired(item: "acme/old") == [fired("old!PT0S", 50, item: "acme/old", catchUp: true)])
        #expect(try store.pruneFired(scheduledBefore: 100) == 1)
        #expect(try store.fired(item: "acme/old").isEmpty)
        try store.close()
        let again = try opened.reopen()
        #expect(try again.firedSchedule(since: 0) == expected)
        #expect(try again.lastProcessed() == 100)
    }

    @Test(arguments: backends) func announcementsKeepTheirFirstMomentUntilTheBlockerChanges(backend: String) throws {
        let opened = try open(backend)
        defer { opened.cleanup() }
        let store = opened.store
        try store.commit(StoreBatch(announce: ["a": "video", "b": "copy"]), at: 10)
        try store.commit(StoreBatch(announce: ["a": "video", "b": "photo"], unannounce: ["c"]), at: 20)
        #expect(try store.announcedBlocked() == ["a": "video", "b": "photo"])
        try store.commit(StoreBatch(unannounce: ["a"]), at: 30)
        #expect(try store.announcedBlocked() == ["b": "photo"])
        #expect(try store.lastProcessed() == nil)
    }

    @Test(arguments: backends) func statesAuditAndOutcomesChangeTogether(backend: String) throws {
        let opened = try open(backend)
        defer { opened.cleanup() }
        let store = opened.store
        let outcome = PaceRecord(
            item: "acme/p1", plan: "acme", kind: .post, channel: "blog", page: nil, network: "web", owner: "ana",
            progress: .published, at: 100, due: 90)
        try store.setState(
            ItemState(progress: .published), for: "acme/p1", audit: audit("publish", item: "acme/p1", at: 100),
            outcome: outcome)
        try store.setState(
            ItemState(snoozedUntil: 500), for: "acme/p2", audit: audit("snooze", item: "acme/p2", at: 101))
        #expect(
            try store.itemStates() == [
                "acme/p1": ItemState(progress: .published), "acme/p2": ItemState(snoozedUntil: 500),
            ])
        #expect(try store.outcomes(since: 0) == [outcome])
        #expect(try store.outcomes(since: 91).isEmpty)
        // Reopening an item forgets its state and its outcome; the audit keeps both rows, newest first.
        try store.setState(ItemState(), for: "acme/p1", audit: audit("reopen", item: "acme/p1", at: 102))
        #expect(try store.itemStates() == ["acme/p2": ItemState(snoozedUntil: 500)])
        #expect(try store.outcomes(since: 0).isEmpty)
        let rows = try store.audit(item: "acme/p1", limit: 10)
        #expect(rows.map(\.action) == ["reopen", "publish"])
        #expect(rows[0].id > rows[1].id)
        #expect(rows[1].before == "open" && rows[1].after == "done" && rows[1].detail == "d" && rows[1].actor == "ana")
        let id = try store.appendAudit(audit("reload", item: nil, at: 103))
        #expect(try store.audit(item: nil, limit: 1).map(\.id) == [id])
        #expect(try store.audit(item: nil, limit: 10).count == 4)
        // Backfilled outcomes are rewritten; old ones pruned by their due time.
        var moved = outcome
        moved.due = 40
        try store.saveOutcomes([outcome, moved])
        #expect(try store.outcomes(since: 0) == [moved])
        #expect(try store.pruneOutcomes(dueBefore: 50) == 1)
        #expect(try store.outcomes(since: 0).isEmpty)
    }

    @Test(arguments: backends) func anAcknowledgementIsRecordedOnce(backend: String) throws {
        let opened = try open(backend)
        defer { opened.cleanup() }
        let store = opened.store
        #expect(try store.acknowledge(key: "acme/p!PT0S", audit: audit("ack", item: "acme/p", at: 7)))
        #expect(try !store.acknowledge(key: "acme/p!PT0S", audit: audit("ack", item: "acme/p", at: 8)))
        #expect(try store.acknowledgements() == ["acme/p!PT0S": 7])
        #expect(try store.audit(item: "acme/p", limit: 10).count == 1)
    }

    @Test(arguments: backends) func warningsAndCalendarSequencesAreReplacedWhole(backend: String) throws {
        let opened = try open(backend)
        defer { opened.cleanup() }
        let store = opened.store
        try store.setJournaledWarnings(Set(Self.awkwardKeys))
        #expect(try store.journaledWarnings() == Set(Self.awkwardKeys))
        try store.setJournaledWarnings(["w1"])
        #expect(try store.journaledWarnings() == ["w1"])
        // A fingerprint with its top bit set travels as a negative bigint and comes back the same.
        let records = [
            "uid-1": CalendarSequences.Record(fingerprint: UInt64.max - 5, sequence: 3),
            "uid-2": CalendarSequences.Record(fingerprint: 42, sequence: 0),
        ]
        try store.saveCalendarSequences(records)
        try store.saveCalendarSequences(["uid-2": CalendarSequences.Record(fingerprint: 43, sequence: 1)])
        var expected = records
        expected["uid-2"] = CalendarSequences.Record(fingerprint: 43, sequence: 1)
        #expect(try store.calendarSequences() == expected)
    }

    @Test(arguments: backends) func theOutboxQueuesInOrderAndRecordsAttempts(backend: String) throws {
        let opened = try open(backend)
        defer { opened.cleanup() }
        let store = opened.store
        try store.commit(
            StoreBatch(fired: [fired("acme/post!PT0S", 10)]), at: 11,
            deliveries: Self.awkwardKeys.enumerated().map { delivery("\($0.offset):\($0.element)", next: 11) })
        // The same idempotency key again is left as it is.
        try store.commit(StoreBatch(deliveries: [delivery("0:plain!PT0S", item: "other", next: 5)]), at: 12)
        let all = try store.outbox(state: nil, before: nil, limit: 100)
        #expect(all.map(\.key) == Self.awkwardKeys.enumerated().map { "\($0.offset):\($0.element)" }.reversed())
        #expect(all.allSatisfy { $0.payload == #"{"a":"\"x\""}"# && $0.item == "acme/post" && $0.state == .pending })
        #expect(try store.outboxCounts() == [.pending: Self.awkwardKeys.count])
        let ids = all.map(\.id).sorted()
        let due = try store.dueDeliveries(now: 11, limit: 3, excluding: [ids[0]])
        #expect(due.map(\.id) == Array(ids[1...3]))
        #expect(try store.dueDeliveries(now: 10, limit: 3, excluding: []).isEmpty)
        #expect(try store.nextDeliveryAttempt() == 11)
        var sent = due[0]
        sent.state = .delivered
        sent.attempts = 1
        sent.lastAttempt = 12
        sent.lastResult = "HTTP 204"
        sent.delivered = 12
        var failed = due[1]
        failed.state = .dead
        failed.attempts = 5
        failed.lastAttempt = 13
        failed.lastResult = "HTTP 500"
        try store.recordAttempts([sent, failed])
        #expect(try store.delivery(id: sent.id) == sent)
        #expect(try store.delivery(id: failed.id) == failed)
        #expect(try store.outbox(state: .dead, before: nil, limit: 10).map(\.id) == [failed.id])
        #expect(try store.outbox(state: nil, before: ids[2], limit: 10).map(\.id) == [ids[1], ids[0]])
        #expect(try store.deliveries(item: "acme/post").map(\.id) == ids)
        #expect(try store.outboxCounts() == [.pending: Self.awkwardKeys.count - 2, .delivered: 1, .dead: 1])
        // A dead delivery comes back with a fresh bound; a delivered one does not.
        #expect(try store.retryDelivery(id: sent.id, now: 50, audit: audit("retry", item: nil, at: 50)) == nil)
        let revived = try #require(
            try store.retryDelivery(id: failed.id, now: 50, audit: audit("retry", item: nil, at: 50)))
        #expect(revived.state == .retrying && revived.nextAttempt == 50 && revived.queued == 50)
        #expect(try store.delivery(id: failed.id) == revived)
        #expect(try store.audit(item: nil, limit: 5).map(\.action) == ["retry"])
        #expect(try store.pruneDeliveries(before: 13) == 1)
        #expect(try store.delivery(id: sent.id) == nil)
    }

    @Test(arguments: backends) func aLargeStepIsOneTransaction(backend: String) throws {
        let opened = try open(backend)
        defer { opened.cleanup() }
        let store = opened.store
        let count = 12_345
        try store.commit(
            StoreBatch(fired: (0..<count).map { fired("k\($0)!PT0S", 10) }), at: 11,
            deliveries: (0..<count).lazy.map { delivery("d\($0)") })
        #expect(try store.outboxCounts() == [.pending: count])
        #expect(try store.firedSchedule(since: 0).count == count)
        let first = try store.dueDeliveries(now: 11, limit: 2, excluding: [])
        #expect(first.map(\.key) == ["d0", "d1"])
    }

    @Test(arguments: backends) func aStepThatCannotBeStoredLeavesNothing(backend: String) throws {
        let opened = try open(backend)
        defer { opened.cleanup() }
        let store = opened.store
        // The database refuses one delivery: the firing and the delivery before it in the same step are undone.
        try opened.refuseBadDeliveries()
        let error = try #require(throws: StateStoreError.self) {
            try store.commit(
                StoreBatch(fired: [fired("x!PT0S", 10)], lastProcessed: 10), at: 11,
                deliveries: [delivery("good"), delivery("bad")].lazy)
        }
        #expect("\(error)".contains(store.location))
        #expect(try store.firedSchedule(since: 0).isEmpty)
        #expect(try store.lastProcessed() == nil)
        #expect(try store.outboxCounts().isEmpty)
        // The store goes on working after the failure.
        try store.commit(StoreBatch(fired: [fired("y!PT0S", 10)]), at: 12)
        #expect(try store.firedSchedule(since: 0) == ["y!PT0S": 10])
    }
}
