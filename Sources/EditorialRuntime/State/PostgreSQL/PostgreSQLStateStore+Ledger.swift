import EditorialCore

extension PostgreSQLStateStore {
    /// Claims stages for the leader `grant` before they are sent, in one transaction: each key is written unsent
    /// (`sent = false`, `holder` = the incarnation) unless it is recorded already for the same instant, and only
    /// while `grant` still holds an unexpired lease on the database's clock. Returns the keys claimed (to be sent,
    /// then recorded sent by the step's commit), or nil when the lease is not held (nothing claimed). A stage
    /// claimed by a leader that died before recording it is sent again by the next one (`unsentClaims`).
    public func claim(_ records: [FiredRecord], for grant: LeaseGrant) throws -> Set<String>? {
        guard !records.isEmpty else { return [] }
        let unique = Self.lastOfEach(records, by: \.key)
        return try write { c throws(PostgresError) -> Set<String>? in
            // One chunk (a step's thousand entries) is one statement, its own transaction: one round trip.
            guard unique.count > Self.chunk else { return try Self.claim(unique[...], grant, c) }
            return try c.transaction { () throws(PostgresError) -> Set<String>? in
                var claimed: Set<String> = []
                for start in stride(from: 0, to: unique.count, by: Self.chunk) {
                    guard let part = try Self.claim(unique[start..<min(start + Self.chunk, unique.count)], grant, c)
                    else { return nil }
                    claimed.formUnion(part)
                }
                return claimed
            }
        }
    }

    /// One statement of `claim`: the keys of `part` claimed, or nil when the lease is not held.
    private static func claim(
        _ part: ArraySlice<FiredRecord>, _ grant: LeaseGrant, _ c: PostgresConnection
    ) throws(PostgresError) -> Set<String>? {
        let rows = try c.execute(
            """
            WITH lease AS (\(leaseHeld(holder: 8, incarnation: 7))), claimed AS (
                INSERT INTO fired (key, item, kind, scheduled, fired, catch_up, sent, holder)
                SELECT k.*, false, $7::bigint
                FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::boolean[])
                    AS k WHERE EXISTS (SELECT 1 FROM lease)
                ON CONFLICT (key) DO UPDATE SET item = excluded.item, kind = excluded.kind,
                    scheduled = excluded.scheduled, fired = excluded.fired, catch_up = excluded.catch_up,
                    sent = false, holder = excluded.holder
                WHERE fired.scheduled <> excluded.scheduled
                RETURNING key
            )
            \(claimedOrNull)
            """,
            [
                PostgresArray.text(part.map(\.key)), PostgresArray.text(part.map(\.item)),
                PostgresArray.text(part.map(\.kind)), PostgresArray.int64(part.map(\.scheduled)),
                PostgresArray.int64(part.map(\.fired)), PostgresArray.bool(part.map(\.catchUp)),
                String(grant.incarnation), grant.holder,
            ])
        return claimedKeys(rows)
    }

    /// The CTE body that holds one row while `grant` (its holder and incarnation the statement's parameters at
    /// those positions) holds an unexpired lease on the database's clock.
    private static func leaseHeld(holder: Int, incarnation: Int) -> String {
        """
        SELECT 1 FROM editoriald_lease
        WHERE name = 'scheduler' AND holder = $\(holder)::text AND incarnation = $\(incarnation)::bigint
            AND expires > now()
        """
    }

    /// The final query of a claim: the keys of the CTE `claimed`, or one NULL row when the CTE `lease` is empty.
    private static let claimedOrNull =
        "SELECT key FROM claimed UNION ALL SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM lease)"

    /// The keys a claim returned, or nil for its NULL row: the lease is not held, nothing was claimed.
    private static func claimedKeys(_ rows: PostgresResult) -> Set<String>? {
        var claimed: Set<String> = []
        for i in 0..<rows.count {
            guard let key = rows.string(i, 0) else { return nil }
            claimed.insert(key)
        }
        return claimed
    }

    /// Takes over stages a former leader claimed and never recorded sent, for `grant` (still unsent, the lease
    /// still held): the keys taken, or nil when the lease is not held.
    public func reclaim(_ keys: [String], for grant: LeaseGrant) throws -> Set<String>? {
        guard !keys.isEmpty else { return [] }
        return try write { c throws(PostgresError) -> Set<String>? in
            let rows = try c.execute(
                """
                WITH lease AS (\(Self.leaseHeld(holder: 3, incarnation: 2))), claimed AS (
                    UPDATE fired SET holder = $2::bigint
                    WHERE key = ANY($1::text[]) AND NOT sent AND EXISTS (SELECT 1 FROM lease)
                    RETURNING key
                )
                \(Self.claimedOrNull)
                """, [PostgresArray.text(keys), String(grant.incarnation), grant.holder])
            return Self.claimedKeys(rows)
        }
    }

    /// Stages claimed but never recorded sent (their leader died or lost the database in between), oldest first:
    /// the next leader sends them again, with the same keys.
    public func unsentClaims() throws -> [FiredRecord] {
        try read { c throws(PostgresError) in
            let rows = try c.execute(
                "SELECT key, item, kind, scheduled, fired, catch_up FROM fired WHERE NOT sent ORDER BY scheduled, key",
                retryable: true)
            return (0..<rows.count).map { i in
                FiredRecord(
                    key: rows.string(i, 0) ?? "", item: rows.string(i, 1) ?? "", kind: rows.string(i, 2) ?? "",
                    scheduled: rows.int64(i, 3) ?? 0, fired: rows.int64(i, 4) ?? 0, catchUp: rows.bool(i, 5) ?? false)
            }
        }
    }

    /// The recorded state of one item (open when none is recorded), for a leader told of a change another node
    /// made.
    public func itemState(_ item: String) throws -> ItemState {
        try read { c throws(PostgresError) in
            let rows = try c.execute(
                "SELECT progress, snoozed_until FROM item_state WHERE item = $1", [item], retryable: true)
            guard rows.count > 0 else { return ItemState() }
            return ItemState(
                progress: rows.string(0, 0).flatMap(Progress.init(rawValue:)), snoozedUntil: rows.int64(0, 1))
        }
    }
}
