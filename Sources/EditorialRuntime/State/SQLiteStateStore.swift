import EditorialCore
import Foundation
import GRDB

/// The embedded `StateStore`: one SQLite file, `state.sqlite`, in the state directory, through a GRDB
/// `DatabasePool` in WAL mode with `synchronous = FULL`. Every write is one transaction that is on disk
/// before the call returns, so the daemon may acknowledge a change as soon as the call succeeds.
/// The scheduler queue calls it synchronously.
public final class SQLiteStateStore: StateStore {
    /// The state directory.
    public let directory: String
    /// The database file inside it.
    public let path: String
    /// The database file, for messages.
    public var location: String { path }
    /// WAL pool: one writer, concurrent readers that never block it.
    let pool: DatabasePool

    /// The file name of the database inside the state directory.
    public static let fileName = "state.sqlite"

    /// Opens (creating if needed) the store in `directory`, and brings its schema up to date.
    public init(directory: String) throws {
        self.directory = directory
        self.path = (directory as NSString).appendingPathComponent(Self.fileName)
        try Self.makeDirectory(directory)
        var configuration = Configuration()
        configuration.label = "editoriald.state"
        // Another process (an operator's sqlite3, a backup) may hold the lock briefly; wait instead of failing.
        configuration.busyMode = .timeout(5)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // In WAL mode, NORMAL syncs only at checkpoints: a committed transaction can vanish on power loss.
            // FULL syncs the WAL at every commit, so what we acknowledged survives a crash or a power cut.
            // Set here, on the pool's one writer connection, because GRDB's WAL setup sets NORMAL after
            // `prepareDatabase` runs (a test checks the pragma).
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // A catch-up batch can hold 100,000 keys; with SQLite's 2 MB default cache the transaction
                // spills pages to the WAL midway. 16 MB keeps such a batch in memory until its commit.
                try db.execute(sql: "PRAGMA cache_size = -16384")
            }
        } catch let error as DatabaseError {
            throw Self.openError(error, path: path)
        }
        let migrator = Self.migrator
        do {
            let applied = try pool.read { try migrator.appliedIdentifiers($0) }
            let unknown = applied.subtracting(migrator.migrations)
            guard unknown.isEmpty else {
                try? pool.close()
                throw StateStoreError.newerSchema(path: path, unknownMigrations: unknown.sorted())
            }
            try migrator.migrate(pool)
        } catch let error as DatabaseError {
            try? pool.close()
            throw Self.openError(error, path: path)
        }
    }

    /// Closes the database (checkpointing the WAL); using the store afterwards throws.
    public func close() throws {
        try mapping { try pool.close() }
    }

    // MARK: Fired reminders

    /// The keys of fired records scheduled at or after `since`.
    public func firedKeys(since: Int64) throws -> Set<String> {
        try mapping {
            try pool.read { db in
                try String.fetchSet(db, sql: "SELECT key FROM fired WHERE scheduled >= ?", arguments: [since])
            }
        }
    }

    /// Fired keys scheduled at or after `since`, each with the instant it was scheduled for (an item moved to
    /// another time fires again: its key is then recorded with the new instant).
    public func firedSchedule(since: Int64) throws -> [String: Int64] {
        try mapping {
            try pool.read { db in
                var result: [String: Int64] = [:]
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT key, scheduled FROM fired WHERE scheduled >= ?", arguments: [since])
                while let row = try rows.next() { result[row[0]] = row[1] }
                return result
            }
        }
    }

    /// Whether `key` has fired.
    public func isFired(_ key: String) throws -> Bool {
        try mapping {
            try pool.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM fired WHERE key = ?)", arguments: [key])
                    ?? false
            }
        }
    }

    /// Records one scheduler step in one transaction: fired keys (with their scheduled instant), announcements,
    /// and the last processed instant. Either all of it is stored, durably, or none.
    public func commit(_ batch: StoreBatch, at now: Int64) throws {
        guard !batch.isEmpty else { return }
        try mapping { try pool.write { db in try Self.write(batch, at: now, db) } }
    }

    /// `commit(_:at:)` with further deliveries, inserted as `deliveries` yields them, in the same transaction.
    public func commit<S: Sequence<OutboxEntry>>(_ batch: StoreBatch, at now: Int64, deliveries: S) throws {
        try mapping {
            try pool.write { db in
                try Self.write(batch, at: now, db)
                try Self.insertDeliveries(deliveries, db)
            }
        }
    }

    /// The statements of `commit`, inside its transaction.
    private static func write(_ batch: StoreBatch, at now: Int64, _ db: Database) throws {
        if !batch.fired.isEmpty {
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO fired (key, item, kind, scheduled, fired, catch_up)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for record in batch.fired {
                insert.setUncheckedArguments([
                    record.key, record.item, record.kind, record.scheduled, record.fired, record.catchUp,
                ])
                try insert.execute()
            }
        }
        if !batch.announce.isEmpty {
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO announced_blocked (item, blocked_by, since) VALUES (?, ?, ?)
                    ON CONFLICT (item) DO UPDATE SET blocked_by = excluded.blocked_by, since = excluded.since
                    WHERE blocked_by <> excluded.blocked_by
                    """)
            for (item, blocker) in batch.announce.sorted(by: { $0.key < $1.key }) {
                upsert.setUncheckedArguments([item, blocker, now])
                try upsert.execute()
            }
        }
        if !batch.unannounce.isEmpty {
            let delete = try db.cachedStatement(sql: "DELETE FROM announced_blocked WHERE item = ?")
            for item in batch.unannounce {
                delete.setUncheckedArguments([item])
                try delete.execute()
            }
        }
        if let last = batch.lastProcessed {
            try Self.setMeta(db, key: Self.lastProcessedKey, value: String(last))
        }
        if !batch.deliveries.isEmpty { try Self.insertDeliveries(batch.deliveries, db) }
    }

    /// Forgets fired records scheduled before `scheduledBefore`; returns how many.
    @discardableResult
    public func pruneFired(scheduledBefore: Int64) throws -> Int {
        try mapping {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM fired WHERE scheduled < ?", arguments: [scheduledBefore])
                return db.changesCount
            }
        }
    }

    // MARK: Item states

    /// Every item with a recorded state.
    public func itemStates() throws -> [String: ItemState] {
        try mapping {
            try pool.read { db in
                var states: [String: ItemState] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT item, progress, snoozed_until FROM item_state")
                while let row = try rows.next() {
                    let progress: String? = row[1]
                    states[row[0]] = ItemState(
                        progress: progress.flatMap(Progress.init(rawValue:)), snoozedUntil: row[2])
                }
                return states
            }
        }
    }

    /// Sets the state of `item` and appends `audit`, in one transaction. An open state (not snoozed either)
    /// removes the row: "no state recorded" and "open" mean the same.
    public func setState(_ state: ItemState, for item: String, audit: AuditRecord, outcome: PaceRecord?) throws {
        try mapping {
            try pool.write { db in
                if let outcome {
                    try Self.upsertOutcome(db, outcome)
                } else if state.progress == nil {
                    try db.execute(sql: "DELETE FROM outcome WHERE item = ?", arguments: [item])
                }
                if state == ItemState() {
                    try db.execute(sql: "DELETE FROM item_state WHERE item = ?", arguments: [item])
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO item_state (item, progress, snoozed_until, updated) VALUES (?, ?, ?, ?)
                            ON CONFLICT (item) DO UPDATE SET progress = excluded.progress,
                                snoozed_until = excluded.snoozed_until, updated = excluded.updated
                            """,
                        arguments: [item, state.progress?.rawValue, state.snoozedUntil, audit.at])
                }
                try Self.insertAudit(db, audit)
            }
        }
    }

    // MARK: Acknowledgements

    /// Records the acknowledgement of `key` (item, actor and time from `audit`) with its audit row, in one
    /// transaction; false (and nothing written) when it was acknowledged already.
    public func acknowledge(key: String, audit: AuditRecord) throws -> Bool {
        try mapping {
            try pool.write { db in
                guard
                    try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ack WHERE key = ?)", arguments: [key])
                        == false
                else { return false }
                try db.execute(
                    sql: "INSERT INTO ack (key, item, at, actor) VALUES (?, ?, ?, ?)",
                    arguments: [key, audit.item ?? "", audit.at, audit.actor])
                try Self.insertAudit(db, audit)
                return true
            }
        }
    }

    /// Every acknowledged key with when it was acknowledged.
    public func acknowledgements() throws -> [String: Int64] {
        try mapping {
            try pool.read { db in
                var result: [String: Int64] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT key, at FROM ack")
                while let row = try rows.next() { result[row[0]] = row[1] }
                return result
            }
        }
    }

    /// The fired records of one item, oldest first.
    public func fired(item: String) throws -> [FiredRecord] {
        try mapping {
            try pool.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql:
                        "SELECT key, item, kind, scheduled, fired, catch_up FROM fired WHERE item = ? ORDER BY fired, key",
                    arguments: [item])
                var records: [FiredRecord] = []
                while let row = try rows.next() {
                    records.append(
                        FiredRecord(
                            key: row[0], item: row[1], kind: row[2], scheduled: row[3], fired: row[4], catchUp: row[5]))
                }
                return records
            }
        }
    }

    // MARK: Announcements and progress

    /// Blocked posts already announced: item → the item that blocks it.
    public func announcedBlocked() throws -> [String: String] {
        try mapping {
            try pool.read { db in
                var announced: [String: String] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT item, blocked_by FROM announced_blocked")
                while let row = try rows.next() { announced[row[0]] = row[1] }
                return announced
            }
        }
    }

    /// The instant the scheduler had processed up to when it last committed, if ever.
    public func lastProcessed() throws -> Int64? {
        try mapping {
            try pool.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.lastProcessedKey])
                    .flatMap { Int64($0) }
            }
        }
    }

    // MARK: Audit log

    /// The newest `limit` audit entries, newest first; only those about `item` when given.
    public func audit(item: String?, limit: Int) throws -> [AuditRecord] {
        try mapping {
            try pool.read { db in
                let columns = "id, at, actor, action, item, before, after, detail"
                let rows: RowCursor
                if let item {
                    rows = try Row.fetchCursor(
                        db, sql: "SELECT \(columns) FROM audit WHERE item = ? ORDER BY id DESC LIMIT ?",
                        arguments: [item, limit])
                } else {
                    rows = try Row.fetchCursor(
                        db, sql: "SELECT \(columns) FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
                }
                var records: [AuditRecord] = []
                while let row = try rows.next() {
                    records.append(
                        AuditRecord(
                            id: row[0], at: row[1], actor: row[2], action: row[3], item: row[4], before: row[5],
                            after: row[6], detail: row[7]))
                }
                return records
            }
        }
    }

    /// Appends an audit row that changes no item state (a reload, a refused request); returns its id.
    @discardableResult
    public func appendAudit(_ record: AuditRecord) throws -> Int64 {
        try mapping {
            try pool.write { db in
                try Self.insertAudit(db, record)
                return db.lastInsertedRowID
            }
        }
    }

    // MARK: Plan warnings

    /// The keys of the plan warnings journaled already.
    public func journaledWarnings() throws -> Set<String> {
        try mapping { try pool.read { db in try String.fetchSet(db, sql: "SELECT key FROM plan_warning") } }
    }

    /// Replaces the journaled warnings by `keys`, in one transaction.
    public func setJournaledWarnings(_ keys: Set<String>) throws {
        try mapping {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM plan_warning")
                let insert = try db.cachedStatement(sql: "INSERT INTO plan_warning (key) VALUES (?)")
                for key in keys.sorted() {
                    insert.setUncheckedArguments([key])
                    try insert.execute()
                }
            }
        }
    }

    // MARK: Calendar sequences

    /// Every exported UID's last fingerprint and SEQUENCE.
    public func calendarSequences() throws -> [String: CalendarSequences.Record] {
        try mapping {
            try pool.read { db in
                var result: [String: CalendarSequences.Record] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT uid, fingerprint, sequence FROM calendar_sequence")
                while let row = try rows.next() {
                    let fingerprint: Int64 = row[1]
                    result[row[0]] = CalendarSequences.Record(
                        fingerprint: UInt64(bitPattern: fingerprint), sequence: row[2])
                }
                return result
            }
        }
    }

    /// Records changed fingerprints and sequences, in one transaction.
    public func saveCalendarSequences(_ records: [String: CalendarSequences.Record]) throws {
        guard !records.isEmpty else { return }
        try mapping {
            try pool.write { db in
                let upsert = try db.cachedStatement(
                    sql: """
                        INSERT INTO calendar_sequence (uid, fingerprint, sequence) VALUES (?, ?, ?)
                        ON CONFLICT (uid) DO UPDATE SET fingerprint = excluded.fingerprint, sequence = excluded.sequence
                        """)
                for (uid, record) in records {
                    upsert.setUncheckedArguments([uid, Int64(bitPattern: record.fingerprint), record.sequence])
                    try upsert.execute()
                }
            }
        }
    }

    // MARK: Diagnostics

    /// The value of `PRAGMA name` on the writer connection (what the store's own writes run under).
    func writerPragma(_ name: String) throws -> String? {
        try mapping {
            try pool.write { db in
                switch try DatabaseValue.fetchOne(db, sql: "PRAGMA \(name)")?.storage {
                case .string(let text): text
                case .int64(let number): String(number)
                default: nil
                }
            }
        }
    }

    /// Runs raw SQL on the writer connection; for tests that need to break the database on purpose.
    func executeRaw(_ sql: String) throws {
        try mapping { try pool.write { try $0.execute(sql: sql) } }
    }

    // MARK: Private

    private static let lastProcessedKey = "last_processed"

    private static func setMeta(_ db: Database, key: String, value: String) throws {
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            arguments: [key, value])
    }

    static func insertAudit(_ db: Database, _ r: AuditRecord) throws {
        try db.execute(
            sql: """
                INSERT INTO audit (at, actor, action, item, before, after, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [r.at, r.actor, r.action, r.item, r.before, r.after, r.detail])
    }

    /// Makes the state directory (mode 0700) unless it exists; throws when it cannot, or when a file is in its place.
    static func makeDirectory(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StateStoreError.cannotCreateDirectory(path: directory, reason: "it exists and is not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateStoreError.cannotCreateDirectory(path: directory, reason: Self.reason(error))
        }
    }

    private static func openError(_ error: DatabaseError, path: String) -> StateStoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB: .notADatabase(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH, .SQLITE_IOERR:
            .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        default: .database(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }

    /// Runs `body`, turning SQLite errors into `StateStoreError`s that name the file.
    func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw Self.openError(error, path: path)
        }
    }
}
