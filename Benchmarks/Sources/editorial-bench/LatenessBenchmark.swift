import Foundation

/// `editorial-bench lateness`: how late the release daemon sends due entries, beside a bare `timerfd` loop
/// armed at the same instants in the same run.
struct LatenessBenchmark {
    /// Settings from the command line.
    struct Options {
        /// Posts in the generated plan, each with one reminder at its due time (`PT0S`).
        var posts = 1_000
        /// The posts are spread evenly over this many consecutive whole seconds.
        var seconds = 20
        /// The first post is due this many whole seconds after the plan is written (the daemon starts then).
        var lead = 3
        /// The baseline's deadlines are shifted by this many milliseconds (0: the daemon's very instants).
        var baselineOffsetMilliseconds = 0
        /// Repetitions (one daemon run each, with its own baseline).
        var runs = 1
        /// The editoriald binary (default: the release build at the repository root).
        var daemon: String?
        /// Keep the temporary directory (plans, state) for inspection.
        var keep = false
    }

    /// One entry as read from the daemon's console output.
    struct Entry {
        /// The entry's `[messageID]` name.
        var kind: String
        /// `EDITORIAL_REMINDER_KEY`.
        var key: String
        /// `EDITORIAL_LATENESS_USEC`.
        var lateness: Double
    }

    /// Figures of one run.
    struct RunResult {
        /// Daemon, every entry (µs).
        var daemon: Distribution
        /// Daemon, the first entry of each second (µs): its timer wake-up plus the scheduler step.
        var daemonWakes: Distribution
        /// Daemon, the span from the first to the last entry of each second divided by the entries after the
        /// first (µs per entry).
        var perEntry: Distribution
        /// Baseline, every entry and every wake-up (µs).
        var baseline: Distribution
        var baselineWakes: Distribution
    }

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        let executable = try DaemonProcess.locate(options.daemon)
        print("editorial-bench lateness")
        print("  daemon:            \(executable)")
        print(
            "  plan:              \(options.posts) posts over \(options.seconds) s (reminders [PT0S]), first due "
                + "\(options.lead) s after launch; baseline timerfd loop offset \(options.baselineOffsetMilliseconds) ms"
        )
        var results: [RunResult] = []
        var failed = false
        for r in 1...options.runs {
            guard let result = try runOnce(executable: executable, index: r) else {
                failed = true
                continue
            }
            results.append(result)
        }
        if results.count > 1 {
            print("  over \(results.count) runs (min–max of each figure):")
            func line(_ label: String, _ pick: (RunResult) -> Distribution) {
                let d = results.map(pick)
                print(
                    "    \(label.padding(toLength: 28, withPad: " ", startingAt: 0))p50 "
                        + "\(Distribution.spread(d.map { $0.percentile(50) }, 0)) µs, p99 "
                        + "\(Distribution.spread(d.map { $0.percentile(99) }, 0)) µs, max "
                        + "\(Distribution.spread(d.map(\.max), 0)) µs")
            }
            line("daemon, every entry", \.daemon)
            line("daemon, first of each second", \.daemonWakes)
            line("daemon, µs per further entry", \.perEntry)
            line("timerfd loop, every entry", \.baseline)
            line("timerfd loop, each wake-up", \.baselineWakes)
        }
        return failed ? 1 : 0
    }

    /// One daemon run beside one baseline loop; nil (after printing why) when entries were missing or early.
    private func runOnce(executable: String, index: Int) throws -> RunResult? {
        let directory = try TemporaryDirectory("lateness")
        defer { if !options.keep { directory.remove() } }
        let plans = try directory.subdirectory("plans")
        let state = try directory.subdirectory("state")
        // Whole seconds: the first post is due `lead` seconds after the next second boundary.
        let first = Int64(Date().timeIntervalSince1970.rounded(.up)) + Int64(options.lead)
        var dueAt: [String: Int64] = [:]
        var perSecond: [Int64: Int] = [:]
        var text = Self.planHeader(first: first, last: first + Int64(options.seconds))
        for i in 0..<options.posts {
            let at = first + Int64(i * options.seconds / options.posts)
            let id = "p" + String(i + 1).leftPadded(to: 5)
            dueAt["bench/\(id)!PT0S"] = at
            perSecond[at, default: 0] += 1
            text += "  - {id: \(id), channel: blog, at: \(TimeTextUTC.localStamp(at)), title: Post \(i + 1)}\n"
        }
        try text.write(toFile: plans + "/bench.yaml", atomically: true, encoding: .utf8)

        let offset = Int64(options.baselineOffsetMilliseconds) * 1_000_000
        let baseline = TimerfdBaseline(
            deadlines: perSecond.keys.sorted().map { ($0 * 1_000_000_000 + offset, perSecond[$0]!) })
        let daemon = try DaemonProcess(
            executable: executable,
            arguments: try directory.daemonArguments(plans: plans, state: state, extra: ["--overdue-after", "P30D"]),
            environment: [:], marker: "EDITORIAL_LATENESS_USEC=")
        baseline.start()
        let expected = options.posts
        let arrived = daemon.waitForMarkedLines(expected, timeout: Double(options.lead + options.seconds) + 15)
        let exit = daemon.stop()
        let (baseEntries, baseWakes) = baseline.wait()
        let output = daemon.output
        let entries = output.compactMap { Self.entry($0.text) }

        var problems: [String] = []
        if !arrived { problems.append("timed out waiting for \(expected) entries") }
        let ours = entries.filter { dueAt[$0.key] != nil }
        let keys = Set(ours.map(\.key))
        if ours.count != expected || keys.count != expected {
            problems.append("\(ours.count) entries for \(keys.count) of the \(expected) posts")
        }
        let others = entries.count - ours.count
        if others > 0 { problems.append("\(others) scheduler entries for no generated post") }
        let early = ours.filter { $0.lateness < 0 }
        if !early.isEmpty { problems.append("\(early.count) entries early (negative lateness)") }

        var bySecond: [Int64: [Double]] = [:]
        for e in ours { bySecond[dueAt[e.key]!, default: []].append(e.lateness) }
        let wakes = bySecond.values.map { $0.min()! }
        let perEntry = bySecond.values.filter { $0.count > 1 }.map { ($0.max()! - $0.min()!) / Double($0.count - 1) }
        let result = RunResult(
            daemon: Distribution(ours.map(\.lateness)), daemonWakes: Distribution(wakes),
            perEntry: Distribution(perEntry), baseline: Distribution(baseEntries),
            baselineWakes: Distribution(baseWakes))
        let kinds = Dictionary(grouping: entries, by: \.kind).map { "\($0.value.count) [\($0.key)]" }.sorted()
        print(
            "  run \(index): daemon \(exit), \(ours.count) entries (\(kinds.joined(separator: ", "))), "
                + "\(early.count) early, \(bySecond.count) wake-ups")
        print("    daemon, every entry:          \(result.daemon.summary(0, "µs")) (n=\(result.daemon.count))")
        print(
            "    daemon, first of each second: \(result.daemonWakes.summary(0, "µs")) (n=\(result.daemonWakes.count))")
        print("    daemon, per further entry:    \(result.perEntry.summary(1, "µs"))")
        print("    timerfd loop, every entry:    \(result.baseline.summary(0, "µs")) (n=\(result.baseline.count))")
        print("    timerfd loop, each wake-up:   \(result.baselineWakes.summary(0, "µs"))")
        let ratio = result.daemon.percentile(50) / max(result.baseline.percentile(50), 1)
        print(
            "    targets:                      daemon p50 / loop p50 = \(Measure.format(ratio, 1))× (≤ 2×: "
                + "\(ratio <= 2 ? "met" : "missed")), daemon p99 \(Measure.format(result.daemon.percentile(99) / 1000, 2)) "
                + "ms (< 5 ms: \(result.daemon.percentile(99) < 5_000 ? "met" : "missed"))")
        if options.keep { print("    kept:                         \(directory.path)") }
        guard problems.isEmpty else {
            print("    FAILED: " + problems.joined(separator: "; "))
            for line in output.suffix(5) { print("    | \(line.text)") }
            return nil
        }
        return result
    }

    /// The communication plan's header, with a period covering `first`…`last` (UTC) with a day of margin.
    static func planHeader(first: Int64, last: Int64) -> String {
        """
        # Generated by editorial-bench lateness.
        plan: bench
        kind: communication
        timezone: UTC
        period: {from: \(TimeTextUTC.date(first - 86_400)), until: \(TimeTextUTC.date(last + 86_400))}
        reminders: [PT0S]
        channels: [{id: blog, network: blog}]
        posts:

        """
    }

    /// The scheduler entry on a console line (`… [kind]: … EDITORIAL_LATENESS_USEC=… EDITORIAL_REMINDER_KEY=…`).
    static func entry(_ line: String) -> Entry? {
        guard let lateness = value(of: "EDITORIAL_LATENESS_USEC=", in: line).flatMap(Double.init),
            let key = value(of: "EDITORIAL_REMINDER_KEY=", in: line)
        else { return nil }
        var kind = "?"
        if let open = line.range(of: " ["), let close = line.range(of: "]:", range: open.upperBound..<line.endIndex) {
            kind = String(line[open.upperBound..<close.lowerBound])
        }
        return Entry(kind: kind, key: key, lateness: lateness)
    }

    /// The unquoted value after ` NAME=` up to the next space.
    private static func value(of name: String, in line: String) -> String? {
        guard let start = line.range(of: " " + name) else { return nil }
        let rest = line[start.upperBound...]
        return String(rest.prefix { $0 != " " })
    }
}
