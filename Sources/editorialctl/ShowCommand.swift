import ArgumentParser
import EditorialCore

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
                is declared, the audit history of changes made to it, and its deliveries to routes (webhooks, \
                e-mail, commands) with where each stands.

                """ + ExitStatus.help)

        @ParentCommand var root: EditorialCtl

        @Argument(help: "The item id.")
        var id: String

        @Option(name: .long, help: "Display time zone (IANA name); default TZ or the system zone.")
        var tz: String?

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            let connection = Connection(options, over: root.options)
            let r = try Online.call(connection, ShowCall(item: id))
            if connection.json {
                try Terminal.printJSON(r)
                return
            }
            let zone = try Online.zone(tz)
            let e = r.entry
            var out: [String] = []
            out.append(Terminal.paint(e.id, "1") + "  " + ItemTable.paint(e.status.rawValue, e.status))
            out.append("  title:    \(e.title)")
            out.append("  kind:     \(e.kind.rawValue) in plan \(e.plan)")
            if let channel = e.channel { out.append("  channel:  \(channel)") }
            out.append("  owner:    \(e.owner ?? "-")")
            out.append(
                "  due:      \(e.due.map { Online.local($0, zone) } ?? "never (skipped by daylight saving)")"
                    + (e.lateSeconds > 0 ? ", \(ItemTable.span(e.lateSeconds)) ago" : ""))
            if let until = e.snoozedUntil { out.append("  snoozed:  until \(Online.local(until, zone))") }
            out.append("  declared: \(r.source)")
            if !e.needs.isEmpty { out.append("  needs:    \(e.needs.joined(separator: ", "))") }
            for b in e.blockedBy {
                out.append(
                    "  blocked by \(b.item) (\(b.reason.rawValue)\(b.lateSeconds > 0 ? " \(ItemTable.span(b.lateSeconds))" : "")"
                        + "\(b.owner.map { ", owner \($0)" } ?? ""))")
            }
            if !r.blocks.isEmpty { out.append("  blocks:   \(r.blocks.joined(separator: ", "))") }
            out.append("  reminders:")
            for s in r.stages {
                var line = "    \(s.key)  \(Online.local(s.at, zone))  \(s.state.rawValue)"
                if let at = s.firedAt.flatMap(Instant.init(text:)) { line += " at \(Online.local(at, zone))" }
                if s.catchUp == true { line += " (catch-up)" }
                if let ack = s.acknowledgedAt { line += ", acknowledged \(Online.local(ack, zone))" }
                out.append(line)
            }
            out.append("  history:" + (r.history.isEmpty ? " none" : ""))
            for h in r.history.reversed() {
                var line = "    \(Online.local(h.at, zone))  \(h.action) by \(h.actor)"
                if let detail = h.detail { line += " (\(detail))" }
                out.append(line)
            }
            if !r.deliveries.isEmpty {
                out.append("  deliveries:")
                for d in r.deliveries { out.append("    " + OutboxCommand.line(d, zone)) }
            }
            print(out.joined(separator: "\n"))
        }
    }
}
