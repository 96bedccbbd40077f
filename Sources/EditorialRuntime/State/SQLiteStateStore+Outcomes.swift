import EditorialCore
import GRDB

extension SQLiteStateStore {
    /// Every recorded outcome due at or after `since`, or with no due time known.
    public func outcomes(since: Int64) throws -> [PaceRecord] {
        try mapping {
            try pool.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT item, plan, kind, channel, page, network, owner, progress, at, due FROM outcome
                        WHERE due IS NULL OR due >= ?
                        """, arguments: [since])
                var out: [PaceRecord] = []
                while let row = try rows.next() {
                    guard let progress = Progress(rawValue: row[7]) else { continue }
                    out.append(
                        PaceRecord(
                            item: row[0], plan: row[1], kind: (row[2] as String?).flatMap(ItemKind.init(rawValue:)),
                            channel: row[3], page: row[4], network: row[5], owner: row[6], progress: progress,
                            at: row[8], due: row[9]))
                }
                return out
            }
        }
    }

    /// Rewrites recorded outcomes in one transaction.
    public func saveOutcomes(_ records: [PaceRecord]) throws {
        guard !records.isEmpty else { return }
        try mapping { try pool.write { db in for r in records { try Self.upsertOutcome(db, r) } } }
    }

    /// Forgets outcomes due before `before`.
    @discardableResult public func pruneOutcomes(dueBefore before: Int64) throws -> Int {
        try mapping {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM outcome WHERE due < ?", arguments: [before])
                return db.changesCount
            }
        }
    }

    /// Inserts or replaces one outcome row.
    static func upsertOutcome(_ db: Database, _ r: PaceRecord) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO outcome (item, plan, kind, channel, page, network, owner, progress, at, due)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                r.item, r.plan, r.kind?.rawValue, r.channel, r.page, r.network, r.owner, r.progress.rawValue, r.at,
                r.due,
            ])
    }
}
