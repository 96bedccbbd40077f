import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// `editoriald migrate-state`: SQLite into PostgreSQL and back through a real server, every table compared, an
/// occupied target or a running daemon refused.
struct StateCopyTests {
    /// A state with rows in every table.
    func fill(_ store: any StateStore) throws {
        let keys = StateStoreConformanceTests.awkwardKeys
        try store.commit(
            StoreBatch(
                fired: keys.enumerated().map {
                    FiredRecord(
                        key: $0.element, item: "acme/p\($0.offset)", kind: "reminder", scheduled: Int64($0.offset),
                        fired: 100, catchUp: $0.offset % 2 == 0)
                }, announce: ["acme/p1": "acme/video"], lastProcessed: 100), at: 100,
            deliveries: keys.enumerated().map {
                OutboxEntry(
                    key: "d\($0.offset)", route: "hook", target: "webhook", recipient: "", item: nil, event: "due",
                    reminderKey: $0.element, eventAt: 10, queued: 11, nextAttempt: 11, payload: "{\"k\":\"\\\\\"}")
            })
        let audit = AuditRecord(id: 0, at: 5, actor: "ana", action: "publish", item: "acme/p1", after: "published")
        try store.setState(
            ItemState(progress: .published), for: "acme/p1", audit: audit,
            outcome: PaceRecord(item: "acme/p1", plan: "acme", kind: .post, progress: .published, at: 5, due: 4))
        try store.setState(ItemState(snoozedUntil: 900), for: "acme/p2", audit: audit)
        _ = try store.acknowledge(key: "acme/p3!PT0S", audit: audit)
        try store.setJournaledWarnings(["w1", "w2"])
        try store.saveCalendarSequences(["u1": CalendarSequences.Record(fingerprint: .max, sequence: 2)])
        let dead = try #require(try store.outbox(state: nil, before: nil, limit: 1).first)
        var failed = dead
        failed.state = .dead
        failed.attempts = 3
        failed.lastResult = "HTTP 500"
        try store.recordAttempts([failed])
    }

    /// A fresh database and a fresh state directory, and the config naming both.
    func fresh() throws -> (PostgresSettings, TemporaryDirectory, DaemonConfig) {
        let settings = try PostgresServer.shared.get().freshDatabase()
        let dir = try TemporaryDirectory()
        var config = DaemonConfig.defaults(environment: [:], isRoot: false)
        config.stateDirectory = dir.appending("state")
        config.stateBackend = .postgresql(settings)
        return (settings, dir, config)
    }

    @Test func theStateGoesToPostgreSQLAndBackUnchanged() throws {
        let (settings, dir, config) = try fresh()
        defer { dir.remove() }
        do {
            let sqlite = try SQLiteStateStore(directory: config.stateDirectory)
            try fill(sqlite)
            try sqlite.close()
        }
        let there = try StateCopy.migrate(config, to: .postgresql, environment: [:])
        #expect(there.report.tables["fired"] == StateStoreConformanceTests.awkwardKeys.count)
        #expect(there.report.tables["audit"] == 3)
        #expect(there.from.hasSuffix("state.sqlite") && there.to.hasPrefix("postgresql://"))
        // The copy works as a store: ids go on after the copied ones, and it reads the same.
        let pg = try PostgreSQLStateStore(settings: settings)
        let sqlite = try SQLiteStateStore(directory: config.stateDirectory)
        #expect(try pg.firedSchedule(since: 0) == sqlite.firedSchedule(since: 0))
        #expect(
            try pg.outbox(state: nil, before: nil, limit: 100) == sqlite.outbox(state: nil, before: nil, limit: 100))
        #expect(try pg.audit(item: nil, limit: 10) == sqlite.audit(item: nil, limit: 10))
        #expect(try pg.calendarSequences() == sqlite.calendarSequences())
        #expect(try pg.fired(item: "acme/p0") == sqlite.fired(item: "acme/p0"))
        let next = try pg.appendAudit(AuditRecord(id: 0, at: 6, actor: "x", action: "reload"))
        #expect(next == 4)

        // Into an occupied target: refused, nothing changed.
        let refused = try #require(throws: StateCopy.Failure.self) {
            try StateCopy.migrate(config, to: .postgresql, environment: [:])
        }
        #expect(refused.description.contains("already holds state"))
        #expect(try pg.audit(item: nil, limit: 10).count == 4)

        // Back into an empty state directory.
        var back = config
        back.stateDirectory = dir.appending("back")
        let home = try StateCopy.migrate(back, to: .sqlite, environment: [:])
        #expect(home.report.total == there.report.total + 1)
        let copied = try SQLiteStateStore(directory: back.stateDirectory)
        #expect(
            try copied.outbox(state: nil, before: nil, limit: 100) == pg.outbox(state: nil, before: nil, limit: 100))
        #expect(try copied.itemStates() == pg.itemStates())
        #expect(try copied.outcomes(since: 0) == pg.outcomes(since: 0))
        #expect(try copied.acknowledgements() == pg.acknowledgements())
        #expect(try copied.journaledWarnings() == ["w1", "w2"])
        #expect(try copied.lastProcessed() == 100)
        #expect(try copied.announcedBlocked() == ["acme/p1": "acme/video"])
    }

    @Test func aRunningDaemonOnEitherSideStopsIt() throws {
        let (settings, dir, config) = try fresh()
        defer { dir.remove() }
        let daemon = try PostgreSQLStateStore(settings: settings, lock: .exclusive)
        let error = try #require(throws: StateStoreError.self) {
            try StateCopy.migrate(config, to: .sqlite, environment: [:])
        }
        #expect("\(error)".contains("an editoriald daemon (or another copy) is using this database"))
        try daemon.close()
        try SQLiteStateStore.makeDirectory(config.stateDirectory)
        let lock = try StateDirectoryLock(directory: config.stateDirectory)
        #expect(throws: DaemonError.self) { try StateCopy.migrate(config, to: .postgresql, environment: [:]) }
        lock.release()
        var sqliteOnly = config
        sqliteOnly.stateBackend = .sqlite
        let needs = try #require(throws: StateCopy.Failure.self) {
            try StateCopy.migrate(sqliteOnly, to: .postgresql, environment: [:])
        }
        #expect(needs.description.contains("needs the PostgreSQL database"))
    }
}
