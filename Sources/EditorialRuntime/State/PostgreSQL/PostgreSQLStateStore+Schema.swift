extension PostgreSQLStateStore {
    /// The schema as one SQL script (`editoriald postgresql-schema`), for an owner role to apply with `psql` when the
    /// daemons' role may not create tables: every migration this build knows, each applied only if the database
    /// lacks it, in one transaction under the daemons' migration lock, exactly as a daemon would apply them. Run
    /// again after an upgrade, before the daemons start; a daemon that finds the schema up to date runs no DDL.
    public static var schemaScript: String {
        var script = """
            -- The editoriald schema for PostgreSQL (\(migrations.count) migrations, up to \(migrations.last?.id ?? "none")).
            -- Apply it as the role that owns the tables, in the state database, before the daemons start:
            --   editoriald postgresql-schema | psql -v ON_ERROR_STOP=1 -d editoriald -U editoriald_owner
            -- Each migration runs only if the database lacks it; a database migrated by a newer editoriald keeps
            -- its newer migrations untouched (and this version's daemons refuse it).
            BEGIN;
            SELECT pg_advisory_xact_lock(\(migrationLock));
            CREATE TABLE IF NOT EXISTS editoriald_migration (id text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now());

            """
        for migration in migrations {
            script += """
                DO $editoriald$
                BEGIN
                IF NOT EXISTS (SELECT 1 FROM editoriald_migration WHERE id = '\(migration.id)') THEN
                \(migration.sql)
                INSERT INTO editoriald_migration (id) VALUES ('\(migration.id)');
                END IF;
                END
                $editoriald$;

                """
        }
        return script + "COMMIT;\n"
    }
}
