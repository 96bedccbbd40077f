import EditorialClient
import EditorialCore
import Foundation

/// `export`: editorialctl's offline iCalendar export of a million recurring occurrences and of 100,000 one-off
/// posts (whole process: wall time and peak RSS, from wait4), then the daemon's live feeds: what a state change
/// costs on the daemon's queue with and without a calendar directory, and how long the rewrite off the queue takes.
struct ExportBenchmark {
    struct Options {
        /// Occurrences of the recurring plan set.
        var occurrences = 1_000_000
        /// One-off posts of the explicit plan set.
        var posts = 100_000
        /// Timed runs per export.
        var runs = 3
        /// publish/reopen changes measured per daemon.
        var changes = 40
        /// The daemon (editorialctl beside it).
        var daemon: String?
    }

    let options: Options

    func run() throws -> Int32 {
        let executable = try DaemonProcess.locate(options.daemon)
        let ctl = try DaemonProcess.client(beside: executable)
        let directory = try TemporaryDirectory("export")
        defer { directory.remove() }
        print("editorial-bench export")
        print("  editorialctl:      \(ctl)")
        var met = true
        let recurring = try directory.subdirectory("recurring")
        let (files, slots) = StartupPlans.recurring(occurrences: options.occurrences)
        for (name, text) in files { try text.write(toFile: recurring + "/" + name, atomically: false, encoding: .utf8) }
        let explicit = try directory.subdirectory("explicit")
        for (name, text) in StartupPlans.explicit(posts: options.posts, fileCount: 10, seed: 42) {
            try text.write(toFile: explicit + "/" + name, atomically: false, encoding: .utf8)
        }
        for (label, plans) in [
            ("\(slots) slots (~\(options.occurrences) occurrences)", recurring),
            ("\(options.posts) one-off posts", explicit),
        ] {
            var times: [Double] = []
            var peaks: [Double] = []
            var size = 0
            for _ in 0..<options.runs {
                let out = directory.path + "/out.ics"
                let (seconds, peak, status) = try Self.measure(ctl, ["export", "--plans", plans], output: out)
                guard status == 0 else { throw BenchError("editorialctl export exited \(status)") }
                times.append(seconds)
                peaks.append(peak)
                size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
            }
            print(
                "  editorialctl export --plans, \(label): wall \(Distribution(times).summary(3, "s")), peak RSS "
                    + "\(Measure.format(peaks.max() ?? 0, 1)) MB, \(Measure.format(Double(size) / 1e6, 1)) MB of iCalendar"
            )
            // The export itself, as the daemon runs it on plans already loaded: entries and rendering.
            let sources = try FileManager.default.contentsOfDirectory(atPath: plans).sorted().map { name in
                PlanSource(path: name, text: try String(contentsOfFile: plans + "/" + name, encoding: .utf8))
            }
            let agenda = Agenda(planSet: PlanSet(sources: sources))
            var exportTimes: [Double] = []
            var exportPeak = 0.0
            for _ in 0..<options.runs {
                let baseline = Measure.currentRSSMegabytes() ?? 0
                _ = Measure.resetPhasePeak()
                let (bytes, seconds) = Measure.time {
                    CalendarDocument.render(CalendarExport(agenda: agenda).entries(), stamp: 0, name: "bench")
                }
                exportTimes.append(seconds)
                exportPeak = max(exportPeak, (Measure.phasePeakMegabytes() ?? 0) - baseline)
                precondition(bytes.count > 0)
            }
            met = met && Measure.median(exportTimes) <= 1 && exportPeak <= 200
            print(
                "    the export alone (plans loaded): \(Distribution(exportTimes).summary(3, "s")), "
                    + "\(Measure.format(exportPeak, 1)) MB above the loaded plans")
        }

        // Live feeds on the 100,000 posts: a change's round trip with and without a calendar directory (the
        // difference is what the feeds cost on the daemon's queue), and the rewrite's own time from the debug log.
        var rounds: [String: [Double]] = [:]
        var rewrite: [Double] = []
        for feeds in [false, true] {
            let state = directory.path + "/state-\(feeds)"
            var extra = ["--log-level", "debug"]
            if feeds { extra += ["--calendar-directory", directory.path + "/calendars"] }
            let notify = try NotifySocket(path: directory.path + "/notify-\(feeds).sock")
            let daemon = try DaemonProcess(
                executable: executable,
                arguments: try directory.daemonArguments(plans: explicit, state: state, extra: extra),
                environment: ["NOTIFY_SOCKET": notify.path])
            defer { _ = daemon.stop() }
            guard notify.waitForReady(timeout: 600) != nil else { throw BenchError("no READY=1 within 600 s") }
            notify.drainForever()
            func written(_ lines: [(at: Double, text: String)]) -> [Double] {
                lines.compactMap { line -> Double? in
                    guard let range = line.text.range(of: "files rewritten in ") else { return nil }
                    return Double(line.text[range.upperBound...].split(separator: " ").first ?? "")
                }
            }
            if feeds, !daemon.waitForOutput(timeout: 120, until: { !written($0).isEmpty }) {
                throw BenchError("the feeds were not written within 120 s")
            }
            _ = daemon.waitUntilIdle()
            let client = try ControlClient(path: directory.path + "/control.sock")
            let item = try client.call(.agenda, ["limit": .int(1)])["items"]?.array?.first?["id"]?.string ?? ""
            guard !item.isEmpty else { throw BenchError("no item in the agenda") }
            var times: [Double] = []
            for i in 0..<options.changes {
                let line = ControlRequest(command: i % 2 == 0 ? .publish : .reopen, arguments: ["item": .string(item)])
                    .line
                times.append(try ControlBenchmark.roundTrip(client, line).seconds * 1e3)
                // One change at a time: the next starts once its rewrite is done, as when people click.
                if feeds {
                    let before = i + 2
                    _ = daemon.waitForOutput(timeout: 60, until: { written($0).count >= before })
                }
            }
            rounds[feeds ? "with" : "without"] = times
            if feeds {
                // The live export: the daemon renders it off its queue and sends it over the socket.
                var live: [Double] = []
                for _ in 0..<options.runs {
                    let (seconds, _, status) = try Self.measure(
                        ctl, ["--socket", directory.path + "/control.sock", "export"],
                        output: directory.path + "/live.ics")
                    guard status == 0 else { throw BenchError("editorialctl export (live) exited \(status)") }
                    live.append(seconds)
                }
                print("  live editorialctl export of \(options.posts) posts: \(Distribution(live).summary(3, "s"))")
            }
            if feeds { rewrite = Array(written(daemon.output).dropFirst()) }
        }
        let with = Distribution(rounds["with"] ?? [])
        let without = Distribution(rounds["without"] ?? [])
        print("  change round trip without feeds: \(without.summary(2, "ms"))")
        print("  change round trip with feeds:    \(with.summary(2, "ms"))")
        print("  feed rewrite off the queue:      \(Distribution(rewrite).summary(1, "ms")) (all, channels, owners)")
        let onQueue = with.percentile(50) - without.percentile(50)
        print("  cost on the daemon's queue (p50 difference): \(Measure.format(onQueue, 2)) ms (target ≤ 50 ms)")
        met = met && onQueue <= 50
        print(met ? "  targets met" : "  TARGETS MISSED")
        return met ? 0 : BenchError.targetMissed
    }

    /// Runs `path arguments` with standard output to `output`, and returns its wall seconds, peak RSS (MB) and
    /// exit status.
    static func measure(_ path: String, _ arguments: [String], output: String) throws -> (Double, Double, Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = Measure.now()
        let status = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard status == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(status)))") }
        var code: Int32 = 0
        var usage = rusage()
        wait4(pid, &code, 0, &usage)
        return (Measure.now() - start, Double(usage.ru_maxrss) / 1024, (code >> 8) & 0xFF)
    }
}
