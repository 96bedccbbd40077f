import ArgumentParser
import EditorialClient
import EditorialCore
import Foundation

extension EditorialCtl {
    /// `editorialctl export [--plans PATH…]`: the plans as one iCalendar document on standard output.
    struct ExportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the plans as one iCalendar (RFC 5545) calendar to standard output.",
            discussion: """
                Slots become one recurring event each, with their rule kept (RRULE, RDATE, EXDATE) and DTSTART \
                in the plan's zone (a VTIMEZONE is included); posts are events; production items, preparations \
                and plan renewals are to-dos with DUE and STATUS (NEEDS-ACTION, COMPLETED, CANCELLED). An \
                occurrence with a recorded state (published, skipped, snoozed) is an override with \
                RECURRENCE-ID; skipped ones are CANCELLED. Channel and network are CATEGORIES; owner, plan and \
                item id are in DESCRIPTION, CONTACT and X-EDITORIAL-* properties. UIDs derive from item ids, so \
                they stay the same across exports and reloads.

                Without --plans the running daemon exports, with the states the team recorded, and SEQUENCE \
                goes up each time an item changed since the last export. With --plans the calendar is made from \
                the files alone (statuses from their status: keys; SEQUENCE 0).

                --from and --to keep what is due in [--from, --to) (a slot whole when any occurrence is); the \
                times are read as for 'agenda'. --alarms adds one VALARM per lead time: leave it off for a \
                calendar others subscribe to, whose clients treat a publisher's alarms as noise.

                The daemon also keeps live feeds current, for calendar subscriptions: see calendar-directory \
                in editoriald's config.

                """ + ExitStatus.help)

        @ParentCommand var root: EditorialCtl

        @Option(name: .long, parsing: .upToNextOption, help: "Plan files or directories (offline export).")
        var plans: [String] = []

        @Option(name: .long, help: "Only this channel (its id, plan/id, or network).")
        var channel: String?

        @Option(name: .long, help: "Only items of this owner.")
        var owner: String?

        @Option(name: .long, help: "Only this plan.")
        var plan: String?

        @Option(name: .long, help: "Only what is due at or after this time.")
        var from: String?

        @Option(name: .long, help: "Only what is due before this time.")
        var to: String?

        @Flag(name: .long, help: "One VALARM per lead time (reminder).")
        var alarms = false

        @Option(
            name: .long, help: "Zone for --from and --to without an offset (IANA name); default TZ or the system zone.")
        var tz: String?

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            let connection = Connection(options, over: root.options)
            let zone = try Online.zone(tz)
            let clock = Int64(Date().timeIntervalSince1970)
            let start: Int64?
            let end: Int64?
            do {
                start = try from.map { try TimeArgument(text: $0).resolve(now: clock, zone: zone) }
                end = try to.map { try TimeArgument(text: $0).resolve(now: clock, zone: zone) }
            } catch let e as TimeArgumentError {
                throw ValidationError(e.message)
            }
            if let start, let end, end <= start { throw ValidationError("--to must be after --from") }
            let filter = CalendarFilter(plan: plan, channel: channel, owner: owner, from: start, to: end)
            let calendar: [UInt8]
            if plans.isEmpty {
                let call = ExportCall(
                    from: start.map(Instant.init), to: end.map(Instant.init), channel: channel, owner: owner,
                    plan: plan, alarms: alarms)
                let reply = try Online.call(connection, call)
                if connection.json {
                    try Terminal.printJSON(reply)
                    return
                }
                calendar = Array(reply.calendar.utf8)
            } else {
                calendar = try offline(filter, now: clock)
            }
            FileHandle.standardOutput.write(Data(calendar))
        }

        /// The calendar of the plan files alone.
        private func offline(_ filter: CalendarFilter, now: Int64) throws -> [UInt8] {
            let planSet = try OfflinePlans.load(plans, plan: plan)
            let export = CalendarExport(agenda: Agenda(planSet: planSet), filter: filter, alarms: alarms)
            return CalendarDocument.render(export.entries(), stamp: now, name: "editoriald")
        }
    }
}
