import EditorialCore
import GRDB

/// The outbox: deliveries queued with the firings that caused them, read and updated by the delivery worker.
extension SQLiteStateStore {
    private static let columns = """
        id, key, route, target, recipient, item, event, reminder_key, event_at, queued, state, attempts, \
        next_attempt, last_attempt, last_result, delivered, payload
        """

    /// Inserts queued deliveries inside a commit's transaction; a key already queued is left as it is.
    static func insertDeliveries<S: Sequence<OutboxEntry>>(_ entries: S, _ db: Database) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO outbox (key, route, target, recipient, item, event, reminder_key, event_at, queued, state,
                    attempts, next_attempt, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (key) DO NOTHING
                """)
        for e in entries {
            insert.setUncheckedArguments([
                e.key, e.route, e.target, e.recipient, e.item, e.event, e.reminderKey, e.eventAt, e.queued,
                e.state.rawValue, e.attempts, e.nextAttempt, e.payload,
            ])
            try insert.execute()
        }
    }

    /// Up to `limit` open deliveries due at `now`, soonest first, without `busy`.
    public func dueDeliveries(now: Int64, limit: Int, excluding busy: Set<Int64>) throws -> [OutboxEntry] {
        try mapping {
            try pool.read { db in
                // Busy rows are few (the worker's in-flight window); skipping them here keeps the query simple.
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT \(Self.columns) FROM outbox INDEXED BY outbox_open
                        WHERE state IN ('pending', 'retrying') AND next_attempt <= ?
                        ORDER BY next_attempt, id LIMIT ?
                        """,
                    arguments: [now, limit + busy.count])
                var result: [OutboxEntry] = []
                while let row = try rows.next(), result.count < limit {
                    let entry = Self.entry(row)
                    if !busy.contains(entry.id) { result.append(entry) }
                }
                return result
            }
        }
    }

    /// The earliest next attempt of an open delivery.
    public func nextDeliveryAttempt() throws -> Int64? {
        try mapping {
            try pool.read { db in
                // The partial index of open rows, named: left to itself the planner took the state index and a
                // sort, 200 times slower with 20,000 rows queued (EXPLAIN QUERY PLAN).
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT next_attempt FROM outbox INDEXED BY outbox_open
                        WHERE state IN ('pending', 'retrying') ORDER BY next_attempt, id LIMIT 1
                        """)
            }
        }
    }

    /// Records attempts' results in one transaction.
    public func recordAttempts(_ entries: [OutboxEntry]) throws {
        guard !entries.isEmpty else { return }
        try mapping {
            try pool.write { db in
                let update = try db.cachedStatement(
                    sql: """
                        UPDATE outbox SET state = ?, attempts = ?, next_attempt = ?, last_attempt = ?, last_result = ?,
                            delivered = ?
                        WHERE id = ?
                        """)
                for e in entries {
                    update.setUncheckedArguments([
                        e.state.rawValue, e.attempts, e.nextAttempt, e.lastAttempt, e.lastResult, e.delivered, e.id,
                    ])
                    try update.execute()
                }
            }
        }
    }

    /// Deliveries newest first, filtered by state, paged by id.
    public func outbox(state: OutboxState?, before: Int64?, limit: Int) throws -> [OutboxEntry] {
        try mapping {
            try pool.read { db in
                var conditions: [String] = []
                var arguments: StatementArguments = []
                if let state {
                    conditions.append("state = ?")
                    _ = arguments.append(contentsOf: [state.rawValue])
                }
                if let before {
                    conditions.append("id < ?")
                    _ = arguments.append(contentsOf: [before])
                }
                _ = arguments.append(contentsOf: [limit])
                let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
                return try Self.entries(
                    db, sql: "SELECT \(Self.columns) FROM outbox \(filter) ORDER BY id DESC LIMIT ?",
                    arguments: arguments)
            }
        }
    }

    /// One delivery.
    public func delivery(id: Int64) throws -> OutboxEntry? {
        try mapping {
            try pool.read { db in
                try Self.entries(db, sql: "SELECT \(Self.columns) FROM outbox WHERE id = ?", arguments: [id]).first
            }
        }
    }

    /// The deliveries of one item, oldest first.
    public func deliveries(item: String) throws -> [OutboxEntry] {
        try mapping {
            try pool.read { db in
                try Self.entries(
                    db, sql: "SELECT \(Self.columns) FROM outbox WHERE item = ? ORDER BY id", arguments: [item])
            }
        }
    }

    /// How many deliveries are in each state.
    public func outboxCounts() throws -> [OutboxState: Int] {
        try mapping {
            try pool.read { db in
                var counts: [OutboxState: Int] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT state, COUNT(*) FROM outbox GROUP BY state")
                while let row = try rows.next() {
                    if let state = OutboxState(rawValue: row[0]) { counts[state] = row[1] }
                }
                return counts
            }
        }
    }

    /// Puts a dead or open delivery back for an attempt at `now`, with its audit row.
    public func retryDelivery(id: Int64, now: Int64, audit: AuditRecord) throws -> OutboxEntry? {
        try mapping {
            try pool.write { db in
                guard
                    var entry = try Self.entries(
                        db, sql: "SELECT \(Self.columns) FROM outbox WHERE id = ?", arguments: [id]
                    ).first, entry.state != .delivered
                else { return nil }
                entry.revive(at: now)
                try db.execute(
                    sql: "UPDATE outbox SET state = ?, next_attempt = ?, queued = ? WHERE id = ?",
                    arguments: [entry.state.rawValue, now, now, id])
                try Self.insertAudit(db, audit)
                return entry
            }
        }
    }

    /// Forgets finished deliveries last tried before `before`.
    @discardableResult
    public func pruneDeliveries(before: Int64) throws -> Int {
        try mapping {
            try pool.write { db in
                try db.execute(
                    sql: """
                        DELETE FROM outbox WHERE state IN ('delivered', 'dead') AND COALESCE(last_attempt, queued) < ?
                        """, arguments: [before])
                return db.changesCount
            }
        }
    }

    private static func entries(_ db: Database, sql: String, arguments: StatementArguments) throws -> [OutboxEntry] {
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        var result: [OutboxEntry] = []
        while let row = try rows.next() { result.append(entry(row)) }
        return result
    }

    private static func entry(_ row: Row) -> OutboxEntry {
        OutboxEntry(
            id: row[0], key: row[1], route: row[2], target: row[3], recipient: row[4], item: row[5], event: row[6],
            reminderKey: row[7], eventAt: row[8], queued: row[9],
            state: OutboxState(rawValue: row[10] as String) ?? .dead, attempts: row[11], nextAttempt: row[12],
            lastAttempt: row[13], lastResult: row[14], delivered: row[15], payload: row[16])
    }
}
