import ArgumentParser
import EditorialRuntime

/// `editoriald postgresql-schema`: prints the PostgreSQL schema as SQL, for an owner role to apply.
struct PostgreSQLSchema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgresql-schema",
        abstract: "Print the PostgreSQL state schema as SQL, for its owner to apply.",
        discussion: """
            The daemon creates and migrates its PostgreSQL schema by itself when its role may create tables. With \
            a least-privilege role (config/postgresql/least-privilege.sql), the tables belong to an owner role \
            instead: apply this script as that role before the first start and after each upgrade, \
            editoriald postgresql-schema | psql -v ON_ERROR_STOP=1 -d editoriald -U editoriald_owner. It applies \
            each migration only if the database lacks it, in one transaction, under the lock the daemons take to \
            migrate; the daemons then find the schema up to date and run no DDL.

            Exit status: 0.
            """)

    func run() {
        print(PostgreSQLStateStore.schemaScript, terminator: "")
    }
}
