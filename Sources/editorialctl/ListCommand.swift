import ArgumentParser
import EditorialCore

/// What `overdue` and `blocked` share: fetch every page, print JSON or a table with chains of blame.
enum ListCommand {
    /// Runs a list command and prints it.
    static func run(
        _ command: ControlCommand, connection: Connection, limit: Int?, tz: String?, empty: String
    ) throws {
        let (items, last) = try Online.all(connection, ListCall(command), max: limit)
        if connection.json {
            try Terminal.printJSON(ItemListing(now: last.now, total: last.total, items: items))
            return
        }
        let zone = try Online.zone(tz)
        guard !items.isEmpty else {
            Terminal.error(empty)
            return
        }
        let rows = items.map { e in
            var notes = e.blockedBy.map { $0.sentence(blocking: e.id) }
            if let acknowledged = e.acknowledged {
                notes.append("acknowledged: \(acknowledged.joined(separator: ", "))")
            }
            return ItemTable.Row(
                cells: [
                    e.lateSeconds > 0 ? ItemTable.span(e.lateSeconds) : "-", Online.local(e.displayDue, zone),
                    e.status.rawValue, e.owner ?? "-", e.id, e.title,
                ], status: e.status, notes: notes)
        }
        print(
            ItemTable(
                header: ["LATE", "DUE", "STATUS", "OWNER", "ID", "TITLE"], sections: [ItemTable.Section(rows: rows)],
                statusColumn: 2, indent: ""
            ).render(), terminator: "")
        if last.total > items.count {
            Terminal.error("(\(items.count) of \(last.total) shown; --limit N or --json for more)")
        }
    }
}
