import CPostgres
import EditorialCore
import Foundation

/// The shared `StateStore`: a PostgreSQL database, reached through libpq, that several daemons may use at once.
/// Every write is one transaction committed (with the server's default `synchronous_commit = on`) before the call
/// returns. Two connections, each behind its own lock: one for writes, one for reads, so that a long read
/// (`show`, the outbox pages) never holds up the scheduler's commits. A lost connection is opened again at the
/// next call; until then calls throw `StateStoreError.unreachable`.
/// The connections are only used under their locks, which is what makes the class safe to share.
public final class PostgreSQLStateStore: StateStore {
    /// The database, for messages: `postgresql://user@host:port/dbname`, never the password.
    public let location: String
    private let writer: PostgresConnection
    private let writerLock = NSLock()
    private let reader: PostgresConnection
    private let readerLock = NSLock()

    /// Rows per statement when a batch is written as arrays (bounds one statement's size, not the batch's).
    static let chunk = 5_000

    /// The session advisory lock a store's writer holds (`SessionLock`): daemons share it, `migrate-state` takes it alone.
    static let daemonLock: Int64 = 0x6564_6974_6f72_6964  // "editorid"

    /// The session advisory lock a store's writer holds on `daemonLock`, taken again at each reconnection.
    public enum SessionLock: Sendable {
        /// None (a test's, a benchmark's store).
        case none
        /// Shared: a daemon's. Any number of daemons share a database (the scheduler lease decides which one
        /// fires); `migrate-state` is refused while one runs.
        case shared
        /// Exclusive: `migrate-state`'s, refused while a daemon (or another copy) uses the database.
        case exclusive
    }

    /// Connects (twice: writer and reader) and brings the schema up to date; `environment` holds
    /// `CREDENTIALS_DIRECTORY` for a password given as a systemd credential. `lock` says which session lock the
    /// writer holds. With `node`, the changes this store records (`setState`, `acknowledge`) and each committed
    /// step are announced to the other daemons on the channel `editoriald` (`NOTIFY`, sent when the
    /// transaction commits), the payload naming `node`.
    public init(
        settings: PostgresSettings, lock: SessionLock = .none, node: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StateStoreError) {
        let location = Self.describe(settings.connection)
        self.location = location
        self.node = node
        if let problem = StateConfig.check(settings.connection) {
            throw .badSettings(location: location, reason: problem)
        }
        let parameters = Self.parameters(settings, environment: environment)
        self.parameters = parameters
        let timeout = Double(settings.timeout)
        let writing: PostgresConnection
        let reading: PostgresConnection
        let unknown: [String]
        do throws(PostgresError) {
            let prepare: ((PostgresConnection) throws(PostgresError) -> Void)? =
                lock == .none
                ? nil : { (c: PostgresConnection) throws(PostgresError) in try Self.takeDaemonLock(c, lock) }
            writing = try PostgresConnection(parameters: parameters, timeout: timeout, prepare: prepare)
            unknown = try Self.migrate(writing)
            reading = try PostgresConnection(parameters: parameters, timeout: timeout)
        } catch {
            if error.sqlState == Self.lockHeld { throw .database(path: location, reason: error.message) }
            // Neither the server's nor libpq's: the password could not be read.
            if !error.connectionLost, error.sqlState == nil {
                throw .badSettings(location: location, reason: error.message)
            }
            throw Self.storeError(error, location)
        }
        guard unknown.isEmpty else { throw .newerSchema(path: location, unknownMigrations: unknown) }
        writer = writing
        self.lock = lock
        reader = reading
        self.timeout = settings.timeout
    }

    /// libpq's parameters for `settings`, asked at each connection (the password is read again).
    static func parameters(
        _ settings: PostgresSettings, environment: [String: String]
    ) -> @Sendable () throws(PostgresError) -> [(String, String)] {
        { () throws(PostgresError) -> [(String, String)] in
            // Defaults first: the connection string, expanded from `dbname`, overrides them.
            var parameters = [("application_name", "editoriald"), ("connect_timeout", "5")]
            parameters.append(("dbname", settings.connection))
            if let source = settings.password {
                switch Secret.read(source, environment: environment, what: "database password") {
                case .success(let bytes):
                    parameters.append(("password", String(decoding: bytes, as: UTF8.self)))
                case .failure(let problem):
                    throw PostgresError(sqlState: nil, message: problem.message, connectionLost: false)
                }
            }
            return parameters
        }
    }

    /// How the store's sessions connect, for another session to the same database (the lease's, the listener's).
    let parameters: @Sendable () throws(PostgresError) -> [(String, String)]
    /// The statement timeout of the store's sessions (seconds).
    let timeout: Int64

    /// A new session to the store's database, `prepare` run on it at each connection.
    func session(prepare: ((PostgresConnection) throws(PostgresError) -> Void)? = nil) throws(StateStoreError)
        -> PostgresConnection
    {
        do throws(PostgresError) {
            return try PostgresConnection(parameters: parameters, timeout: Double(timeout), prepare: prepare)
        } catch {
            throw Self.storeError(error, location)
        }
    }

    /// SQLSTATE lock_not_available, given to a daemon that finds another holding the database.
    static let lockHeld = "55P03"

    private static func takeDaemonLock(_ c: PostgresConnection, _ lock: SessionLock) throws(PostgresError) {
        let function = lock == .shared ? "pg_try_advisory_lock_shared" : "pg_try_advisory_lock"
        guard try c.execute("SELECT \(function)($1)", [String(daemonLock)]).bool(0, 0) == true else {
            throw PostgresError(
                sqlState: lockHeld,
                message: lock == .shared
                    ? "editoriald migrate-state is copying this database; start the daemon when it is done"
                    : "an editoriald daemon (or another copy) is using this database; stop it first",
                connectionLost: true)
        }
    }

    /// The session lock the writer holds.
    let lock: SessionLock
    /// The node named in the notifications this store sends, if it sends them.
    let node: String?

    /// Closes both connections, the writer's session lock released first; using the store afterwards opens them again.
    public func close() throws {
        writerLock.withLock {
            // The server drops a session's locks only once its backend has exited, after the socket closes: unlocked
            // first, so that a `migrate-state` started right after a daemon stops finds the database free.
            if lock != .none, writer.isOpen { _ = try? writer.execute("SELECT pg_advisory_unlock_all()") }
            writer.disconnect()
        }
        readerLock.withLock { reader.disconnect() }
    }

    // MARK: At start

    /// Fired keys scheduled at or after `since`, with their instants.
    public func firedSchedule(since: Int64) throws -> [String: Int64] {
        try read { c throws(PostgresError) in
            let rows = try c.execute(
                "SELECT key, scheduled FROM fired WHERE scheduled >= $1", [String(since)], retryable: true)
            var result: [String: Int64] = [:]
            result.reserveCapacity(rows.count)
            for i in 0..<rows.count { result[rows.string(i, 0) ?? ""] = rows.int64(i, 1) ?? 0 }
            return result
        }
    }

    /// Every item with a recorded state.
    public func itemStates() throws -> [String: ItemState] {
        try read { c throws(PostgresError) in
            let rows = try c.execute("SELECT item, progress, snoozed_until FROM item_state", retryable: true)
            var states: [String: ItemState] = [:]
            for i in 0..<rows.count {
                states[rows.string(i, 0) ?? ""] = ItemState(
                    progress: rows.string(i, 1).flatMap(Progress.init(rawValue:)), snoozedUntil: rows.int64(i, 2))
            }
            return states
        }
    }

    /// Blocked posts already announced: item → the item that blocks it.
    public func announcedBlocked() throws -> [String: String] {
        try read { c throws(PostgresError) in
            let rows = try c.execute("SELECT item, blocked_by FROM announced_blocked", retryable: true)
            var result: [String: String] = [:]
            for i in 0..<rows.count { result[rows.string(i, 0) ?? ""] = rows.string(i, 1) ?? "" }
            return result
        }
    }

    /// The instant the scheduler had processed up to when it last committed, if ever.
    public func lastProcessed() throws -> Int64? {
        try read { c throws(PostgresError) in
            let rows = try c.execute("SELECT value FROM meta WHERE key = 'last_processed'", retryable: true)
            return rows.count == 0 ? nil : rows.string(0, 0).flatMap { Int64($0) }
        }
    }

    /// Every acknowledged key with when it was acknowledged.
    public func acknowledgements() throws -> [String: Int64] {
        try read { c throws(PostgresError) in
            let rows = try c.execute("SELECT key, at FROM ack", retryable: true)
            var result: [String: Int64] = [:]
            for i in 0..<rows.count { result[rows.string(i, 0) ?? ""] = rows.int64(i, 1) ?? 0 }
            return result
        }
    }

    // MARK: Writes

    /// Records one scheduler step in one transaction.
    public func commit(_ batch: StoreBatch, at now: Int64) throws {
        guard !batch.isEmpty else { return }
        try write { c throws(PostgresError) in
            try c.transaction { () throws(PostgresError) in
                try Self.write(batch, at: now, c)
                try announce("step", nil, c)
            }
        }
    }

    /// `commit(_:at:)` with the step's deliveries, inserted in chunks as `deliveries` yields them.
    public func commit<S: Sequence<OutboxEntry>>(_ batch: StoreBatch, at now: Int64, deliveries: S) throws {
        try write { c throws(PostgresError) in
            try c.transaction { () throws(PostgresError) in
                try Self.write(batch, at: now, c)
                try Self.insertDeliveries(deliveries, c)
                try announce("step", nil, c)
            }
        }
    }

    /// Sets the state of `item` with its audit row and pace history, in one transaction.
    public func setState(_ state: ItemState, for item: String, audit: AuditRecord, outcome: PaceRecord?) throws {
        try write { c throws(PostgresError) in
            try c.transaction { () throws(PostgresError) in
                if let outcome {
                    try Self.upsertOutcomes([outcome], c)
                } else if state.progress == nil {
                    try c.execute("DELETE FROM outcome WHERE item = $1", [item])
                }
                if state == ItemState() {
                    try c.execute("DELETE FROM item_state WHERE item = $1", [item])
                } else {
                    try c.execute(
                        """
                        INSERT INTO item_state (item, progress, snoozed_until, updated) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (item) DO UPDATE SET progress = excluded.progress,
                            snoozed_until = excluded.snoozed_until, updated = excluded.updated
                        """, [item, state.progress?.rawValue, state.snoozedUntil.map(String.init), String(audit.at)])
                }
                try Self.insertAudit(audit, c)
                try announce("state", item, c)
            }
        }
    }

    /// Records an acknowledgement with its audit row; false when the key was acknowledged already.
    public func acknowledge(key: String, audit: AuditRecord) throws -> Bool {
        try write { c throws(PostgresError) in
            try c.transaction { () throws(PostgresError) in
                let inserted = try c.execute(
                    "INSERT INTO ack (key, item, at, actor) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING",
                    [key, audit.item ?? "", String(audit.at), audit.actor]
                ).affected
                guard inserted == 1 else { return false }
                try Self.insertAudit(audit, c)
                try announce("ack", key, c)
                return true
            }
        }
    }

    /// Appends an audit row that changes no state; returns its id.
    @discardableResult public func appendAudit(_ record: AuditRecord) throws -> Int64 {
        try write { c throws(PostgresError) in try Self.insertAudit(record, c) }
    }

    /// Forgets fired records scheduled before `scheduledBefore`; returns how many.
    @discardableResult public func pruneFired(scheduledBefore: Int64) throws -> Int {
        try write { c throws(PostgresError) in
            try c.execute("DELETE FROM fired WHERE scheduled < $1", [String(scheduledBefore)]).affected
        }
    }

    // MARK: Reads for show

    /// The fired records of one item, oldest first.
    public func fired(item: String) throws -> [FiredRecord] {
        try read { c throws(PostgresError) in
            let rows = try c.execute(
                "SELECT key, item, kind, scheduled, fired, catch_up FROM fired WHERE item = $1 ORDER BY fired, key",
                [item], retryable: true)
            return (0..<rows.count).map { i in
                FiredRecord(
                    key: rows.string(i, 0) ?? "", item: rows.string(i, 1) ?? "", kind: rows.string(i, 2) ?? "",
                    scheduled: rows.int64(i, 3) ?? 0, fired: rows.int64(i, 4) ?? 0, catchUp: rows.bool(i, 5) ?? false)
            }
        }
    }

    /// The newest `limit` audit rows, newest first; only those about `item` when given.
    public func audit(item: String?, limit: Int) throws -> [AuditRecord] {
        try read { c throws(PostgresError) in
            let columns = "id, at, actor, action, item, before, after, detail"
            let rows =
                if let item {
                    try c.execute(
                        "SELECT \(columns) FROM audit WHERE item = $1 ORDER BY id DESC LIMIT $2",
                        [item, String(limit)],
                        retryable: true)
                } else {
                    try c.execute(
                        "SELECT \(columns) FROM audit ORDER BY id DESC LIMIT $1", [String(limit)], retryable: true)
                }
            return (0..<rows.count).map { i in
                AuditRecord(
                    id: rows.int64(i, 0) ?? 0, at: rows.int64(i, 1) ?? 0, actor: rows.string(i, 2) ?? "",
                    action: rows.string(i, 3) ?? "", item: rows.string(i, 4), before: rows.string(i, 5),
                    after: rows.string(i, 6), detail: rows.string(i, 7))
            }
        }
    }

    // MARK: Plan warnings

    /// The keys of the plan warnings journaled already.
    public func journaledWarnings() throws -> Set<String> {
        try read { c throws(PostgresError) in
            let rows = try c.execute("SELECT key FROM plan_warning", retryable: true)
            return Set((0..<rows.count).compactMap { rows.string($0, 0) })
        }
    }

    /// Replaces the journaled warnings by `keys`, in one transaction.
    public func setJournaledWarnings(_ keys: Set<String>) throws {
        try write { c throws(PostgresError) in
            try c.transaction { () throws(PostgresError) in
                try c.execute("DELETE FROM plan_warning")
                let sorted = keys.sorted()
                for start in stride(from: 0, to: sorted.count, by: Self.chunk) {
                    let part = sorted[start..<min(start + Self.chunk, sorted.count)]
                    try c.execute(
                        "INSERT INTO plan_warning (key) SELECT unnest($1::text[])", [PostgresArray.text(part)])
                }
            }
        }
    }

    // MARK: Calendar sequences

    /// Every exported UID's last fingerprint and SEQUENCE.
    public func calendarSequences() throws -> [String: CalendarSequences.Record] {
        try read { c throws(PostgresError) in
            let rows = try c.execute("SELECT uid, fingerprint, sequence FROM calendar_sequence", retryable: true)
            var result: [String: CalendarSequences.Record] = [:]
            for i in 0..<rows.count {
                result[rows.string(i, 0) ?? ""] = CalendarSequences.Record(
                    fingerprint: UInt64(bitPattern: rows.int64(i, 1) ?? 0), sequence: Int(rows.int64(i, 2) ?? 0))
            }
            return result
        }
    }

    /// Records changed fingerprints and sequences, in one transaction.
    public func saveCalendarSequences(_ records: [String: CalendarSequences.Record]) throws {
        guard !records.isEmpty else { return }
        let all = Array(records)
        try write { c throws(PostgresError) in
            try c.transaction { () throws(PostgresError) in
                for start in stride(from: 0, to: all.count, by: Self.chunk) {
                    let part = all[start..<min(start + Self.chunk, all.count)]
                    try c.execute(
                        """
                        INSERT INTO calendar_sequence (uid, fingerprint, sequence)
                        SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
                        ON CONFLICT (uid) DO UPDATE SET fingerprint = excluded.fingerprint, sequence = excluded.sequence
                        """,
                        [
                            PostgresArray.text(part.map(\.key)),
                            PostgresArray.int64(part.map { Int64(bitPattern: $0.value.fingerprint) }),
                            PostgresArray.int64(part.map { Int64($0.value.sequence) }),
                        ])
                }
            }
        }
    }

    // MARK: Internal

    /// Runs `body` on the writer connection, mapping errors.
    @discardableResult
    func write<T>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(StateStoreError) -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        do throws(PostgresError) { return try body(writer) } catch { throw Self.storeError(error, location) }
    }

    /// Runs `body` on the reader connection, mapping errors.
    func read<T>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(StateStoreError) -> T {
        readerLock.lock()
        defer { readerLock.unlock() }
        do throws(PostgresError) { return try body(reader) } catch { throw Self.storeError(error, location) }
    }

    /// The statements of `commit`, inside its transaction.
    private static func write(_ batch: StoreBatch, at now: Int64, _ c: PostgresConnection) throws(PostgresError) {
        if !batch.fired.isEmpty {
            let records = lastOfEach(batch.fired, by: \.key)
            for start in stride(from: 0, to: records.count, by: chunk) {
                let part = records[start..<min(start + chunk, records.count)]
                try c.execute(
                    """
                    INSERT INTO fired (key, item, kind, scheduled, fired, catch_up)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::boolean[])
                    ON CONFLICT (key) DO UPDATE SET item = excluded.item, kind = excluded.kind,
                        scheduled = excluded.scheduled, fired = excluded.fired, catch_up = excluded.catch_up,
                        sent = true
                    """,
                    [
                        PostgresArray.text(part.map(\.key)), PostgresArray.text(part.map(\.item)),
                        PostgresArray.text(part.map(\.kind)), PostgresArray.int64(part.map(\.scheduled)),
                        PostgresArray.int64(part.map(\.fired)), PostgresArray.bool(part.map(\.catchUp)),
                    ])
            }
        }
        if !batch.announce.isEmpty {
            let sorted = batch.announce.sorted { $0.key < $1.key }
            try c.execute(
                """
                INSERT INTO announced_blocked (item, blocked_by, since)
                SELECT item, blocked_by, $3 FROM unnest($1::text[], $2::text[]) AS a (item, blocked_by)
                ON CONFLICT (item) DO UPDATE SET blocked_by = excluded.blocked_by, since = excluded.since
                WHERE announced_blocked.blocked_by <> excluded.blocked_by
                """,
                [PostgresArray.text(sorted.map(\.key)), PostgresArray.text(sorted.map(\.value)), String(now)])
        }
        if !batch.unannounce.isEmpty {
            try c.execute(
                "DELETE FROM announced_blocked WHERE item = ANY($1::text[])", [PostgresArray.text(batch.unannounce)])
        }
        if let last = batch.lastProcessed {
            try c.execute(
                """
                INSERT INTO meta (key, value) VALUES ('last_processed', $1)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, [String(last)])
        }
        if !batch.deliveries.isEmpty { try insertDeliveries(batch.deliveries, c) }
    }

    /// Announces a change to the other daemons (`NOTIFY editoriald`, delivered when the transaction commits):
    /// `KIND<TAB>NODE[<TAB>SUBJECT]`; nothing unless this store names its node.
    func announce(_ kind: String, _ subject: String?, _ c: PostgresConnection) throws(PostgresError) {
        guard let node else { return }
        let payload = [kind, node, subject].compactMap { $0 }.joined(separator: "\t")
        // A NOTIFY payload is at most 8000 bytes: a longer subject is dropped, and the listener reads everything.
        try c.execute(
            "SELECT pg_notify('editoriald', $1)", [payload.utf8.count < 8000 ? payload : kind + "\t" + node])
    }

    /// `items` with only the last of those sharing a key, in order: one statement may not write a row twice
    /// (`ON CONFLICT … DO UPDATE`), so a key given twice keeps its last value.
    static func lastOfEach<T>(_ items: [T], by key: (T) -> String) -> [T] {
        var last: [String: Int] = [:]
        for (i, item) in items.enumerated() { last[key(item)] = i }
        return items.enumerated().filter { last[key($0.element)] == $0.offset }.map(\.element)
    }

    /// Appends one audit row; returns its id.
    @discardableResult
    static func insertAudit(_ r: AuditRecord, _ c: PostgresConnection) throws(PostgresError) -> Int64 {
        let rows = try c.execute(
            """
            INSERT INTO audit (at, actor, action, item, before, after, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)
            RETURNING id
            """, [String(r.at), r.actor, r.action, r.item, r.before, r.after, r.detail])
        return rows.int64(0, 0) ?? 0
    }

    /// The connection string's target, for messages, without any secret.
    static func describe(_ connection: String) -> String {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connection, &message) else {
            PQfreemem(message)
            return "postgresql (unreadable connection string)"
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let user = values["user"].map { $0 + "@" } ?? ""
        let host = values["host"] ?? values["hostaddr"] ?? ""
        let port = values["port"].map { ":" + $0 } ?? ""
        let database = values["dbname"] ?? values["user"] ?? ""
        return "postgresql://\(user)\(host.hasPrefix("/") ? "[\(host)]" : host)\(port)/\(database)"
    }

    /// A libpq failure as the store's error.
    static func storeError(_ error: PostgresError, _ location: String) -> StateStoreError {
        error.connectionLost
            ? .unreachable(location: location, reason: error.description)
            : .database(path: location, reason: error.description)
    }
}
