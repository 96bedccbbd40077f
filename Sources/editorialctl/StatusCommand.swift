import ArgumentParser
import EditorialCore
import EditorialRuntime

extension EditorialCtl {
    /// `editorialctl status`.
    struct StatusCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the running daemon: version, uptime, plans, what is due, overdue and blocked.",
            discussion: """
                Asks the daemon over its control socket. Prints its version and uptime, the plans loaded \
                (and, when the plans on disk were rejected at the last reload, the first errors with \
                FILE:LINE:COLUMN), how many open items are due today, overdue and blocked, and the next \
                reminder with its time.

                """ + ExitStatus.help)

        @Option(name: .long, help: "Display time zone (IANA name); default TZ or the system zone.")
        var tz: String?

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let result = try Online.call(connection, .status)
            if connection.json {
                Terminal.printJSON(result)
                return
            }
            let zone = try Online.zone(tz)
            let plans = result["plans"] ?? .null
            let counts = result["counts"] ?? .null
            var lines: [String] = []
            let uptime = AgendaTable.span(result["uptime_seconds"]?.int ?? 0)
            lines.append(
                "\(Terminal.paint("editoriald \(result["version"]?.string ?? "?")", "1")) (pid \(result["pid"]?.int ?? 0)), "
                    + "up \(uptime), protocol \(result["protocol"]?.int ?? 0)")
            lines.append(
                "Plans:     \(plans["count"]?.int ?? 0) from \(plans["files"]?.int ?? 0) files in "
                    + "\(plans["directory"]?.string ?? "?"), loaded \(Online.local(plans["loaded_at"]?.string, zone))"
                    + ((plans["warnings"]?.int ?? 0) > 0 ? " (\(plans["warnings"]!.int!) warnings)" : ""))
            let overdue = counts["overdue"]?.int ?? 0
            let blocked = counts["blocked"]?.int ?? 0
            lines.append(
                "Due today: \(counts["due_today"]?.int ?? 0)   "
                    + "Overdue: \(overdue > 0 ? Terminal.paint(String(overdue), "1;31") : "0")   "
                    + "Blocked: \(blocked > 0 ? Terminal.paint(String(blocked), "1;31") : "0")   "
                    + "Next 7 days: \(counts["upcoming_7_days"]?.int ?? 0)")
            if let next = result["next"], next != .null {
                let wait = AgendaTable.span(next["in_seconds"]?.int ?? 0)
                lines.append(
                    "Next:      \(next["kind"]?.string ?? "?") \(next["item"]?.string ?? "?") at "
                        + "\(Online.local(next["at"]?.string, zone)) (in \(wait))")
            } else {
                lines.append("Next:      nothing scheduled")
            }
            if let rejected = result["rejected"], rejected != .null {
                let n = rejected["errors"]?.int ?? 0
                lines.append(
                    Terminal.paint(
                        "Plans on disk rejected at the last reload (\(n) error\(n == 1 ? "" : "s")):", "1;31")
                        + " still running on the plans above")
                for d in rejected["first"]?.array ?? [] { lines.append("  " + (d["text"]?.string ?? "")) }
                if n > 5 {
                    lines.append(
                        "  … and \(n - 5) more; editorialctl check \(plans["directory"]?.string ?? "") shows all")
                }
            }
            print(lines.joined(separator: "\n"))
        }
    }
}
