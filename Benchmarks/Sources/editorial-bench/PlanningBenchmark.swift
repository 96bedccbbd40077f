import EditorialClient
import EditorialCore
import EditorialRuntime
import Foundation

/// `editorial-bench planning`: the planning tools on a million scheduled posts. The release daemon runs a year of
/// recurring slots on six networks that began 48 weeks ago (so four weeks are ahead), with 200,000 publishes recorded in its state (written before
/// it starts, with seeded lateness); then `pace` over 52 weeks from a raw client (target p99 < 50 ms), and, when
/// the editorialctl beside the daemon has them, `simulate` of one month and `report --html` (each < 2 s, the page
/// < 2 MB), as whole processes.
struct PlanningBenchmark {
    /// Settings from the command line.
    struct Options {
        /// Scheduled posts (recurring slot occurrences over the past year).
        var posts = 1_000_000
        /// Publishes recorded before the daemon starts.
        var publishes = 200_000
        /// Round trips per raw measurement.
        var requests = 200
        /// Whole-process runs of simulate and report.
        var runs = 3
        /// Seed of the lateness draws.
        var seed: UInt64 = 12
        /// The editoriald binary (default: the release build at the repository root).
        var daemon: String?
    }

    let options: Options

    /// The networks of the plans, round-robin: five social pages and a blog.
    static let networks = ["linkedin", "instagram", "youtube", "x", "facebook", "blog"]

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        let executable = try DaemonProcess.locate(options.daemon)
        let ctl = try DaemonProcess.client(beside: executable)
        let directory = try TemporaryDirectory("planning")
        defer { directory.remove() }
        let plans = try directory.subdirectory("plans")
        let today = Int64(Date().timeIntervalSince1970) / 86_400 * 86_400
        // A year of slots that began 336 days ago: 48 weeks of history for pace, and four weeks ahead for the
        // report's calendar.
        var (files, slots) = StartupPlans.recurring(occurrences: options.posts, from: today - 336 * 86_400)
        for i in files.indices {
            let network = Self.networks[i % Self.networks.count]
            files[i].1 = files[i].1.replacingOccurrences(of: "network: blog}", with: "network: \(network)}")
        }
        for (name, text) in files { try text.write(toFile: plans + "/" + name, atomically: false, encoding: .utf8) }
        print("editorial-bench planning (seed \(options.seed))")
        print("  daemon:            \(executable)")
        print("  plan set:          \(files.count) editorial plans on \(Self.networks.count) networks, \(slots) slots")

        // The history: every n-th past occurrence published, seeded lateness (70% within the hour, the rest up to
        // three days), written to the state before the daemon opens it.
        let (records, occurrences, seconds) = try Self.history(
            files, today: today, count: options.publishes, seed: options.seed)
        let state = directory.path + "/state"
        let store = try SQLiteStateStore(directory: state)
        try store.saveOutcomes(records)
        try store.close()
        print(
            "  history:           \(records.count) publishes of \(occurrences) past occurrences (built in "
                + "\(Measure.format(seconds, 2)) s in process)")

        let notify = try NotifySocket(path: directory.path + "/notify.sock")
        let daemon = try DaemonProcess(
            executable: executable, arguments: try directory.daemonArguments(plans: plans, state: state),
            environment: ["NOTIFY_SOCKET": notify.path])
        defer { _ = daemon.stop() }
        guard let ready = notify.waitForReady(timeout: 600) else { throw BenchError("no READY=1 within 600 s") }
        print("  ready after:       \(Measure.format(ready - daemon.spawnedAt, 2)) s")
        guard let quiet = daemon.waitUntilIdle() else { throw BenchError("the daemon did not go quiet within 120 s") }
        print("  quiet after:       \(Measure.format(quiet - daemon.spawnedAt, 2)) s (the pace index is built then)")
        notify.drainForever()
        let socket = directory.path + "/control.sock"
        let client = try ControlClient(path: socket)
        var met = true
        for (name, arguments) in [
            ("pace 52 weeks", ["weeks": JSONValue.int(52)]), ("pace 8 weeks", [:]),
            ("pace one page", ["weeks": .int(52), "channel": .string("bench-r001/ch1")]),
        ] {
            let line = ControlRequest(command: .pace, arguments: arguments).line
            for _ in 0..<10 { _ = try ControlBenchmark.roundTrip(client, line) }
            var times: [Double] = []
            var bytes = 0
            for _ in 0..<options.requests {
                let (seconds, size) = try ControlBenchmark.roundTrip(client, line)
                times.append(seconds * 1e3)
                bytes = size
            }
            let d = Distribution(times)
            if name == "pace 52 weeks" { met = met && d.percentile(99) < 50 }
            print("  raw \(name.padded(14)) \(d.summary(2, "ms")) (\(options.requests) requests, \(bytes) bytes)")
        }
        let reply = try JSONValueDecoder().decode(
            PaceReply.self, from: try client.call(.pace, ["weeks": .int(52)]))
        let planned = reply.pages.reduce(0) { $0 + $1.planned }
        let out = reply.pages.reduce(0) { $0 + $1.onTime + $1.late }
        print(
            "  pace counted:      \(reply.pages.count) pages, \(planned) posts due in 52 weeks, \(out) published, hint "
                + (reply.hint.map { "drop \($0.drop)" } ?? "none"))
        let inWindow = records.filter { ($0.due ?? 0) >= reply.from.seconds }.count
        guard out == inWindow else {
            throw BenchError("pace counts \(out) publishes, \(inWindow) recorded in the window")
        }

        met = try measureTools(ctl: ctl, plans: plans, socket: socket, today: today, directory: directory) && met
        print(
            "  targets:           pace p99 < 50 ms, simulate < 2 s, report < 2 s and < 2 MB: \(met ? "met" : "missed")")
        return met ? 0 : BenchError.targetMissed
    }

    /// `simulate` of the last month offline and `report --html` online, as whole processes, when editorialctl
    /// has them; true when their targets are met (or they are missing).
    private func measureTools(
        ctl: String, plans: String, socket: String, today: Int64, directory: TemporaryDirectory
    ) throws -> Bool {
        var met = true
        let from = TimeTextUTC.date(today - 30 * 86_400) + "T00:00:00Z"
        let to = TimeTextUTC.date(today) + "T00:00:00Z"
        if try ControlBenchmark.spawn(ctl, ["simulate", "--help"]) == 0 {
            var times: [Double] = []
            for _ in 0..<options.runs {
                let start = Measure.now()
                let code = try ControlBenchmark.spawn(ctl, ["simulate", "--plans", plans, "--from", from, "--to", to])
                guard code == 0 else { throw BenchError("editorialctl simulate exited \(code)") }
                times.append(Measure.now() - start)
            }
            met = met && Measure.best(times) < 2
            print(
                "  simulate 30 days   \(Distribution(times).summary(2, "s")) (whole process, offline, \(options.runs) runs)"
            )
        } else {
            print("  simulate:          not in this editorialctl")
        }
        if try ControlBenchmark.spawn(ctl, ["report", "--help"]) == 0 {
            var times: [Double] = []
            let page = directory.path + "/report.html"
            for _ in 0..<options.runs {
                let start = Measure.now()
                let code = try ControlBenchmark.spawn(
                    ctl, ["report", "--html", page, "--weeks", "52", "--socket", socket])
                guard code == 0 else { throw BenchError("editorialctl report exited \(code)") }
                times.append(Measure.now() - start)
            }
            let size = (try FileManager.default.attributesOfItem(atPath: page)[.size] as? Int) ?? -1
            met = met && Measure.best(times) < 2 && size < 2_000_000
            print(
                "  report --html      \(Distribution(times).summary(2, "s")) (whole process, \(options.runs) runs), "
                    + "page \(size) bytes")
        } else {
            print("  report:            not in this editorialctl")
        }
        return met
    }

    /// `count` publishes spread over the past occurrences of the plans, with seeded lateness.
    static func history(
        _ files: [(String, String)], today: Int64, count: Int, seed: UInt64
    ) throws -> (records: [PaceRecord], occurrences: Int, seconds: Double) {
        let start = Measure.now()
        let set = PlanSet(sources: files.map { PlanSource(path: $0.0, text: $0.1) })
        guard !set.hasErrors else { throw BenchError("the generated plans have errors") }
        let agenda = Agenda(planSet: set)
        var past: [AgendaItem] = []
        for p in set.plans.indices {
            for s in set.plans[p].slots.indices {
                past += agenda.occurrences(plan: p, slot: s, from: today - 336 * 86_400, to: today)
            }
        }
        var random = SplitMix64(seed: seed)
        let step = max(1, past.count / max(1, count))
        var records: [PaceRecord] = []
        for item in stride(from: 0, to: past.count, by: step).prefix(count).map({ past[$0] }) {
            guard let due = item.due else { continue }
            let late: Int64 = random.below(10) < 7 ? Int64(random.below(3600)) : Int64(3601 + random.below(3 * 86_400))
            records.append(PaceRecord(item, progress: .published, at: due + late, in: set))
        }
        return (records, past.count, Measure.now() - start)
    }
}
