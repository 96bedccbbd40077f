import EditorialClient
import EditorialCore
import Foundation

/// `editorial-bench delivery`: the release daemon's outbox under a burst. Firing lateness side by side, on posts
/// all due in the same second, without routes and with one webhook route to a local receiver (every delivery
/// checked to arrive once); then the daemon's peak memory while a larger burst queues for a receiver that is down.
struct DeliveryBenchmark {
    /// Settings from the command line.
    struct Options {
        /// Posts due in the same second in the lateness runs (delivered to the receiver in the runs with the route).
        var posts = 10_000
        /// Posts due in the same second in the memory runs (queued for a receiver that is down).
        var queue = 100_000
        /// Pairs of lateness runs: without routes, then with the route.
        var runs = 1
        /// The editoriald binary (default: the release build at the repository root).
        var daemon: String?
        /// Keep the temporary directories (plans, state, config, the receiver's log) for inspection.
        var keep = false
    }

    /// Figures of one lateness run.
    struct LatenessRun {
        /// How late every entry went out (µs).
        var lateness: Distribution
        /// The span from the first to the last entry divided by the entries after the first (µs per entry).
        var perEntry: Double
        /// How late the few posts due one second after the burst went out (µs): they wait for whatever the burst's
        /// step still does on the daemon's queue (routing, the commit).
        var next: Distribution
        /// With the route: seconds from the due second to the last request the receiver logged.
        var span: Double?
        /// With the route: requests logged per second of `span`.
        var rate: Double?
    }

    /// Figures of one memory run.
    struct MemoryRun {
        /// `VmHWM` (MB) at the end: the whole run's peak.
        var peak: Double
        /// `VmRSS` (MB) at the end.
        var resident: Double
    }

    /// The first post is due this many whole seconds after the plan is written (the daemon starts then).
    static let lead = 3
    /// Posts due one second after the burst in the lateness runs.
    static let probes = 10
    /// The route's name (part of each delivery's idempotency key).
    static let route = "hook"
    /// Lines of the daemon's console that carry a scheduler entry.
    static let marker = "EDITORIAL_LATENESS_USEC="

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        let executable = try DaemonProcess.locate(options.daemon)
        let script = try Self.receiverScript()
        print("editorial-bench delivery")
        print("  daemon:            \(executable)")
        print("  receiver:          \(script) --fast")
        print(
            "  lateness plan:     \(options.posts) posts due in the same second (reminders [PT0S]), \(Self.lead) s "
                + "after launch, and \(Self.probes) due the second after; each run: A without routes, then B with one "
                + "webhook route (events [due], concurrency 8) to a fresh receiver")
        var failed = false
        var pairs: [(a: LatenessRun, b: LatenessRun)] = []
        for r in 1...options.runs {
            let a = try latenessRun(executable: executable, script: nil, index: r)
            let b = try latenessRun(executable: executable, script: script, index: r)
            guard let a, let b else {
                failed = true
                continue
            }
            pairs.append((a, b))
            print(
                "  run \(r) B / A:        \(Self.comparison(a.lateness, b.lateness)); next second max "
                    + "×\(Measure.format(b.next.max / max(a.next.max, 1), 2))")
        }
        if pairs.count > 1 {
            print("  over \(pairs.count) runs (min–max of each figure):")
            for (label, d) in [
                ("A, every entry", pairs.map { $0.a.lateness }), ("B, every entry", pairs.map { $0.b.lateness }),
            ] {
                print(
                    "    \(label.padded(18))p50 \(Distribution.spread(d.map { $0.percentile(50) }, 0)) µs, p99 "
                        + "\(Distribution.spread(d.map { $0.percentile(99) }, 0)) µs, max "
                        + "\(Distribution.spread(d.map(\.max), 0)) µs")
            }
            print(
                "    next second       max A \(Distribution.spread(pairs.map { $0.a.next.max }, 0)) µs, B "
                    + "\(Distribution.spread(pairs.map { $0.b.next.max }, 0)) µs")
            print(
                "    per further entry A \(Distribution.spread(pairs.map { $0.a.perEntry }, 1)) µs, B "
                    + "\(Distribution.spread(pairs.map { $0.b.perEntry }, 1)) µs; the first entry A "
                    + "\(Distribution.spread(pairs.map { $0.a.lateness.min }, 0)) µs, B "
                    + "\(Distribution.spread(pairs.map { $0.b.lateness.min }, 0)) µs")
            let p50 = pairs.map { $0.b.lateness.percentile(50) / max($0.a.lateness.percentile(50), 1) }
            let p99 = pairs.map { $0.b.lateness.percentile(99) / max($0.a.lateness.percentile(99), 1) }
            print("    B / A             p50 ×\(Distribution.spread(p50, 2)), p99 ×\(Distribution.spread(p99, 2))")
            print(
                "    B, deliveries     last request \(Distribution.spread(pairs.compactMap { $0.b.span }, 2)) s after the "
                    + "due second, \(Distribution.spread(pairs.compactMap { $0.b.rate }, 0)) deliveries/s")
        }
        let noWorse = pairs.filter { Self.noWorse($0.a.lateness, $0.b.lateness) }.count
        print(
            "  target:            lateness with the route no worse (B p99 ≤ A p99 × 1.1 + 1 ms) in \(noWorse) of "
                + "\(pairs.count) runs: \(noWorse == pairs.count && !pairs.isEmpty ? "met" : "missed")")

        print(
            "  memory plan:       \(options.queue) posts due in the same second, \(Self.lead + options.queue / 20_000) "
                + "s after launch; A without routes, then B with the route to a closed loopback port "
                + "(retry-initial = retry-maximum = PT1H: nothing retries during the run)")
        let baseline = try memoryRun(executable: executable, routed: false)
        let queued = try memoryRun(executable: executable, routed: true)
        if let baseline, let queued {
            let above = queued.peak - baseline.peak
            print(
                "  memory:            peak (VmHWM) A \(Measure.format(baseline.peak, 1)) MB, B "
                    + "\(Measure.format(queued.peak, 1)) MB: \(Measure.format(above, 1)) MB above the baseline "
                    + "(≤ 100 MB: \(above <= 100 ? "met" : "missed")); VmRSS at the end A "
                    + "\(Measure.format(baseline.resident, 1)) MB, B \(Measure.format(queued.resident, 1)) MB")
        } else {
            failed = true
        }
        return failed ? 1 : 0
    }

    /// One daemon run on `posts` posts due in the same second: with a fresh receiver and the route to it when
    /// `script` is given. Nil (after printing why) when an entry or a delivery was missing, early or repeated.
    private func latenessRun(executable: String, script: String?, index: Int) throws -> LatenessRun? {
        let label = script == nil ? "A (no routes)" : "B (webhook)"
        let directory = try TemporaryDirectory("delivery")
        defer { if !options.keep { directory.remove() } }
        let receiver = try script.map { try Receiver.start(script: $0, directory: directory.path) }
        defer { receiver?.stop() }
        if let receiver { try Self.writeConfig(in: directory, url: "http://127.0.0.1:\(receiver.port)/hook") }
        let (due, keys) = try Self.writePlan(in: directory, posts: options.posts, probes: Self.probes, lead: Self.lead)
        let daemon = try Self.daemon(executable, in: directory)
        var exit: String?
        defer { if exit == nil { daemon.stop() } }
        // CPU seconds from just before the due second: what the burst and its deliveries cost each process.
        let before = Double(due) - 0.3 - Date().timeIntervalSince1970
        if before > 0 { usleep(UInt32(before * 1e6)) }
        let daemonCPU = ProcTasks.cpuSeconds(of: daemon.pid) ?? .nan
        let receiverCPU = receiver.flatMap { ProcTasks.cpuSeconds(of: $0.pid) } ?? .nan
        var problems: [String] = []
        let arrived = daemon.waitForMarkedLines(
            keys.count, timeout: Double(Self.lead) + 15 + Double(options.posts) / 1_000)
        if !arrived { problems.append("timed out waiting for \(keys.count) entries") }
        var counts: [String: Int]?
        var cpu = ""
        if let receiver, arrived {
            if !receiver.waitForRequests(keys.count, stall: 15) {
                problems.append("the receiver got \(receiver.requestCount()) requests, then none for 15 s")
            }
            // The worker records results in batches (every 50 ms): wait until every delivery is recorded.
            counts = try Self.waitForOutbox(in: directory, timeout: 10) {
                $0["delivered", default: 0] + $0["retrying", default: 0] + $0["dead", default: 0] >= keys.count
            }
            let wall = Date().timeIntervalSince1970 - Double(due) + 0.3
            let used = (ProcTasks.cpuSeconds(of: daemon.pid) ?? .nan) - daemonCPU
            let served = (ProcTasks.cpuSeconds(of: receiver.pid) ?? .nan) - receiverCPU
            cpu =
                "daemon \(Measure.format(used, 1)) s, receiver \(Measure.format(served, 1)) s in "
                + "\(Measure.format(wall, 1)) s from just before the due second to the last delivery recorded"
        }
        exit = daemon.stop()
        receiver?.stop()
        let entries = daemon.output.compactMap { LatenessBenchmark.entry($0.text) }
        problems += Self.entryProblems(entries, keys: Set(keys.keys))
        let ours = entries.filter { keys[$0.key] == due }
        let kinds = Dictionary(grouping: entries, by: \.kind).map { "\($0.value.count) [\($0.key)]" }.sorted()
        let early = ours.filter { $0.lateness < 0 }.count
        let lateness = Distribution(ours.map(\.lateness))
        let next = Distribution(entries.filter { keys[$0.key] == due + 1 }.map(\.lateness))
        let result = LatenessRun(
            lateness: lateness, perEntry: (lateness.max - lateness.min) / Double(max(lateness.count - 1, 1)),
            next: next)
        print(
            "  run \(index) \(label.padded(14))daemon \(exit!), \(ours.count) + \(next.count) entries (\(kinds.joined(separator: ", "))), "
                + "\(early) early")
        print(
            "    every entry:       \(lateness.summary(0, "µs")) (n=\(lateness.count)); the first "
                + "\(Measure.format(lateness.min, 0)) µs, then \(Measure.format(result.perEntry, 1)) µs per further entry"
        )
        print(
            "    next second:       \(next.count) posts due 1 s after: p50 \(Measure.format(next.percentile(50), 0)) µs, "
                + "max \(Measure.format(next.max, 0)) µs")
        guard let receiver else { return Self.report(problems, daemon: daemon, result) }

        let requests = receiver.requests()
        var expected: [String: Int] = [:]
        for (key, at) in keys {
            expected[OutboxEntry.idempotencyKey(reminderKey: key, at: at, route: Self.route, recipient: "")] = 0
        }
        var unknown = 0
        for request in requests {
            if let key = request.key, expected[key] != nil { expected[key]! += 1 } else { unknown += 1 }
        }
        let once = expected.values.filter { $0 == 1 }.count
        let missing = expected.values.filter { $0 == 0 }.count
        let duplicates = expected.values.reduce(0) { $0 + max(0, $1 - 1) }
        if once != keys.count || unknown > 0 {
            problems.append(
                "deliveries: \(missing) reminder keys missing, \(duplicates) duplicate requests, \(unknown) requests "
                    + "for no generated post")
        }
        let c = counts ?? [:]
        if c["delivered", default: 0] != keys.count {
            problems.append(
                "the outbox has \(c["delivered", default: 0]) delivered, \(c["pending", default: 0]) pending, "
                    + "\(c["retrying", default: 0]) retrying, \(c["dead", default: 0]) dead of \(keys.count)")
        }
        let times = requests.map(\.time)
        var figures = result
        if let first = times.min(), let last = times.max() {
            figures.span = last - Double(due)
            figures.rate = Double(requests.count) / max(last - Double(due), 1e-3)
            print(
                "    deliveries:        \(requests.count) requests for \(once) of \(keys.count) reminder keys once "
                    + "(\(missing) missing, \(duplicates) duplicates, \(unknown) unknown); outbox "
                    + "\(c["delivered", default: 0]) delivered, \(c["dead", default: 0]) dead")
            print(
                "    delivery span:     first request +\(Measure.format(first - Double(due), 2)) s, last "
                    + "+\(Measure.format(last - Double(due), 2)) s after the due second: "
                    + "\(Measure.format(figures.rate!, 0)) deliveries/s")
            print("    CPU:               \(cpu)")
        } else {
            problems.append("the receiver logged no request")
        }
        return Self.report(problems, daemon: daemon, figures)
    }

    /// One daemon run on `queue` posts due in the same second, with the route to a closed port when `routed`:
    /// its peak memory once everything fired and the outbox settled. Nil (after printing why) on a failed check.
    private func memoryRun(executable: String, routed: Bool) throws -> MemoryRun? {
        let label = routed ? "B (port closed)" : "A (no routes)"
        let directory = try TemporaryDirectory("delivery-memory")
        defer { if !options.keep { directory.remove() } }
        if routed { try Self.writeConfig(in: directory, url: "http://127.0.0.1:\(try Self.closedPort())/hook") }
        let lead = Self.lead + options.queue / 20_000
        let (_, keys) = try Self.writePlan(in: directory, posts: options.queue, probes: 0, lead: lead)
        let daemon = try Self.daemon(executable, in: directory)
        var exit: String?
        defer { if exit == nil { daemon.stop() } }
        var problems: [String] = []
        func memory() -> String {
            let peak = ProcTasks.megabytes("VmHWM:", of: daemon.pid) ?? .nan
            let rss = ProcTasks.megabytes("VmRSS:", of: daemon.pid) ?? .nan
            return "VmHWM \(Measure.format(peak, 1)) MB, VmRSS \(Measure.format(rss, 1)) MB"
        }
        let timeout = Double(lead) + 30 + Double(options.queue) / 1_000
        guard daemon.waitForMarkedLines(options.queue, timeout: timeout) else {
            problems.append("timed out waiting for \(options.queue) entries (\(daemon.markedLines) arrived)")
            exit = daemon.stop()
            return Self.report(problems, daemon: daemon, nil)
        }
        let fired = memory()
        let lastEntry = daemon.output.last { $0.text.contains(Self.marker) }?.at ?? Measure.now()
        // The status request waits on the daemon's queue for the step to end: routing, then the step's commit.
        let client = try ControlClient(path: directory.path + "/control.sock")
        let status = try client.call(.status)
        let stepEnd = Measure.now() - lastEntry
        var counts = Self.outboxCounts(status)
        print(
            "  \(label.padded(20))\(options.queue) entries fired (\(fired) then); step done \(Measure.format(stepEnd, 2)) "
                + "s after the last entry was read (the first status reply: routing + the step's commit), "
                + "\(memory()) then")
        if routed {
            // The step's deliveries are worked out and stored on the delivery queue after the step's commit: wait
            // (bounded) until they are all in the outbox.
            func queued() -> Int {
                counts["pending", default: 0] + counts["retrying", default: 0] + counts["dead", default: 0]
            }
            let routing = Measure.now()
            while queued() < options.queue && Measure.now() - routing < 60 + Double(options.queue) / 1_000 {
                usleep(100_000)
                counts = Self.outboxCounts(try client.call(.status))
            }
            let open = queued()
            print(
                "    outbox then:       \(counts["pending", default: 0]) pending, \(counts["retrying", default: 0]) "
                    + "retrying, \(counts["dead", default: 0]) dead (\(open) of \(options.queue) queued "
                    + "\(Measure.format(Measure.now() - lastEntry, 2)) s after the last entry, on the delivery queue); "
                    + memory())
            if open != options.queue { problems.append("\(open) deliveries queued, not \(options.queue)") }
            // Each queued delivery is tried once (refused at once), then waits an hour: wait for the first round.
            let start = Measure.now()
            let cpu = ProcTasks.cpuSeconds(of: daemon.pid) ?? .nan
            let untried = counts["pending", default: 0]
            let bound = 30 + Double(options.queue) / 1_000
            while counts["pending", default: 0] > 0 && Measure.now() - start < bound {
                usleep(500_000)
                counts = Self.outboxCounts(try client.call(.status))
            }
            let pending = counts["pending", default: 0]
            let used = (ProcTasks.cpuSeconds(of: daemon.pid) ?? .nan) - cpu
            let tried = untried - pending
            print(
                "    first attempts:    "
                    + (pending == 0
                        ? "all \(options.queue) tried once (refused) within \(Measure.format(Measure.now() - start, 1)) s"
                        : "\(pending) still pending after \(Measure.format(bound, 0)) s")
                    + "; \(counts["retrying", default: 0]) retrying, \(counts["dead", default: 0]) dead; daemon CPU "
                    + "\(Measure.format(used, 1)) s (\(Measure.format(used * 1e3 / Double(max(tried, 1)), 2)) ms an "
                    + "attempt); \(memory())")
        }
        // Still trying (the bound passed): the worker would keep the daemon busy, and the peak is known by now.
        let quiet = counts["pending", default: 0] > 0 ? nil : daemon.waitUntilIdle(quiet: 0.5, timeout: 60)
        let result = MemoryRun(
            peak: ProcTasks.megabytes("VmHWM:", of: daemon.pid) ?? .nan,
            resident: ProcTasks.megabytes("VmRSS:", of: daemon.pid) ?? .nan)
        print("    \((quiet == nil ? "at the end:" : "quiet:").padded(19))\(memory())")
        exit = daemon.stop()
        let entries = daemon.output.compactMap { LatenessBenchmark.entry($0.text) }
        problems += Self.entryProblems(entries, keys: Set(keys.keys))
        let retryLines = daemon.output.filter { $0.text.contains(" to route \(Self.route) failed (") }.count
        print("    daemon:            \(exit!); \(retryLines) console lines 'delivery … failed'")
        return Self.report(problems, daemon: daemon, result)
    }

    /// Prints `problems` (with the daemon's last lines) and returns nil, or returns `result` when there are none.
    private static func report<T>(_ problems: [String], daemon: DaemonProcess, _ result: T?) -> T? {
        if !problems.isEmpty {
            print("    FAILED: " + problems.joined(separator: "; "))
            for line in daemon.output.suffix(5) { print("    | \(line.text)") }
        }
        return problems.isEmpty ? result : nil
    }

    /// What is wrong with the scheduler entries read: a post fired other than once, an entry early or for no post.
    private static func entryProblems(_ entries: [LatenessBenchmark.Entry], keys: Set<String>) -> [String] {
        var problems: [String] = []
        let ours = entries.filter { keys.contains($0.key) }
        let fired = Set(ours.map(\.key)).count
        if ours.count != keys.count || fired != keys.count {
            problems.append("\(ours.count) entries for \(fired) of the \(keys.count) posts")
        }
        let others = entries.count - ours.count
        if others > 0 { problems.append("\(others) scheduler entries for no generated post") }
        let early = ours.filter { $0.lateness < 0 }.count
        if early > 0 { problems.append("\(early) entries early (negative lateness)") }
        return problems
    }

    /// `p50 ×R, p99 ×R: verdict` of `b` against `a`.
    static func comparison(_ a: Distribution, _ b: Distribution) -> String {
        let p50 = b.percentile(50) / max(a.percentile(50), 1)
        let p99 = b.percentile(99) / max(a.percentile(99), 1)
        return "p50 ×\(Measure.format(p50, 2)), p99 ×\(Measure.format(p99, 2)): "
            + (noWorse(a, b) ? "no worse" : "WORSE") + " (B p99 ≤ A p99 × 1.1 + 1 ms)"
    }

    /// Whether `b`'s p99 is within 10 % and 1 ms of `a`'s.
    static func noWorse(_ a: Distribution, _ b: Distribution) -> Bool {
        b.percentile(99) <= a.percentile(99) * 1.1 + 1_000
    }

    /// Writes `plans/bench.yaml` with `posts` posts all due at the whole second `lead` seconds after the next one,
    /// and `probes` posts due a second later; returns that second and every post's reminder key with its instant.
    private static func writePlan(in directory: TemporaryDirectory, posts: Int, probes: Int, lead: Int) throws -> (
        due: Int64, keys: [String: Int64]
    ) {
        let plans = try directory.subdirectory("plans")
        let due = Int64(Date().timeIntervalSince1970.rounded(.up)) + Int64(lead)
        var keys: [String: Int64] = [:]
        var text = LatenessBenchmark.planHeader(first: due, last: due + 1)
        for (prefix, count, at) in [("p", posts, due), ("n", probes, due + 1)] {
            let stamp = TimeTextUTC.localStamp(at)
            for i in 0..<count {
                let id = prefix + String(i + 1).leftPadded(to: 6)
                keys["bench/\(id)!PT0S"] = at
                text += "  - {id: \(id), channel: blog, at: \(stamp), title: Post \(id)}\n"
            }
        }
        try text.write(toFile: plans + "/bench.yaml", atomically: true, encoding: .utf8)
        return (due, keys)
    }

    /// Writes the config file `daemonArguments` passes: one webhook route for due entries to `url`, retries an
    /// hour apart.
    private static func writeConfig(in directory: TemporaryDirectory, url: String) throws {
        let text = """
            # Generated by editorial-bench delivery.
            routes:
              - name: \(route)
                events: [due]
                webhook: {url: "\(url)", timeout: PT10S}
            delivery: {retry-initial: PT1H, retry-maximum: PT1H, concurrency: 8}

            """
        try text.write(toFile: directory.path + "/editoriald.yaml", atomically: false, encoding: .utf8)
    }

    /// Polls the daemon's `status` every 50 ms until `done` holds for its outbox counts, at most `timeout`
    /// seconds; the last counts read.
    private static func waitForOutbox(
        in directory: TemporaryDirectory, timeout: Double, until done: ([String: Int]) -> Bool
    ) throws -> [String: Int] {
        let client = try ControlClient(path: directory.path + "/control.sock")
        let deadline = Measure.now() + timeout
        var counts = outboxCounts(try client.call(.status))
        while !done(counts) && Measure.now() < deadline {
            usleep(50_000)
            counts = outboxCounts(try client.call(.status))
        }
        return counts
    }

    /// `outbox.counts` of a status reply, by state name.
    private static func outboxCounts(_ status: JSONValue) -> [String: Int] {
        var counts: [String: Int] = [:]
        for (state, value) in status["outbox"]?["counts"]?.object ?? [:] { counts[state] = value.int.map(Int.init) }
        return counts
    }

    /// A loopback port nothing listens on: bound to get it, then closed.
    private static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw BenchError("bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `Tests/Fixtures/webhook-server.py` in the nearest ancestor directory of this program that has one (the
    /// repository root, for `Benchmarks/.build/…/editorial-bench`), else under the working directory or its parent.
    static func receiverScript() throws -> String {
        let relative = "Tests/Fixtures/webhook-server.py"
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var url = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
            while url.path != "/" {
                url.deleteLastPathComponent()
                candidates.append(url.appendingPathComponent(relative).path)
            }
        }
        let here = FileManager.default.currentDirectoryPath
        candidates += [here + "/" + relative, here + "/../" + relative]
        for path in candidates where FileManager.default.fileExists(atPath: path) { return path }
        throw BenchError("no \(relative) above this program or in the working directory")
    }

    /// The loopback webhook receiver, `webhook-server.py --port 0 --log FILE --fast`: its standard input is a
    /// pipe this process holds (it exits when that closes), its standard output (the port, then one line per
    /// request) and error go to files beside its log.
    final class Receiver {
        /// The receiver's process id.
        let pid: pid_t
        /// The port it listens on (127.0.0.1).
        let port: Int
        /// Its request log: one JSON object a line.
        let log: String
        private let input: Int32
        private var stopped = false

        private init(pid: pid_t, port: Int, log: String, input: Int32) {
            self.pid = pid
            self.port = port
            self.log = log
            self.input = input
        }

        /// Starts `python3 script` in `directory` and waits (at most 10 s) for the port on its first line.
        static func start(script: String, directory: String) throws -> Receiver {
            let log = directory + "/requests.jsonl"
            let out = directory + "/receiver.out"
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
            // Not inherited by the daemon started next: only the receiver may hold the read end.
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
            posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_addopen(
                &actions, 2, directory + "/receiver.err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let arguments = ["python3", script, "--port", "0", "--log", log, "--fast"]
            let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            defer { for p in argv { free(p) } }
            var pid: pid_t = 0
            let status = posix_spawnp(&pid, "python3", &actions, nil, argv, environ)
            close(fds[0])
            guard status == 0 else {
                close(fds[1])
                throw BenchError("cannot start python3 \(script): \(String(cString: strerror(status)))")
            }
            let deadline = Measure.now() + 10
            while Measure.now() < deadline {
                if let text = try? String(contentsOfFile: out, encoding: .utf8), let end = text.firstIndex(of: "\n"),
                    let port = Int(text[..<end])
                {
                    return Receiver(pid: pid, port: port, log: log, input: fds[1])
                }
                var code: Int32 = 0
                if waitpid(pid, &code, WNOHANG) == pid { break }
                usleep(20_000)
            }
            close(fds[1])
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
            let why = (try? String(contentsOfFile: directory + "/receiver.err", encoding: .utf8)) ?? ""
            throw BenchError("the receiver printed no port within 10 s: \(why)")
        }

        deinit { stop() }

        /// Closes its standard input and sends SIGTERM, then waits (at most 5 s, then SIGKILL). Idempotent.
        func stop() {
            guard !stopped else { return }
            stopped = true
            close(input)
            kill(pid, SIGTERM)
            let deadline = Measure.now() + 5
            var code: Int32 = 0
            while waitpid(pid, &code, WNOHANG) == 0 {
                if Measure.now() > deadline {
                    kill(pid, SIGKILL)
                    waitpid(pid, &code, 0)
                    break
                }
                usleep(10_000)
            }
        }

        /// Requests logged so far.
        func requestCount() -> Int {
            guard let data = FileManager.default.contents(atPath: log) else { return 0 }
            return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }

        /// Waits (polling every 100 ms) until `count` requests are logged; false once none came for `stall` s.
        func waitForRequests(_ count: Int, stall: Double) -> Bool {
            var seen = requestCount()
            var since = Measure.now()
            while seen < count {
                usleep(100_000)
                let now = requestCount()
                if now > seen {
                    (seen, since) = (now, Measure.now())
                } else if Measure.now() - since > stall {
                    return false
                }
            }
            return true
        }

        /// Every logged request: when it was received (Unix seconds) and its `Idempotency-Key`.
        func requests() -> [(time: Double, key: String?)] {
            guard let data = FileManager.default.contents(atPath: log) else { return [] }
            return data.split(separator: 0x0A).compactMap { line in
                guard let value = try? JSONParser.parse(Array(line)) else { return nil }
                let time: Double
                switch value["time"] {
                case .double(let d)?: time = d
                case .int(let i)?: time = Double(i)
                default: return nil
                }
                return (time, value["idempotency_key"]?.string)
            }
        }
    }

    /// The daemon on the plans and state in `directory` (overdue warnings a month off: only the due entries count).
    static func daemon(_ executable: String, in directory: TemporaryDirectory) throws -> DaemonProcess {
        try DaemonProcess(
            executable: executable,
            arguments: try directory.daemonArguments(
                plans: directory.path + "/plans", state: directory.path + "/state",
                extra: ["--overdue-after", "P30D"]),
            environment: [:], marker: Self.marker)
    }

}
