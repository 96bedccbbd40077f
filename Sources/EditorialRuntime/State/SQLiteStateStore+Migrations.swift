import GRDB

extension SQLiteStateStore {
    /// The migrations, in order. Append-only: a shipped migration is never edited, renamed or removed,
    /// because its name in `grdb_migrations` is how a database says which schema it has.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE fired (
                        key TEXT PRIMARY KEY,
                        item TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        scheduled INTEGER NOT NULL,
                        fired INTEGER NOT NULL,
                        catch_up INTEGER NOT NULL DEFAULT 0
                    );
                    -- key as a second column makes the index covering: firedKeys(since:) never reads the table.
                    CREATE INDEX fired_scheduled ON fired (scheduled, key);
                    CREATE TABLE item_state (
                        item TEXT PRIMARY KEY,
                        progress TEXT,
                        snoozed_until INTEGER,
                        updated INTEGER NOT NULL
                    );
                    CREATE TABLE announced_blocked (
                        item TEXT PRIMARY KEY,
                        blocked_by TEXT NOT NULL,
                        since INTEGER NOT NULL
                    );
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at INTEGER NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        item TEXT,
                        before TEXT,
                        after TEXT,
                        detail TEXT
                    );
                    CREATE INDEX audit_item ON audit (item, id);
                    CREATE TABLE meta (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-acknowledgements") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ack (
                        key TEXT PRIMARY KEY,
                        item TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        actor TEXT NOT NULL
                    );
                    CREATE INDEX fired_item ON fired (item);
                    """)
        }
        migrator.registerMigration("v3-plan-warnings") { db in
            // The plan warnings already journaled, so that a restart with unchanged plans journals none again.
            try db.execute(sql: "CREATE TABLE plan_warning (key TEXT PRIMARY KEY)")
        }
        migrator.registerMigration("v4-calendar-sequences") { db in
            // Each exported UID's last content fingerprint and SEQUENCE, so that SEQUENCE only goes up, across
            // restarts, when an item changes (RFC 5545 §3.8.7.4). The fingerprint is a 64-bit hash stored as
            // its bit pattern.
            try db.execute(
                sql: """
                    CREATE TABLE calendar_sequence (
                        uid TEXT PRIMARY KEY,
                        fingerprint INTEGER NOT NULL,
                        sequence INTEGER NOT NULL
                    ) WITHOUT ROWID
                    """)
        }
        migrator.registerMigration("v5-outbox") { db in
            // Deliveries of events to routes (webhooks, e-mail, commands), queued in the commit that records the
            // firing. `key` is the idempotency key: a repeat of the same event on the same route for the same
            // person is the same row. Open rows are found by their next attempt; `show` finds an item's rows.
            try db.execute(
                sql: """
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY,
                        key TEXT NOT NULL UNIQUE,
                        route TEXT NOT NULL,
                        target TEXT NOT NULL,
                        recipient TEXT NOT NULL,
                        item TEXT,
                        event TEXT NOT NULL,
                        reminder_key TEXT NOT NULL,
                        event_at INTEGER NOT NULL,
                        queued INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        next_attempt INTEGER NOT NULL,
                        last_attempt INTEGER,
                        last_result TEXT,
                        delivered INTEGER,
                        payload TEXT NOT NULL
                    );
                    CREATE INDEX outbox_open ON outbox (next_attempt, id) WHERE state IN ('pending', 'retrying');
                    CREATE INDEX outbox_item ON outbox (item, id);
                    CREATE INDEX outbox_state ON outbox (state, id);
                    """)
        }
        migrator.registerMigration("v6-pace-history") { db in
            // What became of each item (published, done, skipped), when, and the due time it had then, so that the
            // pace report survives reloads that move it. Rows from before this migration are rebuilt from the
            // states and the audit log; their plan facts (kind NULL) are filled in from the plans at the next start.
            try db.execute(
                sql: """
                    CREATE TABLE outcome (
                        item TEXT PRIMARY KEY,
                        plan TEXT NOT NULL,
                        kind TEXT,
                        channel TEXT,
                        page TEXT,
                        network TEXT,
                        owner TEXT,
                        progress TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        due INTEGER
                    ) WITHOUT ROWID;
                    INSERT INTO outcome (item, plan, progress, at)
                        SELECT s.item, substr(s.item, 1, instr(s.item, '/') - 1), s.progress,
                            COALESCE(
                                (SELECT max(a.at) FROM audit a
                                    WHERE a.item = s.item AND a.action IN ('done', 'publish', 'skip')),
                                s.updated)
                        FROM item_state s WHERE s.progress IS NOT NULL;
                    """)
        }
        return migrator
    }()
}
