import ArgumentParser
import EditorialClient
import EditorialCore
import Foundation

extension EditorialCtl {
    /// `editorialctl agenda [--plans PATH…]`: live from the daemon, or offline from plan files.
    struct AgendaCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agenda",
            abstract: "List what is due in a time window, with status and what blocks it.",
            discussion: """
                Lists posts, slot occurrences, production items, preparations and plan renewals due in \
                [--from, --to), in time order, grouped by day in the display zone. Each entry has a stable id \
                (plan/id, plan/slot@LOCAL-TIME, …/prepare, plan/renewal), its due time and a status: planned, \
                due (inside its reminder window), overdue, blocked, done, published or skipped. A blocked entry \
                shows the chain of blame: which item blocks it, whose it is, how late, what else it blocks.

                Times: now, today, tomorrow, yesterday, YYYY-MM-DD, YYYY-MM-DDTHH:MM (in the display zone), \
                or RFC 3339 with Z or an offset. Defaults: from the start of today, for 7 days.

                Without --plans it asks the running daemon, and statuses are live: what the team marked done, \
                published, skipped or snoozed. With --plans the agenda is computed from the files alone \
                (statuses come from the files' status: keys); it needs no daemon.

                """ + ExitStatus.help)

        @ParentCommand var root: EditorialCtl

        @Option(name: .long, parsing: .upToNextOption, help: "Plan files or directories.")
        var plans: [String] = []

        @Option(name: .long, help: "Start of the window (inclusive).")
        var from: String?

        @Option(name: .long, help: "End of the window (exclusive).")
        var to: String?

        @Option(name: .long, help: "Only this channel (its id, plan/id, or network).")
        var channel: String?

        @Option(name: .long, help: "Only this plan.")
        var plan: String?

        @Option(name: .long, help: "Evaluate statuses as of this time instead of the clock (reproducible output).")
        var now: String?

        @Option(name: .long, help: "Display time zone (IANA name); default TZ or the system zone.")
        var tz: String?

        @OptionGroup var options: ConnectionOptions

        func validate() throws {
            if plans.isEmpty && now != nil {
                throw ValidationError("--now needs --plans: the daemon's agenda is always as of its clock")
            }
        }

        func run() throws {
            let connection = Connection(options, over: root.options)
            let zone = try Online.zone(tz)
            let clock = Int64(Date().timeIntervalSince1970)
            let at: Int64
            let window: (start: Int64, end: Int64)
            do {
                at = try now.map { try TimeArgument(text: $0).resolve(now: clock, zone: zone) } ?? clock
                let start = try TimeArgument(text: from ?? "today").resolve(now: at, zone: zone)
                window = (
                    start, try to.map { try TimeArgument(text: $0).resolve(now: at, zone: zone) } ?? start + 7 * 86_400
                )
            } catch let e as TimeArgumentError {
                throw ValidationError(e.message)
            }
            guard window.end > window.start else { throw ValidationError("--to must be after --from") }
            let listing = plans.isEmpty ? try live(window, connection) : try offline(window, at: at)
            if connection.json {
                try Terminal.printJSON(listing)
                return
            }
            print(AgendaTable(entries: listing.items, zone: zone).render(), terminator: "")
            if listing.items.isEmpty {
                Terminal.error(
                    "nothing due from \(TimeText.local(window.start, offset: zone.offset(atUTC: window.start))) "
                        + "to \(TimeText.local(window.end, offset: zone.offset(atUTC: window.end)))")
            }
        }

        /// The agenda computed from the plan files alone, as of `at`.
        private func offline(_ window: (start: Int64, end: Int64), at: Int64) throws -> ItemListing {
            let planSet = try OfflinePlans.load(plans, plan: plan)
            let agenda = Agenda(planSet: planSet)
            let items = agenda.items(from: window.start, to: window.end).filter { item in
                if let plan, item.plan != plan { return false }
                if let channel, !planSet.channel(item.channel, matches: channel) { return false }
                return true
            }
            let evaluator = StatusEvaluator(agenda: agenda, now: at, scope: items)
            return ItemListing(
                now: Instant(at), from: Instant(window.start), to: Instant(window.end),
                items: items.map { ItemEntry(evaluator.evaluate($0)) })
        }

        /// The live agenda: times resolved here (in the display zone), every page fetched.
        private func live(_ window: (start: Int64, end: Int64), _ connection: Connection) throws -> ItemListing {
            let call = AgendaCall(from: Instant(window.start), to: Instant(window.end), channel: channel, plan: plan)
            let (items, last) = try Online.all(connection, call, max: nil)
            return ItemListing(now: last.now, from: last.from, to: last.to, items: items)
        }
    }
}
