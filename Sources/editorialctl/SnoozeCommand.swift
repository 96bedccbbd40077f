import ArgumentParser
import EditorialCore
import Foundation

extension EditorialCtl {
    /// `editorialctl snooze ID DURATION`.
    struct SnoozeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snooze",
            abstract: "Silence an item's reminders for a while.",
            discussion: """
                DURATION is how long: 30m, 2h, 1d, 1w, 1h30m, or ISO 8601 (PT2H, P1D); or a time to snooze \
                until: tomorrow, 2027-01-05, 2027-01-05T09:00 (in the display zone) or RFC 3339. Reminders \
                that fall due meanwhile are held; when the snooze ends the latest of them is sent. At most a \
                year.

                """ + ChangeOptions.discussion)

        @Argument(help: "The item id.")
        var id: String

        @Argument(help: "How long (30m, 2h, 1d, PT2H) or until when (tomorrow, 2027-01-05T09:00).")
        var duration: String

        @Option(name: .long, help: "Time zone for a local 'until' time (IANA name); default TZ or the system zone.")
        var tz: String?

        @ParentCommand var root: EditorialCtl

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            let action: ChangeCall.Action
            if let seconds = Self.seconds(duration) {
                guard seconds > 0 else { throw ValidationError("the duration must be more than zero") }
                action = .snooze(until: nil, seconds: seconds)
            } else {
                let zone = try Online.zone(tz)
                do {
                    let now = Int64(Date().timeIntervalSince1970)
                    action = .snooze(
                        until: Instant(try TimeArgument(text: duration).resolve(now: now, zone: zone)), seconds: nil)
                } catch {
                    throw ValidationError(
                        "'\(duration)' is neither a duration (30m, 2h, 1d, PT2H) nor a time (tomorrow, 2027-01-05T09:00)"
                    )
                }
            }
            try ChangeOptions.run(ChangeCall(action, item: id), Connection(options, over: root.options))
        }

        /// Seconds in `30m`, `2h`, `1d`, `1w`, `1h30m`, `90s`, or an ISO 8601 duration; `nil` if it is none.
        static func seconds(_ text: String) -> Int64? {
            if text.hasPrefix("P"), let d = try? NominalDuration(parsing: text) { return Int64(d.approximateSeconds) }
            var total: Int64 = 0
            var number = ""
            var sawUnit = false
            for c in text.lowercased() {
                if c.isASCII && c.isNumber {
                    number.append(c)
                    continue
                }
                guard let n = Int64(number) else { return nil }
                let unit: Int64
                switch c {
                case "s": unit = 1
                case "m": unit = 60
                case "h": unit = 3600
                case "d": unit = 86_400
                case "w": unit = 604_800
                default: return nil
                }
                total += n * unit
                number = ""
                sawUnit = true
            }
            return sawUnit && number.isEmpty ? total : nil
        }
    }
}
