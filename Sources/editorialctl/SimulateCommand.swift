import ArgumentParser
import EditorialClient
import EditorialCore
import Foundation

extension EditorialCtl {
    /// `editorialctl simulate [--plans PATH…] --from T --to T [--down-from T --down-until T]`: a dry run of the
    /// daemon, from the plan files or from where the running daemon stands.
    struct SimulateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Show every entry the daemon would send in a time window (a dry run).",
            discussion: """
                Runs the daemon's own scheduling over [--from, --to) on an exact clock and prints every journal \
                entry it would send, in order: reminders at each lead time, due, overdue, blocked (with what \
                blocks it) and unblocked, plan renewals, daily digests, and after a downtime the catch-up and \
                its summary, with the same sentences, priorities, MESSAGE_IDs and fields the journal would get. \
                Nothing is sent, recorded or changed. Like 'remind -s' or 'systemd-analyze calendar \
                --iterations', but for the whole plan set.

                Without --plans the running daemon simulates from where it stands: the reminders it already \
                sent, what the team marked done, published, skipped or snoozed, the posts it announced \
                blocked, its routes for digests, its catch-up horizon and overdue delay. It cannot go back: a \
                window that starts before the daemon's clock starts at it. Long runs come in pages of at most \
                10,000 entries, fetched one after the other.

                With --plans the dry run needs no daemon: the daemon is taken to have been running until \
                --from with nothing recorded, and statuses come from the files' status: keys. So nothing before \
                --from is caught up, a post blocked before --from is not announced again ('agenda --plans' \
                shows it), and everyone with a digest: time gets a digest (the routes are in the daemon's \
                config, which this does not read). The built-in reminders, catch-up horizon (1 day) and overdue \
                delay (1 hour) apply.

                --down-from and --down-until: the daemon stops at --down-from (what is due at that very \
                instant still goes out) and starts again at --down-until, as after a shutdown or a suspend: \
                nothing is sent in between, then it catches up as it would (each item's latest missed stage \
                within the catch-up horizon, marked as caught up, and one summary). The downtime must lie \
                inside the window and end before --to.

                Times: now, today, tomorrow, yesterday, YYYY-MM-DD, YYYY-MM-DDTHH:MM (in --tz, else TZ or the \
                system zone), or RFC 3339 with Z or an offset.

                OUTPUT
                  One entry per line, as the daemon's console log writes it: the local
                  time (in the team's zone, the first plan's, unless --tz is given), the
                  priority, the kind in brackets, the sentence; a digest's detail lines
                  follow it, indented. --json prints {down_from, down_until, entries,
                  from, next, to, truncated, zone}, one entry a line, each {at, fields:
                  [{name, value}], message, message_id, priority} with every field
                  (the protocol's 'simulate' reply, Docs/Protocol.md).

                """ + ExitStatus.help)

        @ParentCommand var root: EditorialCtl

        @Option(name: .long, parsing: .upToNextOption, help: "Plan files or directories (offline dry run).")
        var plans: [String] = []

        @Option(name: .long, help: "Start of the window (inclusive).")
        var from: String

        @Option(name: .long, help: "End of the window (exclusive).")
        var to: String

        @Option(name: .customLong("down-from"), help: "The daemon stops at this time …")
        var downFrom: String?

        @Option(name: .customLong("down-until"), help: "… and starts again, catching up, at this one.")
        var downUntil: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Zone for the times given and shown (IANA name); default: TZ or the system zone for the times "
                    + "given, the team's zone for those shown."))
        var tz: String?

        @OptionGroup var options: ConnectionOptions

        func validate() throws {
            if (downFrom == nil) != (downUntil == nil) {
                throw ValidationError("--down-from and --down-until go together")
            }
        }

        func run() throws {
            let connection = Connection(options, over: root.options)
            let zone = try Online.zone(tz)
            let clock = Int64(Date().timeIntervalSince1970)
            let window: (from: Int64, to: Int64)
            let down: Range<Int64>?
            do {
                func resolve(_ text: String) throws -> Int64 {
                    try TimeArgument(text: text).resolve(now: clock, zone: zone)
                }
                window = (try resolve(from), try resolve(to))
                if let downFrom, let downUntil {
                    let (start, end) = (try resolve(downFrom), try resolve(downUntil))
                    guard end > start else { throw ValidationError("--down-until must be after --down-from") }
                    down = start..<end
                } else {
                    down = nil
                }
            } catch let e as TimeArgumentError {
                throw ValidationError(e.message)
            }
            if let problem = Simulation.problem(from: window.from, to: window.to, down: down) {
                var text = problem
                for (name, option) in [
                    ("down_from", "--down-from"), ("down_until", "--down-until"), ("from", "--from"), ("to", "--to"),
                ] {
                    text = text.replacingOccurrences(of: "\"\(name)\"", with: option)
                }
                throw ValidationError(text)
            }
            if plans.isEmpty {
                try live(window, down: down, connection)
            } else {
                try offline(window, down: down, json: connection.json)
            }
        }

        /// The dry run of the plan files alone, written as it goes.
        private func offline(_ window: (from: Int64, to: Int64), down: Range<Int64>?, json: Bool) throws {
            let planSet = try OfflinePlans.load(plans, plan: nil)
            let simulation = Simulation(planSet: planSet, from: window.from, to: window.to, down: down)
            var out = SimulationOutput(json: json, zone: try display(simulation.zone))
            out.begin(down: down)
            let formatter = simulation.formatter
            simulation.run { at, output in
                out.write(output, at: at, formatter: formatter)
                return true
            }
            out.end(from: window.from, to: window.to, zone: simulation.zone)
        }

        /// The daemon's dry run, page after page on one connection, written as the pages come.
        private func live(_ window: (from: Int64, to: Int64), down: Range<Int64>?, _ connection: Connection) throws {
            var call = SimulateCall(
                from: Instant(window.from), to: Instant(window.to), downFrom: down.map { Instant($0.lowerBound) },
                downUntil: down.map { Instant($0.upperBound) }, limit: Simulation.maxPage)
            var out: SimulationOutput?
            do {
                let client = try ControlClient(path: connection.path)
                while true {
                    let page = try client.call(call, timeout: connection.timeout)
                    if out == nil {
                        out = SimulationOutput(json: connection.json, zone: try display(page.zone))
                        out?.begin(down: down)
                    }
                    for entry in page.entries { out?.write(entry) }
                    guard let next = page.next else {
                        out?.end(from: page.from.seconds, to: page.to.seconds, zone: page.zone)
                        return
                    }
                    call.cursor = next
                }
            } catch let error as ControlClientError {
                throw Online.report(error, json: connection.json, failureStatus: { _ in ExitStatus.failure })
            }
        }

        /// The zone entries are shown in: `--tz`, else the team's.
        private func display(_ team: String) throws -> ZoneRules {
            if let tz { return try Online.zone(tz) }
            return ZoneRules(identifier: team) ?? ZoneRules(identifier: "UTC")!
        }
    }
}
