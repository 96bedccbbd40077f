import ArgumentParser
import EditorialClient
import EditorialCore
import Foundation

extension EditorialCtl {
    /// `editorialctl report --html FILE [--weeks N]`: the running daemon's agenda, blocked posts and pace as one
    /// self-contained HTML page.
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write an HTML report: the next four weeks by channel, blocked posts, pace charts.",
            discussion: """
                Asks the running daemon for the next four weeks of the agenda (from the start of today in the \
                team's zone), the blocked posts and the pace of the last --weeks weeks, and writes one \
                self-contained HTML page for people who would rather look than read: a summary strip (pages \
                keeping pace, slipping and stalled; blocked posts; the skimming hint when it applies), the \
                weeks as a calendar grid (a row per page or channel, a column per day, each day coloured by \
                its most urgent status, with counts and the first titles; today outlined), the blocked posts \
                with their chains of blame (which item, whose, why, how late), a weekly pace chart per page \
                with its verdict, and the owners' production figures. The verdicts and their thresholds are \
                those of 'editorialctl pace'.

                The page has its style and charts inline (CSS and SVG): no script, no fonts, no images, nothing \
                fetched, so it can be mailed, archived or opened offline, and prints on A4 or Letter in \
                landscape. Its size is bounded whatever the plans hold: a day with hundreds of items shows \
                counts and its first titles, and only the worst \(ReportLimits.standard.blocked) blocked posts \
                are listed (the rest are counted); a million scheduled posts make a page of about 1 MB.

                HTML is the only format, so --html is required. FILE is replaced atomically (a temporary file \
                in the same directory, then a rename), so a web server or a mail job never reads half a page; \
                - writes to standard output. With --json, a summary of what was written is printed (not with \
                --html -).

                EXAMPLES
                  editorialctl report --html /srv/www/editorial.html
                  editorialctl report --html report.html --weeks 12
                  editorialctl report --html - | gzip >report.html.gz

                """ + ExitStatus.help)

        @ParentCommand var root: EditorialCtl

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Write the report as HTML to this file, replaced atomically (required; - for standard output).",
                valueName: "file"))
        var html: String

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Weeks of pace to chart, the current one included (1 to \(PaceCall.maxWeeks)).", valueName: "n"))
        var weeks: Int = PaceCall.defaultWeeks

        @Option(name: .long, help: ArgumentHelp("The page's heading.", valueName: "text"))
        var title: String = "Editorial report"

        @OptionGroup var options: ConnectionOptions

        func validate() throws {
            guard (1...PaceCall.maxWeeks).contains(weeks) else {
                throw ValidationError("--weeks must be from 1 to \(PaceCall.maxWeeks), not \(weeks)")
            }
            guard !html.isEmpty else { throw ValidationError("--html needs a file name, or - for standard output") }
            if html == "-" && (options.json || root.options.json) {
                throw ValidationError("--json prints a summary to standard output: write the page to a file")
            }
        }

        func run() throws {
            let connection = Connection(options, over: root.options)
            // Fail before asking the daemon anything when the page could not be written anyway.
            if html != "-", let problem = Self.unwritable(html) {
                Terminal.error("editorialctl: cannot write \(html): \(problem)")
                throw ExitCode(ExitStatus.failure)
            }
            let page: ReportPage
            do {
                page = try Self.gather(connection, weeks: weeks, title: title)
            } catch {
                throw Online.report(error, json: connection.json, failureStatus: { _ in ExitStatus.failure })
            }
            let text = page.render()
            if html == "-" {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            do {
                try Self.replace(html, with: Array(text.utf8))
            } catch {
                Terminal.error("editorialctl: cannot write \(html): \(error.reason)")
                throw ExitCode(ExitStatus.failure)
            }
            let counts = page.calendar.totals()
            if connection.json {
                Terminal.printJSON(
                    JSONValue.object([
                        "file": .string(html), "bytes": .int(Int64(text.utf8.count)),
                        "items": .int(Int64(counts.total)), "blocked": .int(Int64(page.blockedTotal)),
                        "pages": .int(Int64(page.pace.pages.count)), "owners": .int(Int64(page.pace.owners.count)),
                        "weeks": .int(Int64(page.pace.weeks)),
                    ]))
                return
            }
            print(
                "\(html): \(Self.size(text.utf8.count)); \(counts.total) items in the next \(page.calendar.days) "
                    + "days, \(page.blockedTotal) blocked, \(page.pace.pages.count) pages over \(page.pace.weeks) "
                    + "weeks")
        }

        /// Asks the daemon for everything the page shows, on one connection: the plans, the pace (whose zone
        /// and `now` frame the rest), the next four weeks page by page (aggregated as they come, never held
        /// whole), and the worst blocked posts with their total.
        static func gather(_ connection: Connection, weeks: Int, title: String) throws(ControlClientError)
            -> ReportPage
        {
            let client = try ControlClient(path: connection.path)
            let status = try client.call(StatusCall(), timeout: connection.timeout)
            let pace = try client.call(PaceCall(weeks: weeks), timeout: connection.timeout)
            let zone = ZoneRules(identifier: pace.zone) ?? ZoneRules(identifier: "UTC")!
            // The next four weeks counted by the daemon, by channel and day, in one reply.
            let calendar = ReportCalendar(try client.call(GridCall(days: 28), timeout: connection.timeout))
            let limits = ReportLimits.standard
            let blocked = try client.call(ListCall(.blocked, limit: limits.blocked), timeout: connection.timeout)
            return ReportPage(
                title: title, now: pace.to.seconds, zone: zone, plans: status.plans.names,
                planCount: status.plans.count, calendar: calendar, blocked: blocked.items,
                blockedTotal: blocked.total, pace: pace, limits: limits)
        }

        /// Why `path` could not be written, or `nil` when its directory takes a new file.
        static func unwritable(_ path: String) -> String? {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                return "it is a directory"
            }
            let directory = (path as NSString).deletingLastPathComponent
            let parent = directory.isEmpty ? "." : directory
            guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) else {
                return "no directory \(parent)"
            }
            guard isDirectory.boolValue else { return "\(parent) is not a directory" }
            guard access(parent, W_OK | X_OK) == 0 else {
                return "\(parent) is not writable (\(String(cString: strerror(errno))))"
            }
            return nil
        }

        /// Replaces `path` with `bytes` atomically: a temporary file beside it (mode 0666 less the umask), written
        /// and synced, then renamed over it; on failure the temporary file is removed and `path` is untouched.
        static func replace(_ path: String, with bytes: [UInt8]) throws(WriteError) {
            let directory = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            var template = Array(((directory.isEmpty ? "." : directory) + "/.\(name).XXXXXX").utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw WriteError(reason: String(cString: strerror(errno))) }
            let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            var failure: String?
            let mask = umask(0)
            umask(mask)
            if fchmod(fd, 0o666 & ~mask) != 0 { failure = String(cString: strerror(errno)) }
            var offset = 0
            while failure == nil && offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = String(cString: strerror(errno)) } else { offset += n }
            }
            if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
            if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
            if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
            if let failure {
                unlink(temporary)
                throw WriteError(reason: failure)
            }
        }

        /// `312 KB`, `1.4 MB`.
        static func size(_ bytes: Int) -> String {
            bytes < 1_000_000
                ? "\(max(1, (bytes + 500) / 1000)) KB" : "\(bytes / 100_000 / 10).\(bytes / 100_000 % 10) MB"
        }

        /// Why the page could not be written.
        struct WriteError: Error {
            /// The system's reason.
            var reason: String
        }
    }
}
