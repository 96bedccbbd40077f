import EditorialClient
import Foundation

/// `editorial-bench cluster`: the release daemon firing through the PostgreSQL firing ledger with three nodes on
/// one database (one leading, two following), beside one daemon on SQLite, in the same run and on the same plan:
/// a burst of `posts` stages due at one instant (firings per second through the claims), then `spread` stages one
/// a second (the latency a claim's round trip adds to a fired entry), then `status` from a follower (and from the
/// SQLite daemon), then, with `failovers`, the leader killed (the time from its last entry to the next leader's
/// first, with the default lease of 10 s renewed every 3 s). The server is a private one (fsync off, as in
/// `store`: the figures compare statements and round trips, not disks).
struct ClusterBenchmark {
    /// Settings from the command line.
    struct Options {
        /// Stages due at one instant.
        var posts = 20_000
        /// Stages one a second after the burst.
        var spread = 10
        /// `status` requests timed on each daemon.
        var requests = 2_000
        /// Leaders killed (at most 2: three nodes, none restarted).
        var failovers = 0
        /// The editoriald binary (default: the release build at the repository root).
        var daemon: String?
    }

    /// What one backend's run measured.
    struct Figures {
        var firingsPerSecond: Double
        var spreadLateness: Distribution
        var status: Distribution
        var failovers: [Double]
    }

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status (3: a target missed).
    func run() throws -> Int32 {
        let executable = try DaemonProcess.locate(options.daemon)
        print("editorial-bench cluster")
        print("  daemon:  \(executable)")
        print(
            "  plan:    \(options.posts) stages due at one instant, then \(options.spread) one a second; "
                + "\(options.requests) status requests per daemon; \(options.failovers) failovers")
        let sqlite = try runOnce(executable: executable, nodes: 1)
        let postgres = try runOnce(executable: executable, nodes: 3)
        let ratio = postgres.firingsPerSecond / sqlite.firingsPerSecond
        let added = postgres.spreadLateness.percentile(50) - sqlite.spreadLateness.percentile(50)
        print(
            "  PostgreSQL (3 nodes) / SQLite: firings \(Measure.format(ratio, 2))x; a fired entry is "
                + "\(Measure.format(added, 0)) µs later at the median (the claim's round trip)")
        let throughputMet = postgres.firingsPerSecond >= 10_000
        let statusMet = postgres.status.percentile(99) <= 2_000
        let failoverMet = postgres.failovers.allSatisfy { $0 <= 15 }
        print(
            "  targets: ≥ 10,000 firings/s through the ledger: \(throughputMet ? "met" : "missed"); follower status "
                + "p99 ≤ 2 ms: \(statusMet ? "met" : "missed")"
                + (postgres.failovers.isEmpty ? "" : "; failover ≤ 15 s: \(failoverMet ? "met" : "missed")"))
        return throughputMet && statusMet && failoverMet ? 0 : 3
    }

    /// One daemon on SQLite (`nodes` 1) or `nodes` daemons on a fresh PostgreSQL server.
    private func runOnce(executable: String, nodes: Int) throws -> Figures {
        let name = nodes == 1 ? "sqlite" : "postgresql"
        let directory = try TemporaryDirectory("cluster-\(name)")
        defer { directory.remove() }
        let server = nodes == 1 ? nil : try BenchPostgres(directory: directory.path + "/pg")
        defer { server?.stop() }
        // The first stage is due once every node is up and one leads (a lease is taken at once on a fresh database).
        let burst = Int64(Date().timeIntervalSince1970.rounded(.up)) + 6
        let spreadStart = burst + 3
        let tail = options.failovers > 0 ? 60 * options.failovers : 0
        var text = LatenessBenchmark.planHeader(first: burst, last: spreadStart + Int64(options.spread + tail))
        for i in 0..<options.posts {
            text += "  - {id: b\(i), channel: blog, at: \(TimeTextUTC.localStamp(burst)), title: B\(i)}\n"
        }
        for i in 0..<(options.spread + tail) {
            text +=
                "  - {id: s\(i), channel: blog, at: \(TimeTextUTC.localStamp(spreadStart + Int64(i))), title: S\(i)}\n"
        }
        var daemons: [DaemonProcess] = []
        defer { for d in daemons { d.stop() } }
        var sockets: [String] = []
        for n in 1...nodes {
            let home = try directory.subdirectory("node\(n)")
            let plans = home + "/plans"
            try FileManager.default.createDirectory(atPath: plans, withIntermediateDirectories: true)
            try text.write(toFile: plans + "/bench.yaml", atomically: true, encoding: .utf8)
            let arguments = [
                "--plans", plans, "--state-directory", home + "/state", "--socket", home + "/control.sock",
                "--log-target", "console", "--overdue-after", "P30D", "--config", home + "/editoriald.yaml",
            ]
            let config = server.map { "state: {backend: postgresql, connection: '\($0.connection)', node: n\(n)}\n" }
            try (config ?? "# SQLite in the state directory\n").write(
                toFile: home + "/editoriald.yaml", atomically: true, encoding: .utf8)
            daemons.append(
                try DaemonProcess(
                    executable: executable, arguments: arguments, environment: [:], marker: "EDITORIAL_LATENESS_USEC="))
            sockets.append(home + "/control.sock")
        }
        let expected = options.posts + options.spread
        let total = { daemons.reduce(0) { $0 + $1.markedLines } }
        let deadline =
            Measure.now() + Double(burst - Int64(Date().timeIntervalSince1970)) + Double(options.spread) + 120
        while total() < expected && Measure.now() < deadline { usleep(50_000) }
        let spreadKeys = Set((0..<options.spread).map { "bench/s\($0)!PT0S" })
        let entries = daemons.enumerated().flatMap { index, d in
            d.output.compactMap { LatenessBenchmark.entry($0.text) }.map { (index, $0) }
        }.filter { $0.1.key.hasPrefix("bench/b") || spreadKeys.contains($0.1.key) }
        let keys = Set(entries.map(\.1.key))
        guard total() >= expected, keys.count == expected, entries.count == expected else {
            throw BenchError(
                "\(name): \(entries.count) entries for \(keys.count) of \(expected) stages (every stage once expected)")
        }
        let burstLateness = entries.filter { $0.1.key.hasPrefix("bench/b") }.map(\.1.lateness)
        let span = ((burstLateness.max() ?? 0) - (burstLateness.min() ?? 0)) / 1e6
        let rate = Double(options.posts) / max(span, 1e-6)
        let spread = Distribution(entries.filter { $0.1.key.hasPrefix("bench/s") }.map(\.1.lateness))
        let leaders = Set(entries.map(\.0))
        guard leaders.count == 1, let leader = leaders.first else {
            throw BenchError("\(name): stages came from \(leaders.count) nodes, one expected")
        }
        // status from a follower (from the one daemon on SQLite).
        let asked = nodes == 1 ? 0 : (leader + 1) % nodes
        let client = try ControlClient(path: sockets[asked])
        var times: [Double] = []
        for i in 0..<options.requests {
            let t = try ControlBenchmark.roundTrip(client, #"{"v":1,"id":\#(i),"cmd":"status"}"#).seconds
            times.append(t * 1e6)
        }
        let status = Distribution(times)
        print(
            "  \(name.padded(10)) \(nodes) node\(nodes == 1 ? "" : "s"): \(Measure.format(rate, 0)) firings/s "
                + "(\(options.posts) in \(Measure.format(span * 1000, 0)) ms); a stage due alone: lateness "
                + "\(spread.summary(0, "µs")); status from \(nodes == 1 ? "the daemon" : "a follower"): "
                + status.summary(0, "µs"))
        var failovers: [Double] = []
        if nodes > 1 {
            var current = leader
            var dead: Set<Int> = []
            for f in 0..<min(options.failovers, nodes - 1) {
                // Kill the leader right after one of its entries, then wait for another node's first entry.
                let seen = daemons[current].markedLines
                _ = daemons[current].waitForOutput(timeout: 10) { _ in daemons[current].markedLines > seen }
                let last = daemons[current].output.last { $0.text.contains("EDITORIAL_LATENESS_USEC=") }?.at ?? 0
                kill(daemons[current].pid, SIGKILL)
                dead.insert(current)
                var next: (Int, Double)?
                let until = Measure.now() + 60
                while next == nil && Measure.now() < until {
                    for (i, d) in daemons.enumerated() where !dead.contains(i) {
                        if let at = d.output.first(where: {
                            $0.at > last && $0.text.contains("EDITORIAL_LATENESS_USEC=")
                        })?.at {
                            next = (i, at)
                        }
                    }
                    usleep(20_000)
                }
                guard let (i, at) = next else { throw BenchError("failover \(f + 1): no new leader within 60 s") }
                failovers.append(at - last)
                print(
                    "    failover \(f + 1): node\(current + 1) killed, node\(i + 1) sent its first entry "
                        + "\(Measure.format(at - last, 2)) s after the last of node\(current + 1) (lease 10 s, renew 3 s)"
                )
                current = i
            }
        }
        return Figures(firingsPerSecond: rate, spreadLateness: spread, status: status, failovers: failovers)
    }
}
