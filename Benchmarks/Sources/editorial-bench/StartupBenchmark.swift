import EditorialClient
import EditorialCore
import EditorialRuntime
import Foundation

/// `editorial-bench startup`: the release daemon's time from spawn to READY=1 and its peak resident set, on a
/// plan set with a million scheduled posts, either as recurring slots or as explicit posts.
struct StartupBenchmark {
    /// Settings from the command line.
    struct Options {
        /// `recurring` (editorial plans with slots) or `explicit` (one-line posts in communication plans).
        var shape = "recurring"
        /// Scheduled posts: slot occurrences over the year, or explicit posts.
        var posts = 1_000_000
        /// Files of the explicit shape.
        var files = 100
        /// Daemon starts (each with an empty state directory).
        var runs = 3
        /// PRNG seed for the explicit posts' times.
        var seed = Schedule.defaultSeed
        /// Also time the daemon's start-up phases in this process (same library calls, no daemon).
        var phases = false
        /// Reuse one state directory, filled by an uncounted first start (the compiled-plan cache is warm).
        var warm = false
        /// The editoriald binary (default: the release build at the repository root).
        var daemon: String?
        /// Also write the generated plan files into this directory (to profile a start by hand).
        var writeDirectory: String?
    }

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        guard options.shape == "recurring" || options.shape == "explicit" else {
            throw BenchError("--shape must be recurring or explicit, not '\(options.shape)'")
        }
        let executable = try DaemonProcess.locate(options.daemon)
        let directory = try TemporaryDirectory("startup")
        defer { directory.remove() }
        let plans = try directory.subdirectory("plans")
        print("editorial-bench startup")
        print("  daemon:            \(executable)")
        let files: [(String, String)]
        if options.shape == "recurring" {
            let (generated, slots) = StartupPlans.recurring(occurrences: options.posts)
            files = generated
            guard let exact = StartupPlans.countOccurrences(files) else { return 1 }
            print(
                "  plan set:          recurring: \(files.count) editorial plans in \(StartupPlans.zones.count) zones, "
                    + "\(slots) slots (daily, weekdays, FREQ=WEEKLY;BYDAY=TU,FR round-robin) over one year from "
                    + "\(TimeTextUTC.date(StartupPlans.firstDay())): \(exact) occurrences (counted with Agenda)")
        } else {
            files = StartupPlans.explicit(posts: options.posts, fileCount: options.files, seed: options.seed)
            print(
                "  plan set:          explicit: \(options.posts) one-line posts in \(files.count) communication plans")
        }
        var bytes = 0
        for (name, text) in files {
            try text.write(toFile: plans + "/" + name, atomically: false, encoding: .utf8)
            if let copy = options.writeDirectory {
                try text.write(toFile: copy + "/" + name, atomically: false, encoding: .utf8)
            }
            bytes += text.utf8.count
        }
        print("  YAML:              \(Measure.format(Double(bytes) / 1e6, 2)) MB in \(files.count) files")

        var ready: [Double] = []
        var loads: [Double] = []
        var peaks: [Double] = []
        var settled: [Double] = []
        var quiet: [Double] = []
        var quietPeaks: [Double] = []
        if options.warm {
            print("  warm:              one state directory; a first start, not counted, writes the plan cache")
            guard try startOnce(executable: executable, plans: plans, directory: directory, index: 0) != nil else {
                return 1
            }
        }
        for r in 1...options.runs {
            guard let run = try startOnce(executable: executable, plans: plans, directory: directory, index: r) else {
                return 1
            }
            ready.append(run.ready)
            loads.append(run.load ?? .nan)
            peaks.append(run.peakAtReady)
            settled.append(run.peakSettled)
            quiet.append(run.quiet ?? .nan)
            quietPeaks.append(run.peakQuiet)
        }
        print(
            "  over \(options.runs) runs:".padding(toLength: 21, withPad: " ", startingAt: 0)
                + "READY after \(Distribution.spread(ready, 2)) s (median "
                + "\(Measure.format(Measure.median(ready), 2)) s), of which plan loading \(Distribution.spread(loads, 2)) "
                + "s; VmHWM at READY \(Distribution.spread(peaks, 0)) MB, 1 s later \(Distribution.spread(settled, 0)) MB; "
                + "quiet after \(Distribution.spread(quiet, 2)) s, VmHWM then \(Distribution.spread(quietPeaks, 0)) MB"
        )
        if options.warm {
            let met = Measure.median(ready) < 0.5
            print("  target:            warm READY < 0.5 s: \(met ? "met" : "missed")")
        } else {
            let met = Measure.median(ready) < 2 && (quietPeaks.max() ?? .infinity) < 400
            print("  targets:           READY < 2 s and peak < 400 MB: \(met ? "met" : "missed")")
        }
        if options.phases { try timePhases(plans: plans) }
        return 0
    }

    /// Figures of one daemon start.
    struct Start {
        /// Seconds from spawn to the READY=1 datagram.
        var ready: Double
        /// The plan loading seconds the daemon reports in its started entry.
        var load: Double?
        /// `VmHWM` right after READY=1 and a second later (MB).
        var peakAtReady: Double
        var peakSettled: Double
        /// Seconds from spawn until the daemon went quiet (its background checks done), and `VmHWM` then.
        var quiet: Double?
        var peakQuiet: Double
    }

    private func startOnce(executable: String, plans: String, directory: TemporaryDirectory, index: Int) throws
        -> Start?
    {
        let state = directory.path + (options.warm ? "/state" : "/state\(index)")
        let notify = try NotifySocket(path: directory.path + "/notify\(index).sock")
        let daemon = try DaemonProcess(
            executable: executable,
            arguments: try directory.daemonArguments(plans: plans, state: state),
            environment: ["NOTIFY_SOCKET": notify.path])
        defer {
            let stopped = daemon.stop()
            if stopped != "exit 0" { print("    daemon stop on SIGTERM: \(stopped)") }
        }
        guard let readyAt = notify.waitForReady(timeout: 600) else {
            print("  run \(index): no READY=1 within 600 s")
            for line in daemon.output.suffix(5) { print("    | \(line.text)") }
            return nil
        }
        let peak = ProcTasks.megabytes("VmHWM:", of: daemon.pid) ?? .nan
        let rss = ProcTasks.megabytes("VmRSS:", of: daemon.pid) ?? .nan
        sleep(1)
        let peakLater = ProcTasks.megabytes("VmHWM:", of: daemon.pid) ?? .nan
        let rssLater = ProcTasks.megabytes("VmRSS:", of: daemon.pid) ?? .nan
        // The strategy checks run after READY: the whole start's peak is known once the daemon is quiet.
        let idleAt = daemon.waitUntilIdle()
        let peakIdle = ProcTasks.megabytes("VmHWM:", of: daemon.pid) ?? .nan
        // At rest: a second after going quiet (the daemon hands freed memory back off its queue by then).
        sleep(1)
        let rssAtRest = ProcTasks.megabytes("VmRSS:", of: daemon.pid) ?? .nan
        _ = daemon.waitForOutput(timeout: 2) { $0.contains { $0.text.contains("started: ") } }
        let started = daemon.output.first { $0.text.contains("started: ") }?.text
        let load = started.flatMap(Self.loadSeconds)
        let ready = readyAt - daemon.spawnedAt
        print(
            "  run \(index):             READY after \(Measure.format(ready, 3)) s (plans loaded in "
                + "\(load.map { Measure.format($0, 2) } ?? "?") s, the rest \(load.map { Measure.format(ready - $0, 2) } ?? "?") s); "
                + "VmHWM \(Measure.format(peak, 1)) MB (VmRSS \(Measure.format(rss, 1))) at READY, "
                + "\(Measure.format(peakLater, 1)) MB (VmRSS \(Measure.format(rssLater, 1))) 1 s later; quiet after "
                + "\(idleAt.map { Measure.format($0 - daemon.spawnedAt, 2) } ?? "?") s, VmHWM then \(Measure.format(peakIdle, 1)) MB, "
                + "VmRSS at rest \(Measure.format(rssAtRest, 1)) MB")
        return Start(
            ready: ready, load: load, peakAtReady: peak, peakSettled: peakLater,
            quiet: idleAt.map { $0 - daemon.spawnedAt },
            peakQuiet: peakIdle)
    }

    /// The `(X s)` after `files in DIR` in the started entry: the daemon's plan loading time.
    static func loadSeconds(_ line: String) -> Double? {
        guard let end = line.range(of: " s), state in") ?? line.range(of: " s, ") else { return nil }
        let head = line[..<end.lowerBound]
        guard let open = head.lastIndex(of: "(") else { return nil }
        return Double(head[head.index(after: open)...])
    }

    /// Times, in this process and with the daemon's own library calls, the steps of its start-up.
    private func timePhases(plans: String) throws {
        print("  phases in-process (the daemon's calls, best of \(options.runs)):")
        var t = [String: [Double]]()
        for _ in 1...options.runs {
            let (files, tRead) = Measure.time { PlanFiles.load([plans]) }
            let (parsed, tParse) = Measure.time {
                files.sources.map { PlanParser(file: $0.path, text: $0.text, defaultReminders: Plan.defaultReminders) }
            }
            let (planSet, tResolve) = Measure.time {
                PlanSet(plans: parsed.flatMap(\.plans), diagnostics: parsed.flatMap(\.diagnostics))
            }
            let (loaded, tLoad) = Measure.time {
                PlanLoader.load(directory: plans, defaultReminders: Plan.defaultReminders, checks: false)
            }
            // A reload of unchanged files, as the daemon's: the same parse cache, the agenda in force built before.
            let cache = ParseCache()
            let inForce = PlanLoader.load(
                directory: plans, defaultReminders: Plan.defaultReminders, checks: false, cache: cache)
            let oldAgenda = Agenda(planSet: inForce.planSet)
            let (reloaded, tReload) = Measure.time {
                PlanLoader.load(directory: plans, defaultReminders: Plan.defaultReminders, checks: false, cache: cache)
            }
            let shared = zip(inForce.planSet.plans, reloaded.planSet.plans).filter { a, b in
                a.posts.sharesStorage(with: b.posts)
            }.count
            print(
                "    (reload: \(shared) of \(reloaded.planSet.plans.count) plans' posts shared with the plans in force)"
            )
            let (replacement, tReplacement) = Measure.time {
                PlanReplacement(planSet: reloaded.planSet, replacing: oldAgenda, now: 0)
            }
            let (_, tCompare) = Measure.time {
                PlanChanges.between(Agenda(planSet: loaded.planSet), oldAgenda, from: 0, to: PlanChanges.horizon)
            }
            precondition(replacement.changes.isEmpty, "a reload of unchanged files changed something")
            let (_, tChecks) = Measure.time { PlanChecker(planSet: planSet).warnings() }
            let (agenda, tAgenda) = Measure.time { Agenda(planSet: loaded.planSet) }
            let now = Int64(Date().timeIntervalSince1970)
            var scheduler = Scheduler(agenda: agenda)
            let (_, tStart) = Measure.time { scheduler.start(now: now) }
            let (_, tSummary) = Measure.time {
                StatusSnapshot(
                    of: scheduler, now: now, dayStart: now / 86_400 * 86_400, dayEnd: now / 86_400 * 86_400 + 86_400)
            }
            for (name, value) in [
                ("read files", tRead), ("parse (serial)", tParse), ("resolve", tResolve),
                ("PlanLoader.load, no checks (parallel parse)", tLoad),
                ("PlanLoader.load again, files cached (reload)", tReload),
                ("PlanReplacement (agenda + changes, reload)", tReplacement),
                ("agenda + changes, every file parsed again", tCompare), ("PlanChecker.warnings()", tChecks),
                ("Agenda(planSet:)", tAgenda), ("Scheduler.start(now:)", tStart),
                ("StatusSnapshot (index, counts)", tSummary),
            ] {
                t[name, default: []].append(value)
            }
        }
        for name in [
            "read files", "parse (serial)", "resolve", "PlanLoader.load, no checks (parallel parse)",
            "PlanLoader.load again, files cached (reload)", "PlanReplacement (agenda + changes, reload)",
            "agenda + changes, every file parsed again", "PlanChecker.warnings()", "Agenda(planSet:)",
            "Scheduler.start(now:)", "StatusSnapshot (index, counts)",
        ] {
            print(
                "    \(name.padding(toLength: 46, withPad: " ", startingAt: 0))\(Measure.format(Measure.best(t[name]!), 3)) s"
            )
        }
        print("    peak RSS of this process: \(Measure.peakReport())")
    }
}
