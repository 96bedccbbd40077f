import ArgumentParser
import EditorialCore

extension EditorialCtl {
    /// `editorialctl outbox [--state S]`, and `editorialctl outbox retry ID`.
    struct OutboxCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outbox",
            abstract: "List deliveries to routes (webhooks, e-mail, commands) and where each stands.",
            discussion: """
                Every journal entry that a route in the daemon config matches is queued in the outbox, in the \
                same commit that records the firing, and sent by a worker of its own. A delivery is pending \
                (not tried yet), retrying (failed; tried again with exponential backoff, or when the receiver's \
                Retry-After says), dead (a permanent failure such as HTTP 404, or the retry bound passed; a \
                warning in the journal) or delivered. Delivered and dead ones are kept for a week.

                Lists the newest first, with the counts by state. 'editorialctl outbox retry ID' sends a dead \
                delivery again, with a fresh retry bound and the same idempotency key.

                """ + ExitStatus.help,
            subcommands: [List.self, Retry.self], defaultSubcommand: List.self)

        /// One delivery on one line: id, state, event and key, route, attempts, and the last result.
        static func line(_ d: DeliveryEntry, _ zone: ZoneRules) -> String {
            let state: String
            switch d.state {
            case .dead: state = Terminal.paint("dead", "1;31")
            case .retrying: state = Terminal.paint("retrying", "33")
            default: state = d.state.rawValue
            }
            var line = "#\(d.id) \(state)  \(d.event) \(d.reminderKey) → \(d.route) (\(d.target)"
            line += (d.recipient.map { " for \($0)" } ?? "") + ")"
            line += ", \(d.attempts) attempt\(d.attempts == 1 ? "" : "s")"
            if let at = d.delivered { line += ", delivered \(Online.local(at, zone))" }
            if let next = d.nextAttempt, d.attempts > 0 { line += ", next \(Online.local(next, zone))" }
            if let result = d.lastResult, d.state != .delivered { line += ": \(result)" }
            return line
        }

        /// `editorialctl outbox [list]`.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list", abstract: "List deliveries, newest first (the default).")

            @ParentCommand var root: EditorialCtl

            @Option(name: .long, help: "Only deliveries in this state: pending, retrying, dead or delivered.")
            var state: OutboxStateArgument?

            @Option(name: .long, help: "At most this many (1–1000, default 50).")
            var limit: Int?

            @Option(name: .long, help: "Display time zone (IANA name); default TZ or the system zone.")
            var tz: String?

            @OptionGroup var options: ConnectionOptions

            func validate() throws {
                if let limit, !(1...1000).contains(limit) {
                    throw ValidationError("--limit must be from 1 to 1000")
                }
            }

            func run() throws {
                let connection = Connection(options, over: root.options)
                let page = try Online.call(connection, OutboxCall(state: state?.state, limit: limit))
                if connection.json {
                    try Terminal.printJSON(page)
                    return
                }
                let zone = try Online.zone(tz)
                let c = page.counts
                var lines = [
                    "\(c.pending) pending, \(c.retrying) retrying, \(c.dead) dead, \(c.delivered) delivered"
                ]
                lines += page.deliveries.map { OutboxCommand.line($0, zone) }
                if page.next != nil { lines.append("… more: --limit to see more") }
                print(lines.joined(separator: "\n"))
            }
        }

        /// `editorialctl outbox retry ID`.
        struct Retry: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "retry",
                abstract: "Send a dead (or waiting) delivery again now.",
                discussion: """
                    The delivery gets a fresh retry bound and keeps its idempotency key, so a receiver that \
                    got it after all can drop the repeat. Changing the outbox needs the same right as 'done' \
                    (root, the daemon's user, or control-users/control-groups in the daemon config).
                    """)

            @ParentCommand var root: EditorialCtl

            @Argument(help: "The delivery's id (from 'editorialctl outbox').")
            var id: Int64

            @OptionGroup var options: ConnectionOptions

            func validate() throws {
                if id < 1 { throw ValidationError("a delivery id is a positive number, as 'outbox' lists them") }
            }

            func run() throws {
                let connection = Connection(options, over: root.options)
                let r = try Online.call(connection, RetryCall(delivery: id))
                if connection.json {
                    try Terminal.printJSON(r)
                } else {
                    print("#\(r.delivery.id): queued again for route \(r.delivery.route) (\(r.delivery.reminderKey))")
                }
            }
        }
    }
}
