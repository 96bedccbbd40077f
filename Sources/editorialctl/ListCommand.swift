import ArgumentParser
import EditorialCore
import EditorialRuntime

/// What `overdue` and `blocked` share: fetch every page, print JSON or a table with chains of blame.
enum ListCommand {
    /// Runs a list command and prints it.
    static func run(
        _ command: ControlCommand, connection: ConnectionOptions, limit: Int?, tz: String?, empty: String
    ) throws {
        let (items, last) = try Online.all(connection, command, [:], max: limit)
        if connection.json {
            var o = last.object ?? [:]
            o["items"] = .array(items)
            o["next_cursor"] = nil
            Terminal.printJSON(.object(o))
            return
        }
        let zone = try Online.zone(tz)
        let rows = items.compactMap(AgendaRow.init)
        guard !rows.isEmpty else {
            Terminal.error(empty)
            return
        }
        var table: [[String]] = [["LATE", "DUE", "STATUS", "OWNER", "ID", "TITLE"]]
        var notes: [[String]] = [[]]
        for row in rows {
            table.append([
                row.late > 0 ? AgendaTable.span(row.late) : "-", Online.local(row.due, zone), row.status.rawValue,
                row.owner ?? "-", row.id, row.title,
            ])
            var lines: [String] = []
            for b in row.blockers { lines.append(b.sentence(blocking: row.id)) }
            if !row.acknowledged.isEmpty { lines.append("acknowledged: \(row.acknowledged.joined(separator: ", "))") }
            notes.append(lines)
        }
        var widths = [Int](repeating: 0, count: 6)
        for r in table { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        for (index, r) in table.enumerated() {
            var line = ""
            for (i, c) in r.enumerated() {
                let cell = i == r.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) + "  "
                if index == 0 {
                    line += Terminal.paint(cell, "1")
                } else if i == 2 {
                    line += AgendaTable.paintStatus(cell, rows[index - 1].status)
                } else {
                    line += cell
                }
            }
            print(line)
            for note in notes[index] { print(String(repeating: " ", count: widths[0] + 2) + "↳ " + note) }
        }
        let total = last["total"]?.int ?? Int64(rows.count)
        if total > rows.count { Terminal.error("(\(rows.count) of \(total) shown; --limit N or --json for more)") }
    }
}
