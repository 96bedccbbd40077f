import ArgumentParser
import EditorialCore
import Foundation

extension EditorialCtl {
    /// `editorialctl pace [--weeks N] [--channel C] [--owner O] [--tolerance D]`.
    struct PaceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pace",
            abstract: "Show whether each page keeps pace with its plan, from what was actually published.",
            discussion: """
                The source document's rule: a channel is an asset only as far as the team keeps pace with it. A \
                business should run three or four pages at most; trying to feed more ends in a block that \
                postpones the post indefinitely. 'check' applies the rule to the plans as written; 'pace' applies \
                it to what happened, over the last N weeks (Monday to Sunday in the team's zone, the current week \
                included, up to now).

                For each page (a network's page, however many plans post to it): the posts due, published on \
                time (within the tolerance of the due time they had when published, so a post moved later in the \
                plans is still judged by its time then), published late (with the median and 90th-percentile \
                lateness), skipped, and still open (more than the tolerance past due); the late production items \
                (content and preparations its posts need) behind it; and the trend, one character per week: the \
                share on time, from ▁ (none) to █ (all), · with nothing due (an ASCII ramp _.,:-=+# when the \
                locale is not UTF-8). For each owner: production items on time, late, skipped and open. A \
                status: written in a plan file counts as on time.

                Verdicts:
                  stalled       posts were due in the last 2 weeks and none went out (on time or late)
                  slipping      fewer than 80% of the posts due went out on time
                  keeping pace  otherwise
                (the daemon's pace: settings on-time-share and stalled-weeks change the two figures).

                When more than four social pages had posts due and one or more of them is slipping or stalled, \
                a hint names the page to drop first: the lowest on-time share, then the most late production \
                behind it, with its figures.

                The daemon also journals each page's pace once a week (pace: report:, Monday 09:00 by default) \
                and 'status' shows a one-line summary.

                """ + ExitStatus.help)

        @ParentCommand var root: EditorialCtl

        @Option(name: .long, help: "Weeks to look back, the current one included (1–52, default 8).")
        var weeks: Int?

        @Option(name: .long, help: "Only this page: a channel id (plan/channel), a page key or a network.")
        var channel: String?

        @Option(name: .long, help: "Only this owner's production items (pages are left out).")
        var owner: String?

        @Option(
            name: .long,
            help: "How late still counts as on time (ISO 8601, e.g. PT2H; default the daemon's pace: tolerance, 1 h).")
        var tolerance: String?

        @OptionGroup var options: ConnectionOptions

        func validate() throws {
            if let weeks, !(1...PaceCall.maxWeeks).contains(weeks) {
                throw ValidationError("--weeks must be from 1 to \(PaceCall.maxWeeks)")
            }
            _ = try toleranceSeconds()
        }

        private func toleranceSeconds() throws -> Int64? {
            guard let tolerance else { return nil }
            let seconds: Int64
            do throws(NominalDurationError) {
                seconds = Int64(try NominalDuration(parsing: tolerance).approximateSeconds)
            } catch {
                throw ValidationError("--tolerance: \(error.message)")
            }
            guard seconds <= 7 * 86_400 else { throw ValidationError("--tolerance must be at most 7 days") }
            return seconds
        }

        func run() throws {
            let connection = Connection(options, over: root.options)
            let reply = try Online.call(
                connection, PaceCall(weeks: weeks, channel: channel, owner: owner, tolerance: try toleranceSeconds()))
            if connection.json {
                try Terminal.printJSON(reply)
                return
            }
            let unicode = PaceChart.localeIsUTF8(ProcessInfo.processInfo.environment)
            print(PaceTable.render(reply, unicode: unicode).joined(separator: "\n"))
        }
    }
}
