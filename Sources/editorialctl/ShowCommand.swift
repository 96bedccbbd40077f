import ArgumentParser
import EditorialCore
import EditorialRuntime

extension EditorialCtl {
    /// `editorialctl show ID`.
    struct ShowCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show everything about one item: status, reminders, what blocks it, its history.",
            discussion: """
                ID is a stable item id as 'agenda' prints it: plan/id for a post or production item, \
                plan/slot@YYYY-MM-DDTHH:MM for one occurrence of a recurring slot, …/prepare for its \
                preparation, plan/renewal for a plan's renewal. Shows the status, each reminder stage (fired \
                when, missed, or pending, and acknowledged), the chain of blame, what the item blocks, where it \
                is declared, and the audit history of changes made to it.

                """ + ExitStatus.help)

        @Argument(help: "The item id.")
        var id: String

        @Option(name: .long, help: "Display time zone (IANA name); default TZ or the system zone.")
        var tz: String?

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let r = try Online.call(connection, .show, ["item": .string(id)])
            if connection.json {
                Terminal.printJSON(r)
                return
            }
            let zone = try Online.zone(tz)
            guard let row = AgendaRow(r) else { throw ExitCode(ExitStatus.failure) }
            var out: [String] = []
            out.append(Terminal.paint(row.id, "1") + "  " + AgendaTable.paintStatus(row.status.rawValue, row.status))
            out.append("  title:    \(row.title)")
            out.append("  kind:     \(row.kind) in plan \(r["plan"]?.string ?? "?")")
            if let channel = row.channel { out.append("  channel:  \(channel)") }
            out.append("  owner:    \(row.owner ?? "-")")
            out.append(
                "  due:      \(row.hasDue ? Online.local(row.due, zone) : "never (skipped by daylight saving)")"
                    + (row.late > 0 ? ", \(AgendaTable.span(row.late)) ago" : ""))
            if let until = r["snoozed_until"]?.string { out.append("  snoozed:  until \(Online.local(until, zone))") }
            if let source = r["source"]?.string { out.append("  declared: \(source)") }
            let needs = r["needs"]?.array?.compactMap(\.string) ?? []
            if !needs.isEmpty { out.append("  needs:    \(needs.joined(separator: ", "))") }
            for b in row.blockers {
                out.append(
                    "  blocked by \(b.item) (\(b.reason)\(b.late > 0 ? " \(AgendaTable.span(b.late))" : "")"
                        + "\(b.owner.map { ", owner \($0)" } ?? ""))")
            }
            let blocks = r["blocks"]?.array?.compactMap(\.string) ?? []
            if !blocks.isEmpty { out.append("  blocks:   \(blocks.joined(separator: ", "))") }
            out.append("  reminders:")
            for s in r["stages"]?.array ?? [] {
                var line =
                    "    \(s["key"]?.string ?? "?")  \(Online.local(s["at"]?.string, zone))  \(s["state"]?.string ?? "")"
                if let at = s["fired_at"]?.string, !at.isEmpty { line += " at \(Online.local(at, zone))" }
                if s["catch_up"]?.bool == true { line += " (catch-up)" }
                if let ack = s["acknowledged_at"]?.string { line += ", acknowledged \(Online.local(ack, zone))" }
                out.append(line)
            }
            let history = r["history"]?.array ?? []
            out.append("  history:" + (history.isEmpty ? " none" : ""))
            for h in history.reversed() {
                var line =
                    "    \(Online.local(h["at"]?.string, zone))  \(h["action"]?.string ?? "?") by \(h["actor"]?.string ?? "?")"
                if let detail = h["detail"]?.string { line += " (\(detail))" }
                out.append(line)
            }
            print(out.joined(separator: "\n"))
        }
    }
}
