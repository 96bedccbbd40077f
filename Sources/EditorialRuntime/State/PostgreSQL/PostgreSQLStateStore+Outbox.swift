import EditorialCore

/// The outbox on PostgreSQL: the SQLite store's queries, with batches written as arrays.
extension PostgreSQLStateStore {
    private static let columns = """
        id, key, route, target, recipient, item, event, reminder_key, event_at, queued, state, attempts, \
        next_attempt, last_attempt, last_result, delivered, payload
        """

    /// Inserts queued deliveries inside a commit's transaction, `chunk` at a time, in the order given (ids follow
    /// it); a key already queued is left as it is.
    static func insertDeliveries<S: Sequence<OutboxEntry>>(_ entries: S, _ c: PostgresConnection)
        throws(PostgresError)
    {
        var part: [OutboxEntry] = []
        part.reserveCapacity(chunk)
        for entry in entries {
            part.append(entry)
            if part.count == chunk {
                try insert(part, c)
                part.removeAll(keepingCapacity: true)
            }
        }
        if !part.isEmpty { try insert(part, c) }
    }

    private static func insert(_ part: [OutboxEntry], _ c: PostgresConnection) throws(PostgresError) {
        try c.execute(
            """
            INSERT INTO outbox (key, route, target, recipient, item, event, reminder_key, event_at, queued, state,
                attempts, next_attempt, payload)
            SELECT key, route, target, recipient, item, event, reminder_key, event_at, queued, state, attempts,
                next_attempt, payload
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::bigint[], $9::bigint[], $10::text[], $11::bigint[], $12::bigint[], $13::text[])
                WITH ORDINALITY AS d (key, route, target, recipient, item, event, reminder_key, event_at, queued,
                    state, attempts, next_attempt, payload, n)
            ORDER BY n
            ON CONFLICT (key) DO NOTHING
            """,
            [
                PostgresArray.text(part.map(\.key)), PostgresArray.text(part.map(\.route)),
                PostgresArray.text(part.map(\.target)), PostgresArray.text(part.map(\.recipient)),
                PostgresArray.text(part.map(\.item)), PostgresArray.text(part.map(\.event)),
                PostgresArray.text(part.map(\.reminderKey)), PostgresArray.int64(part.map(\.eventAt)),
                PostgresArray.int64(part.map(\.queued)), PostgresArray.text(part.map(\.state.rawValue)),
                PostgresArray.int64(part.map { Int64($0.attempts) }), PostgresArray.int64(part.map(\.nextAttempt)),
                PostgresArray.text(part.map(\.payload)),
            ])
    }

    /// Up to `limit` open deliveries due at `now`, soonest first, without `busy`.
    public func dueDeliveries(now: Int64, limit: Int, excluding busy: Set<Int64>) throws -> [OutboxEntry] {
        // Claimed, not just read, as several daemons may share the outbox: the rows are locked (skipping those
        // another node is claiming) and their next attempt moved `deliveryClaim` ahead, so no other node takes them
        // meanwhile; the attempt's result sets it again. A node that dies while sending leaves its deliveries to be
        // tried again by any node when the claim runs out. The entries are returned as they were before the claim
        // (the main query sees the snapshot the statement started from).
        try write { c throws(PostgresError) in
            let rows = try c.execute(
                """
                WITH due AS (
                    SELECT id FROM outbox
                    WHERE state IN ('pending', 'retrying') AND next_attempt <= $1 AND NOT (id = ANY($2::bigint[]))
                    ORDER BY next_attempt, id LIMIT $3
                    FOR UPDATE SKIP LOCKED
                ), claimed AS (
                    UPDATE outbox SET next_attempt = $1::bigint + $4::bigint FROM due WHERE outbox.id = due.id
                    RETURNING outbox.id
                )
                SELECT \(Self.columns) FROM outbox WHERE id IN (SELECT id FROM claimed) ORDER BY next_attempt, id
                """,
                [String(now), PostgresArray.int64(busy.sorted()), String(limit), String(Self.deliveryClaim)])
            return Self.entries(rows)
        }
    }

    /// How long a delivery claimed by `dueDeliveries` stays out of the other nodes' reach (seconds): longer than
    /// any attempt takes, short enough that a node's death delays its deliveries by minutes, not hours.
    static let deliveryClaim: Int64 = 300

    /// The earliest next attempt of an open delivery.
    public func nextDeliveryAttempt() throws -> Int64? {
        try read { c throws(PostgresError) in
            let rows = try c.execute(
                """
                SELECT next_attempt FROM outbox WHERE state IN ('pending', 'retrying')
                ORDER BY next_attempt, id LIMIT 1
                """, retryable: true)
            return rows.count == 0 ? nil : rows.int64(0, 0)
        }
    }

    /// Records attempts' results in one statement.
    public func recordAttempts(_ entries: [OutboxEntry]) throws {
        guard !entries.isEmpty else { return }
        try write { c throws(PostgresError) in
            try c.execute(
                """
                UPDATE outbox SET state = u.state, attempts = u.attempts, next_attempt = u.next_attempt,
                    last_attempt = u.last_attempt, last_result = u.last_result, delivered = u.delivered
                FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[],
                    $7::bigint[]) AS u (id, state, attempts, next_attempt, last_attempt, last_result, delivered)
                WHERE outbox.id = u.id
                """,
                [
                    PostgresArray.int64(entries.map(\.id)), PostgresArray.text(entries.map(\.state.rawValue)),
                    PostgresArray.int64(entries.map { Int64($0.attempts) }),
                    PostgresArray.int64(entries.map(\.nextAttempt)), PostgresArray.int64(entries.map(\.lastAttempt)),
                    PostgresArray.text(entries.map(\.lastResult)), PostgresArray.int64(entries.map(\.delivered)),
                ])
        }
    }

    /// Deliveries newest first, filtered by state, paged by id.
    public func outbox(state: OutboxState?, before: Int64?, limit: Int) throws -> [OutboxEntry] {
        try read { c throws(PostgresError) in
            let rows = try c.execute(
                """
                SELECT \(Self.columns) FROM outbox
                WHERE ($1::text IS NULL OR state = $1) AND ($2::bigint IS NULL OR id < $2)
                ORDER BY id DESC LIMIT $3
                """, [state?.rawValue, before.map(String.init), String(limit)], retryable: true)
            return Self.entries(rows)
        }
    }

    /// One delivery.
    public func delivery(id: Int64) throws -> OutboxEntry? {
        try read { c throws(PostgresError) in
            Self.entries(
                try c.execute("SELECT \(Self.columns) FROM outbox WHERE id = $1", [String(id)], retryable: true)
            ).first
        }
    }

    /// The deliveries of one item, oldest first.
    public func deliveries(item: String) throws -> [OutboxEntry] {
        try read { c throws(PostgresError) in
            Self.entries(
                try c.execute(
                    "SELECT \(Self.columns) FROM outbox WHERE item = $1 ORDER BY id", [item], retryable: true))
        }
    }

    /// How many deliveries are in each state.
    public func outboxCounts() throws -> [OutboxState: Int] {
        try read { c throws(PostgresError) in
            let rows = try c.execute("SELECT state, count(*) FROM outbox GROUP BY state", retryable: true)
            var counts: [OutboxState: Int] = [:]
            for i in 0..<rows.count {
                if let state = rows.string(i, 0).flatMap(OutboxState.init(rawValue:)) {
                    counts[state] = Int(rows.int64(i, 1) ?? 0)
                }
            }
            return counts
        }
    }

    /// Puts a dead or open delivery back for an attempt at `now`, with its audit row.
    public func retryDelivery(id: Int64, now: Int64, audit: AuditRecord) throws -> OutboxEntry? {
        try write { c throws(PostgresError) in
            try c.transaction { () throws(PostgresError) -> OutboxEntry? in
                guard
                    var entry = Self.entries(
                        try c.execute(
                            "SELECT \(Self.columns) FROM outbox WHERE id = $1 FOR UPDATE", [String(id)])
                    ).first, entry.state != .delivered
                else { return nil }
                entry.revive(at: now)
                try c.execute(
                    "UPDATE outbox SET state = $1, next_attempt = $2, queued = $2 WHERE id = $3",
                    [entry.state.rawValue, String(now), String(id)])
                try Self.insertAudit(audit, c)
                return entry
            }
        }
    }

    /// Forgets finished deliveries last tried before `before`.
    @discardableResult public func pruneDeliveries(before: Int64) throws -> Int {
        try write { c throws(PostgresError) in
            try c.execute(
                "DELETE FROM outbox WHERE state IN ('delivered', 'dead') AND COALESCE(last_attempt, queued) < $1",
                [String(before)]
            ).affected
        }
    }

    private static func entries(_ rows: PostgresResult) -> [OutboxEntry] {
        (0..<rows.count).map { i in
            OutboxEntry(
                id: rows.int64(i, 0) ?? 0, key: rows.string(i, 1) ?? "", route: rows.string(i, 2) ?? "",
                target: rows.string(i, 3) ?? "", recipient: rows.string(i, 4) ?? "", item: rows.string(i, 5),
                event: rows.string(i, 6) ?? "", reminderKey: rows.string(i, 7) ?? "", eventAt: rows.int64(i, 8) ?? 0,
                queued: rows.int64(i, 9) ?? 0, state: rows.string(i, 10).flatMap(OutboxState.init(rawValue:)) ?? .dead,
                attempts: Int(rows.int64(i, 11) ?? 0), nextAttempt: rows.int64(i, 12) ?? 0,
                lastAttempt: rows.int64(i, 13), lastResult: rows.string(i, 14), delivered: rows.int64(i, 15),
                payload: rows.string(i, 16) ?? "")
        }
    }
}
