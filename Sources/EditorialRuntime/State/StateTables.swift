/// The state's tables as both stores have them (the PostgreSQL schema is the SQLite one's), for copying the whole
/// state from one store to the other (`StateCopy`). Values travel as text: integers in decimal, booleans as `1`/`0`.
enum StateTables {
    /// How a column's values are typed in the databases.
    enum Kind {
        /// `text`.
        case text
        /// `bigint` (SQLite `INTEGER`).
        case integer
        /// `boolean` (SQLite `INTEGER` 0 or 1).
        case boolean
    }

    /// One table: its name and its columns in order, the first being its key (rows are read in its order).
    struct Table {
        /// The table's name.
        var name: String
        /// Its columns.
        var columns: [(name: String, kind: Kind)]
        /// The columns' names, comma-separated.
        var columnList: String { columns.map(\.name).joined(separator: ", ") }
    }

    /// Every table of the state, in a copying order.
    static let all: [Table] = [
        Table(
            name: "fired",
            columns: [
                ("key", .text), ("item", .text), ("kind", .text), ("scheduled", .integer), ("fired", .integer),
                ("catch_up", .boolean),
            ]),
        Table(
            name: "item_state",
            columns: [("item", .text), ("progress", .text), ("snoozed_until", .integer), ("updated", .integer)]),
        Table(name: "announced_blocked", columns: [("item", .text), ("blocked_by", .text), ("since", .integer)]),
        Table(
            name: "audit",
            columns: [
                ("id", .integer), ("at", .integer), ("actor", .text), ("action", .text), ("item", .text),
                ("before", .text), ("after", .text), ("detail", .text),
            ]),
        Table(name: "meta", columns: [("key", .text), ("value", .text)]),
        Table(name: "ack", columns: [("key", .text), ("item", .text), ("at", .integer), ("actor", .text)]),
        Table(name: "plan_warning", columns: [("key", .text)]),
        Table(
            name: "calendar_sequence", columns: [("uid", .text), ("fingerprint", .integer), ("sequence", .integer)]),
        Table(
            name: "outbox",
            columns: [
                ("id", .integer), ("key", .text), ("route", .text), ("target", .text), ("recipient", .text),
                ("item", .text), ("event", .text), ("reminder_key", .text), ("event_at", .integer),
                ("queued", .integer), ("state", .text), ("attempts", .integer), ("next_attempt", .integer),
                ("last_attempt", .integer), ("last_result", .text), ("delivered", .integer), ("payload", .text),
            ]),
        Table(
            name: "outcome",
            columns: [
                ("item", .text), ("plan", .text), ("kind", .text), ("channel", .text), ("page", .text),
                ("network", .text), ("owner", .text), ("progress", .text), ("at", .integer), ("due", .integer),
            ]),
    ]
}

/// Whole-table reads and writes, which only copying the state between stores needs.
protocol StateTableAccess {
    /// Every row of `table`, ordered by its first column, values as text (nil for NULL).
    func rows(of table: StateTables.Table) throws -> [[String?]]
    /// Inserts every row of every table given, in one transaction.
    func insert(_ contents: [(StateTables.Table, [[String?]])]) throws
}
