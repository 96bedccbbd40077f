import EditorialCore

/// Pace history on PostgreSQL.
extension PostgreSQLStateStore {
    /// Every recorded outcome due at or after `since`, or with no due time known.
    public func outcomes(since: Int64) throws -> [PaceRecord] {
        try read { c throws(PostgresError) in
            let rows = try c.execute(
                """
                SELECT item, plan, kind, channel, page, network, owner, progress, at, due FROM outcome
                WHERE due IS NULL OR due >= $1
                """, [String(since)], retryable: true)
            return (0..<rows.count).compactMap { i in
                guard let progress = rows.string(i, 7).flatMap(Progress.init(rawValue:)) else { return nil }
                return PaceRecord(
                    item: rows.string(i, 0) ?? "", plan: rows.string(i, 1) ?? "",
                    kind: rows.string(i, 2).flatMap(ItemKind.init(rawValue:)), channel: rows.string(i, 3),
                    page: rows.string(i, 4), network: rows.string(i, 5), owner: rows.string(i, 6), progress: progress,
                    at: rows.int64(i, 8) ?? 0, due: rows.int64(i, 9))
            }
        }
    }

    /// Rewrites recorded outcomes in one transaction.
    public func saveOutcomes(_ records: [PaceRecord]) throws {
        guard !records.isEmpty else { return }
        try write { c throws(PostgresError) in
            try c.transaction { () throws(PostgresError) in
                for start in stride(from: 0, to: records.count, by: Self.chunk) {
                    try Self.upsertOutcomes(Array(records[start..<min(start + Self.chunk, records.count)]), c)
                }
            }
        }
    }

    /// Forgets outcomes due before `before`.
    @discardableResult public func pruneOutcomes(dueBefore before: Int64) throws -> Int {
        try write { c throws(PostgresError) in
            try c.execute("DELETE FROM outcome WHERE due < $1", [String(before)]).affected
        }
    }

    /// Inserts or replaces outcome rows (an item given twice keeps its last).
    static func upsertOutcomes(_ given: [PaceRecord], _ c: PostgresConnection) throws(PostgresError) {
        let records = lastOfEach(given, by: \.item)
        try c.execute(
            """
            INSERT INTO outcome (item, plan, kind, channel, page, network, owner, progress, at, due)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::bigint[], $10::bigint[])
            ON CONFLICT (item) DO UPDATE SET plan = excluded.plan, kind = excluded.kind, channel = excluded.channel,
                page = excluded.page, network = excluded.network, owner = excluded.owner,
                progress = excluded.progress, at = excluded.at, due = excluded.due
            """,
            [
                PostgresArray.text(records.map(\.item)), PostgresArray.text(records.map(\.plan)),
                PostgresArray.text(records.map(\.kind?.rawValue)), PostgresArray.text(records.map(\.channel)),
                PostgresArray.text(records.map(\.page)), PostgresArray.text(records.map(\.network)),
                PostgresArray.text(records.map(\.owner)), PostgresArray.text(records.map(\.progress.rawValue)),
                PostgresArray.int64(records.map(\.at)), PostgresArray.int64(records.map(\.due)),
            ])
    }
}
