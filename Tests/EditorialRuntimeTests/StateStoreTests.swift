import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

struct StateStoreTests {
    func reminder(_ key: String, scheduled: Int64, item: String = "acme/post", catchUp: Bool = false) -> FiredRecord {
        FiredRecord(
            key: key, item: item, kind: "reminder", scheduled: scheduled, fired: scheduled + 1, catchUp: catchUp)
    }

    @Test func theSentLogSurvivesItsWriterAndReplaysIntoTheStore() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        do {
            let log = try SentLog(directory: dir.path)
            #expect(log.append(reminder("a!PT0S", scheduled: 10)))
            #expect(log.append(reminder("odd\tkey\\with\nescapes!P1D", scheduled: 20, catchUp: true)))
        }
        // A torn last line from a crash mid-write is ignored.
        let handle = try #require(FileHandle(forWritingAtPath: dir.appending("sent.log")))
        handle.seekToEndOfFile()
        handle.write(Data("b!PT0S\tb\trem".utf8))
        try handle.close()
        let reopened = try SentLog(directory: dir.path)
        #expect(reopened.records().map(\.key) == ["a!PT0S", "odd\tkey\\with\nescapes!P1D"])
        #expect(reopened.records().last?.catchUp == true)
        // Recorded, and kept until the deliveries they queue are stored too (the daemon then clears the log).
        #expect(try reopened.record(into: store, at: 30).map(\.key) == ["a!PT0S", "odd\tkey\\with\nescapes!P1D"])
        #expect(try store.firedSchedule(since: 0) == ["a!PT0S": 10, "odd\tkey\\with\nescapes!P1D": 20])
        #expect(reopened.records().count == 2)
        #expect(try reopened.replay(into: store, at: 31) == 2)
        #expect(reopened.records().isEmpty)
    }

    @Test func aCommitTakesItsDeliveriesOneAtATimeInTheSameTransaction() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        func delivery(_ key: String) -> OutboxEntry {
            OutboxEntry(
                key: key, route: "hook", target: "webhook", recipient: "", item: "a", event: "due",
                reminderKey: "a!PT0S", eventAt: 10, queued: 11, nextAttempt: 11, payload: "{}")
        }
        try store.commit(
            StoreBatch(fired: [reminder("a!PT0S", scheduled: 10)]), at: 11,
            deliveries: (0..<1_000).lazy.map { delivery("k\($0)") })
        #expect(try store.outboxCounts() == [.pending: 1_000])
        #expect(try store.firedSchedule(since: 0) == ["a!PT0S": 10])
        // A delivery that cannot be stored undoes the whole step, the firing included.
        let failing = (0..<3).lazy.map { i -> OutboxEntry in
            var d = delivery("x\(i)")
            if i == 2 { d.route = "" }
            return d
        }
        try store.executeRaw(
            "CREATE TRIGGER no_empty_route BEFORE INSERT ON outbox WHEN NEW.route = '' BEGIN SELECT RAISE(ABORT, 'empty route'); END"
        )
        #expect(throws: StateStoreError.self) {
            try store.commit(StoreBatch(fired: [reminder("b!PT0S", scheduled: 20)]), at: 21, deliveries: failing)
        }
        #expect(try store.firedSchedule(since: 0) == ["a!PT0S": 10])
        #expect(try store.outboxCounts() == [.pending: 1_000])
    }

    @Test func firedKeysRoundTripAndTheLatestInstantOfAKeyWins() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        try store.commit(
            StoreBatch(fired: [reminder("a!P1D", scheduled: 100), reminder("b!PT1H", scheduled: 200)]), at: 201)
        #expect(try store.firedKeys(since: 0) == ["a!P1D", "b!PT1H"])
        #expect(try store.firedKeys(since: 101) == ["b!PT1H"])
        #expect(try store.firedKeys(since: 201).isEmpty)
        #expect(try store.isFired("a!P1D"))
        #expect(try !store.isFired("c!P1D"))
        // The item moved and its reminder fired again for the new instant: the key now records that instant,
        // so the scheduler (which compares instants) neither repeats it nor forgets it.
        try store.commit(StoreBatch(fired: [reminder("a!P1D", scheduled: 999, catchUp: true)]), at: 1000)
        #expect(try store.firedSchedule(since: 0) == ["a!P1D": 999, "b!PT1H": 200])
        #expect(try store.firedKeys(since: 500) == ["a!P1D"])
    }

    @Test func announcementsAndLastProcessedRoundTrip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        #expect(try store.lastProcessed() == nil)
        #expect(try store.announcedBlocked().isEmpty)
        try store.commit(
            StoreBatch(announce: ["acme/launch": "acme/ebook", "acme/video": "acme/script"], lastProcessed: 500),
            at: 500)
        try store.commit(
            StoreBatch(announce: ["acme/video": "acme/edit"], unannounce: ["acme/launch", "acme/unknown"]), at: 600)
        #expect(try store.announcedBlocked() == ["acme/video": "acme/edit"])
        #expect(try store.lastProcessed() == 500)
        try store.commit(StoreBatch(lastProcessed: 700), at: 700)
        #expect(try store.lastProcessed() == 700)
    }

    /// Records `after` for `item` with the audit row the core's `StateChange` writes.
    static func record(
        _ store: SQLiteStateStore, _ after: ItemState, for item: String, from before: ItemState = ItemState(),
        by actor: String, _ action: ControlCommand, detail: String? = nil, at: Int64
    ) throws {
        let change = StateChange(item: item, plan: "acme", action: action, before: before, after: after, detail: detail)
        try store.setState(
            after, for: item, audit: change.audit(by: ControlPeer(pid: 1, uid: 0, userName: actor), at: at))
    }

    @Test func setStateStoresTheStateWithItsAuditRowInJSON() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        let snoozed = ItemState(snoozedUntil: 1_800_000_000)
        try Self.record(store, snoozed, for: "acme/ebook", by: "anna", .snooze, at: 10)
        #expect(try store.itemStates() == ["acme/ebook": snoozed])
        let done = ItemState(progress: .done)
        try Self.record(store, done, for: "acme/ebook", from: snoozed, by: "bob", .done, detail: "sent", at: 20)
        try Self.record(store, ItemState(progress: .published), for: "acme/post", by: "bob", .publish, at: 30)
        #expect(try store.itemStates() == ["acme/ebook": done, "acme/post": ItemState(progress: .published)])

        let ebook = try store.audit(item: "acme/ebook", limit: 10)
        #expect(ebook.map(\.action) == ["done", "snooze"], "newest first")
        #expect(ebook[0].actor == "bob (uid 0, pid 1)")
        #expect(ebook[0].at == 20)
        #expect(ebook[0].before == #"{"snoozedUntil":1800000000}"#)
        #expect(ebook[0].after == #"{"progress":"done"}"#)
        #expect(ebook[0].detail == "sent")
        #expect(ebook[1].before == "{}")
        #expect(try store.audit(item: nil, limit: 2).map(\.action) == ["publish", "done"])
    }

    @Test func reopeningAnOpenItemRemovesItsState() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        try Self.record(store, ItemState(progress: .skipped), for: "acme/x", by: "a", .skip, at: 1)
        #expect(try store.itemStates() == ["acme/x": ItemState(progress: .skipped)])
        try Self.record(store, ItemState(), for: "acme/x", from: ItemState(progress: .skipped), by: "a", .reopen, at: 2)
        #expect(try store.itemStates().isEmpty)
        #expect(try store.audit(item: "acme/x", limit: 1).first?.after == "{}")
    }

    @Test func appendAuditWithoutAnItem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        let first = try store.appendAudit(
            AuditRecord(id: 0, at: 7, actor: "editoriald", action: "reload", detail: "5 plans"))
        let second = try store.appendAudit(AuditRecord(id: 0, at: 8, actor: "root", action: "reload"))
        #expect(second > first)
        let records = try store.audit(item: nil, limit: 10)
        #expect(
            records == [
                AuditRecord(id: second, at: 8, actor: "root", action: "reload"),
                AuditRecord(id: first, at: 7, actor: "editoriald", action: "reload", detail: "5 plans"),
            ])
    }

    @Test func pruneForgetsOnlyOlderKeys() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        try store.commit(StoreBatch(fired: (0..<10).map { reminder("k\($0)", scheduled: Int64($0) * 100) }), at: 1000)
        #expect(try store.pruneFired(scheduledBefore: 450) == 5)
        #expect(try store.firedKeys(since: 0) == ["k5", "k6", "k7", "k8", "k9"])
        #expect(try store.pruneFired(scheduledBefore: 450) == 0)
    }

    @Test func reopeningAfterCloseKeepsEverything() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        do {
            let store = try SQLiteStateStore(directory: dir.path)
            try store.commit(
                StoreBatch(fired: [reminder("a", scheduled: 5)], announce: ["p": "q"], lastProcessed: 9), at: 9)
            try Self.record(store, ItemState(progress: .done), for: "i", by: "u", .done, at: 9)
            try store.close()
            #expect(throws: StateStoreError.self) { try store.isFired("a") }
        }
        let store = try SQLiteStateStore(directory: dir.path)
        #expect(try store.firedKeys(since: 0) == ["a"])
        #expect(try store.announcedBlocked() == ["p": "q"])
        #expect(try store.lastProcessed() == 9)
        #expect(try store.itemStates() == ["i": ItemState(progress: .done)])
        #expect(try store.audit(item: "i", limit: 5).count == 1)
    }

    @Test func aSecondInstanceSeesEachCommitAtOnce() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let writer = try SQLiteStateStore(directory: dir.path)
        let reader = try SQLiteStateStore(directory: dir.path)
        try writer.commit(StoreBatch(fired: [reminder("a", scheduled: 5)], lastProcessed: 5), at: 5)
        #expect(try reader.isFired("a"))
        #expect(try reader.lastProcessed() == 5)
        try Self.record(writer, ItemState(progress: .done), for: "i", by: "u", .done, at: 6)
        #expect(try reader.itemStates() == ["i": ItemState(progress: .done)])
    }

    @Test func walModeAndFullSynchronousAreInEffect() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        #expect(try store.writerPragma("journal_mode") == "wal")
        #expect(try store.writerPragma("synchronous") == "2", "2 is FULL")
        #expect(try store.writerPragma("busy_timeout") == "5000")
        #expect(try store.writerPragma("integrity_check") == "ok")
    }

    @Test func aMissingDirectoryIsCreatedPrivate() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let nested = dir.appending("state/editoriald")
        _ = try SQLiteStateStore(directory: nested)
        let attributes = try FileManager.default.attributesOfItem(atPath: nested)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        #expect(FileManager.default.fileExists(atPath: (nested as NSString).appendingPathComponent("state.sqlite")))
    }

    @Test func aFailingBatchLeavesNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        try store.commit(StoreBatch(announce: ["old": "x"], lastProcessed: 1), at: 1)
        // A real constraint failure in the middle of the transaction: the announcement insert aborts.
        try store.executeRaw(
            """
            CREATE TRIGGER refuse BEFORE INSERT ON announced_blocked WHEN NEW.item = 'boom'
            BEGIN SELECT RAISE(ABORT, 'refused by test'); END
            """)
        let batch = StoreBatch(
            fired: (0..<100).map { reminder("k\($0)", scheduled: 10) }, announce: ["boom": "y"],
            unannounce: ["old"], lastProcessed: 2)
        let error = try #require(throws: StateStoreError.self) { try store.commit(batch, at: 2) }
        #expect(error.description.contains("refused by test"))
        #expect(error.description.contains(dir.appending("state.sqlite")))
        #expect(try store.firedKeys(since: 0).isEmpty)
        #expect(try store.announcedBlocked() == ["old": "x"])
        #expect(try store.lastProcessed() == 1)
    }

    @Test func aDatabaseFromANewerEditorialdIsRefusedAndLeftAlone() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.appending("state.sqlite")
        do {
            let store = try SQLiteStateStore(directory: dir.path)
            try store.commit(StoreBatch(fired: [reminder("a", scheduled: 5)]), at: 5)
            try store.executeRaw("INSERT INTO grdb_migrations (identifier) VALUES ('v2-from-the-future')")
            try store.close()
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let error = try #require(throws: StateStoreError.self) { try SQLiteStateStore(directory: dir.path) }
        #expect(error == .newerSchema(path: file, unknownMigrations: ["v2-from-the-future"]))
        #expect(error.description.contains(file))
        #expect(error.description.contains("newer editoriald"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes, "the file is untouched")
    }

    @Test func aFileThatIsNotADatabaseIsRefusedByPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.appending("state.sqlite")
        let text = String(repeating: "plans: not a database\n", count: 200)
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        let error = try #require(throws: StateStoreError.self) { try SQLiteStateStore(directory: dir.path) }
        #expect(error == .notADatabase(path: file))
        #expect(error.description.contains(file))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text, "the file is untouched")
    }

    // Tests run as root here, and chmod 0500 does not stop root; a path under a regular file stops
    // everyone (ENOTDIR), which is the honest way to get an uncreatable directory.
    @Test func aDirectoryThatCannotBeCreatedIsRefusedByPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.appending("plain-file")
        try "x".write(toFile: file, atomically: false, encoding: .utf8)
        let under = (file as NSString).appendingPathComponent("state")
        let error = try #require(throws: StateStoreError.self) { try SQLiteStateStore(directory: under) }
        guard case .cannotCreateDirectory(let path, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == under)
        #expect(error.description.contains(under))
        let onFile = try #require(throws: StateStoreError.self) { try SQLiteStateStore(directory: file) }
        #expect(onFile.description.contains(file))
    }

    @Test func aDirectoryInPlaceOfTheDatabaseIsRefusedByPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.appending("state.sqlite")
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
        let error = try #require(throws: StateStoreError.self) { try SQLiteStateStore(directory: dir.path) }
        guard case .cannotOpen(let path, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == file)
    }

    // Only meaningful for a non-root user: root ignores the mode bits.
    @Test(.enabled(if: getuid() != 0, "root ignores directory modes"))
    func aReadOnlyDirectoryIsRefusedByPath() throws {
        let dir = try TemporaryDirectory()
        defer {
            chmod(dir.path, 0o700)
            dir.remove()
        }
        chmod(dir.path, 0o500)
        let error = try #require(throws: StateStoreError.self) { try SQLiteStateStore(directory: dir.path) }
        #expect(error.description.contains(dir.appending("state.sqlite")))
    }
}
