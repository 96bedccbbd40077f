import ArgumentParser
import EditorialCore

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
                reminder with its time; with delivery routes configured, the outbox's deliveries by state; the pace of the pages over the \
                daemon's pace window ('editorialctl pace' for the figures).

                """ + ExitStatus.help)

        @ParentCommand var root: EditorialCtl

        @Option(name: .long, help: "Display time zone (IANA name); default TZ or the system zone.")
        var tz: String?

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            let connection = Connection(options, over: root.options)
            let status = try Online.call(connection, StatusCall())
            if connection.json {
                try Terminal.printJSON(status)
                return
            }
            let zone = try Online.zone(tz)
            let plans = status.plans
            let counts = status.counts
            var lines: [String] = []
            lines.append(
                "\(Terminal.paint("editoriald \(status.version)", "1")) (pid \(status.pid)), "
                    + "up \(ItemTable.span(status.uptimeSeconds)), protocol \(status.protocol)")
            lines.append(
                "Plans:     \(plans.count) from \(plans.files) files in \(plans.directory), loaded "
                    + Online.local(plans.loadedAt, zone) + (plans.warnings > 0 ? " (\(plans.warnings) warnings)" : ""))
            func alarming(_ n: Int) -> String { n > 0 ? Terminal.paint(String(n), "1;31") : "0" }
            lines.append(
                "Due today: \(counts.dueToday)   Overdue: \(alarming(counts.overdue))   "
                    + "Blocked: \(alarming(counts.blocked))   Next 7 days: \(counts.upcoming7Days)")
            if let next = status.next {
                lines.append(
                    "Next:      \(next.kind.rawValue) \(next.item) at \(Online.local(next.at, zone)) "
                        + "(in \(ItemTable.span(next.inSeconds)))")
            } else {
                lines.append("Next:      nothing scheduled")
            }
            let outbox = status.outbox
            if outbox.routes > 0 || outbox.counts != OutboxCounts() {
                let c = outbox.counts
                lines.append(
                    "Outbox:    \(c.pending) pending, \(c.retrying) retrying, \(alarming(c.dead)) dead, "
                        + "\(c.delivered) delivered (\(outbox.routes) route\(outbox.routes == 1 ? "" : "s"))")
            }
            if let pace = status.pace {
                let line = pace.line
                lines.append("Pace:      " + (pace.stalled + pace.slipping > 0 ? Terminal.paint(line, "33") : line))
            }
            if let cluster = status.cluster {
                let age = cluster.leaseAgeSeconds.map { String(format: ", lease renewed %.1f s ago", $0) } ?? ""
                let leader =
                    cluster.role == "leader"
                    ? Terminal.paint("leader", "1;32")
                    : "follower of \(cluster.leader ?? "no one (the lease is free)")"
                lines.append(
                    "Cluster:   node \(cluster.node), \(leader)\(age) (incarnation "
                        + "\(cluster.incarnation.map(String.init) ?? "none"), lease \(cluster.leaseSeconds) s)")
                if !cluster.plansMatch {
                    lines.append(
                        Terminal.paint(
                            "Plans differ from the cluster's (\(cluster.planHash) here, "
                                + "\(cluster.clusterPlanHash ?? "?") there): this node will not lead", "1;31"))
                }
                if let since = cluster.staleSince {
                    lines.append(
                        Terminal.paint(
                            "The state database is out of reach since \(Online.local(since, zone)): answers are "
                                + "from the last snapshot, and nothing fires here", "1;31"))
                }
            }
            if let rejected = status.rejected {
                let n = rejected.errors
                lines.append(
                    Terminal.paint(
                        "Plans on disk rejected at the last reload (\(n) error\(n == 1 ? "" : "s")):", "1;31")
                        + " still running on the plans above")
                for d in rejected.first { lines.append("  " + d.text) }
                if n > rejected.first.count {
                    lines.append(
                        "  … and \(n - rejected.first.count) more; editorialctl check \(plans.directory) shows all")
                }
            }
            print(lines.joined(separator: "\n"))
        }
    }
}
