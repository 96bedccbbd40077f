import EditorialClient
import EditorialCore
import EditorialRuntime
import Foundation

/// `editorial-bench control`: round trips of `status` and `overdue` on the control socket of the release daemon
/// running a million scheduled posts, from a raw protocol client and from the editorialctl binary.
struct ControlBenchmark {
    /// Settings from the command line.
    struct Options {
        /// `recurring` (editorial plans with slots) or `explicit` (one-line posts in 100 communication plans).
        var shape = "recurring"
        /// Scheduled posts (recurring slot occurrences over the year, or explicit posts).
        var posts = 1_000_000
        /// Round trips per raw measurement.
        var requests = 5_000
        /// editorialctl runs per CLI measurement.
        var cliRuns = 100
        /// publish/reopen changes measured.
        var changes = 20
        /// Reloads measured after editing one file (explicit shape only).
        var reloads = 5
        /// The editoriald binary (default: the release build at the repository root).
        var daemon: String?
    }

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        let executable = try DaemonProcess.locate(options.daemon)
        let ctl = try DaemonProcess.client(beside: executable)
        let directory = try TemporaryDirectory("control")
        defer { directory.remove() }
        let plans = try directory.subdirectory("plans")
        // Half a year into the plans' year, with nothing recorded: a week of occurrences (or half a year of
        // explicit posts) is overdue.
        let today = Int64(Date().timeIntervalSince1970) / 86_400 * 86_400
        let files: [(String, String)]
        let described: String
        if options.shape == "explicit" {
            files = StartupPlans.explicit(
                posts: options.posts, fileCount: 100, seed: Schedule.defaultSeed, from: today - 182 * 86_400)
            described = "\(files.count) communication plans, \(options.posts) one-line posts"
        } else {
            guard options.shape == "recurring" else {
                throw BenchError("--shape must be recurring or explicit, not '\(options.shape)'")
            }
            let (generated, slots) = StartupPlans.recurring(occurrences: options.posts, from: today - 182 * 86_400)
            files = generated
            described = "\(files.count) editorial plans, \(slots) slots, about \(options.posts) occurrences"
        }
        for (name, text) in files { try text.write(toFile: plans + "/" + name, atomically: false, encoding: .utf8) }
        print("editorial-bench control")
        print("  daemon:            \(executable)")
        print("  editorialctl:      \(ctl)")
        print("  plan set:          \(described) over a year that began 182 days ago (nothing recorded)")
        let notify = try NotifySocket(path: directory.path + "/notify.sock")
        let daemon = try DaemonProcess(
            executable: executable,
            arguments: try directory.daemonArguments(plans: plans, state: directory.path + "/state"),
            environment: ["NOTIFY_SOCKET": notify.path])
        defer { _ = daemon.stop() }
        guard let ready = notify.waitForReady(timeout: 600) else { throw BenchError("no READY=1 within 600 s") }
        print("  ready after:       \(Measure.format(ready - daemon.spawnedAt, 2)) s")
        // Background start-up work (the strategy checks, after READY) would compete with the requests measured.
        guard let quiet = daemon.waitUntilIdle() else { throw BenchError("the daemon did not go quiet within 120 s") }
        print("  quiet after:       \(Measure.format(quiet - daemon.spawnedAt, 2)) s")
        notify.drainForever()
        let socket = directory.path + "/control.sock"
        let client = try ControlClient(path: socket)
        // The daemon builds its status index before READY: the first request should not pay for it.
        let firstStart = Measure.now()
        let status = try client.call(.status)
        print(
            "  first status:      \(Measure.format((Measure.now() - firstStart) * 1e3, 1)) ms (the index is built before READY)"
        )
        let counts = status["counts"] ?? .null
        print(
            "  daemon counts:     overdue \(counts["overdue"]?.int ?? -1), blocked \(counts["blocked"]?.int ?? -1), "
                + "due today \(counts["due_today"]?.int ?? -1), next 7 days \(counts["upcoming_7_days"]?.int ?? -1)")

        var met = true
        for (name, line) in [
            ("status", ControlRequest(command: .status).line),
            ("overdue (100)", ControlRequest(command: .overdue, arguments: ["limit": .int(100)]).line),
            ("agenda (100)", ControlRequest(command: .agenda, arguments: ["limit": .int(100)]).line),
        ] {
            for _ in 0..<200 { _ = try Self.roundTrip(client, line) }
            var times: [Double] = []
            var bytes = 0
            for _ in 0..<options.requests {
                let (seconds, size) = try Self.roundTrip(client, line)
                times.append(seconds * 1e6)
                bytes = size
            }
            let d = Distribution(times)
            met = met && d.percentile(99) < 2_000
            print(
                "  raw \(name.padded(14)) \(d.summary(0, "µs")) (\(options.requests) on one connection, \(bytes) bytes)"
            )
            var fresh: [Double] = []
            for _ in 0..<max(100, options.requests / 10) {
                let start = Measure.now()
                let c = try ControlClient(path: socket)
                try c.send(line)
                _ = try c.readLine(timeout: 30)
                fresh.append((Measure.now() - start) * 1e6)
            }
            print("  raw \(name.padded(14)) \(Distribution(fresh).summary(0, "µs")) (connect + request each)")
        }

        // A change is written to the state database (fsync) with its audit row, and its reply is evaluated on a
        // fresh snapshot (the week of overdue items, blocks, counts): the slowest request there is.
        var changes: [Double] = []
        let item = try client.call(.overdue, ["limit": .int(1)])["items"]?.array?.first?["id"]?.string ?? ""
        for i in 0..<options.changes {
            let line = ControlRequest(command: i % 2 == 0 ? .publish : .reopen, arguments: ["item": .string(item)]).line
            changes.append(try Self.roundTrip(client, line).seconds * 1e6)
        }
        print(
            "  publish/reopen     \(Distribution(changes).summary(0, "µs")) (\(options.changes) changes: fsync + snapshot recompute)"
        )

        for (name, arguments) in [("status", ["status"]), ("overdue", ["overdue", "--limit", "100"])] {
            var times: [Double] = []
            for _ in 0..<options.cliRuns {
                let start = Measure.now()
                let code = try Self.spawn(ctl, arguments + ["--socket", socket])
                guard code == 0 else { throw BenchError("editorialctl \(name) exited \(code)") }
                times.append((Measure.now() - start) * 1e3)
            }
            print(
                "  editorialctl \(name.padded(8)) \(Distribution(times).summary(2, "ms")) (\(options.cliRuns) runs, "
                    + "process start included)")
        }
        if options.shape == "explicit" && options.reloads > 0 {
            try measureReloads(socket: socket, plans: plans, first: files[0].0, today: today)
        }
        print("  target:            raw p99 < 2 ms: \(met ? "met" : "missed")")
        return met ? 0 : BenchError.targetMissed
    }

    /// Edits one of the plan files (a post added three days ahead), reloads, and meanwhile sends `status` on
    /// another connection: when the new plans were in force (the upcoming count went up), when the reply came
    /// (after the strategy checks), and how long the status requests took during the reload.
    private func measureReloads(socket: String, plans: String, first: String, today: Int64) throws {
        let path = plans + "/" + first
        var inForce: [Double] = []
        var replied: [Double] = []
        var during: [Double] = []
        let reload = ControlRequest(command: .reload).line
        for r in 1...options.reloads {
            let watcher = try ControlClient(path: socket)
            let before = try watcher.call(.status)["counts"]?["upcoming_7_days"]?.int ?? -1
            let at = TimeTextUTC.localStamp(today + 3 * 86_400 + 12 * 3_600 + Int64(r) * 60)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            handle.seekToEndOfFile()
            handle.write(Data("  - {id: reload\(r), channel: blog, at: \(at), title: Reload \(r)}\n".utf8))
            try handle.close()
            let client = try ControlClient(path: socket)
            let start = Measure.now()
            try client.send(reload)
            let watch = ReloadWatch(client: watcher, before: before, start: start)
            let reply = try client.readLine(timeout: 300)
            replied.append(Measure.now() - start)
            // The status loop stops once it has seen the new plans (or a few seconds after the reply).
            let limit = Measure.now() + 5
            while watch.seen == nil && Measure.now() < limit { Thread.sleep(forTimeInterval: 0.001) }
            let times = watch.stop()
            guard String(decoding: reply, as: UTF8.self).contains("\"accepted\":true") else {
                throw BenchError("reload \(r) refused: \(String(decoding: reply, as: UTF8.self))")
            }
            guard let seen = watch.seen else { throw BenchError("reload \(r): the new post never showed in status") }
            inForce.append(seen)
            during += times
        }
        let d = Distribution(during)
        print(
            "  reload, 1 of 100 files edited (\(options.reloads) runs): in force after "
                + "\(Distribution(inForce.map { $0 * 1e3 }).summary(0, "ms")); reply (after the checks) "
                + "\(Distribution(replied.map { $0 * 1e3 }).summary(0, "ms"))")
        print("  status meanwhile:  \(d.summary(0, "µs")) (\(during.count) requests on another connection)")
    }

    /// One request line out, one reply line back: seconds and reply size.
    static func roundTrip(_ client: ControlClient, _ line: String) throws -> (seconds: Double, size: Int) {
        let start = Measure.now()
        try client.send(line)
        let reply = try client.readLine(timeout: 30)
        return (Measure.now() - start, reply.count)
    }

    /// Runs `path arguments` with output to /dev/null and returns its exit status.
    static func spawn(_ path: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard status == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(status)))") }
        var code: Int32 = 0
        waitpid(pid, &code, 0)
        return (code >> 8) & 0xFF
    }
}
