import Foundation

/// `editorial-bench idle`: context switches of every daemon thread over a quiet stretch (nothing due for days),
/// once without and once with the systemd watchdog, to show that the only wake-ups are the watchdog's.
struct IdleBenchmark {
    /// Settings from the command line.
    struct Options {
        /// Length of the measured stretch, in seconds.
        var seconds = 60
        /// Seconds to wait after READY=1 before the first reading: libdispatch lets an idle worker thread exit after
        /// 5 s; one that exits inside the stretch takes its count with it.
        var settle = 6.0
        /// `WATCHDOG_USEC` of the second run (the daemon pings every half of it); 0 skips that run.
        var watchdogMicroseconds = 20_000_000
        /// The editoriald binary (default: the release build at the repository root).
        var daemon: String?
    }

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        let executable = try DaemonProcess.locate(options.daemon)
        print("editorial-bench idle")
        print("  daemon:            \(executable)")
        print(
            "  plan:              one post due in 3 days; measured \(options.seconds) s, starting "
                + "\(Measure.format(options.settle, 1)) s after READY=1")
        var modes: [(String, [String: String])] = [("no watchdog", [:])]
        if options.watchdogMicroseconds > 0 {
            modes.append(
                (
                    "WATCHDOG_USEC=\(options.watchdogMicroseconds)",
                    ["WATCHDOG_USEC": String(options.watchdogMicroseconds)]
                ))
        }
        var status: Int32 = 0
        for (name, environment) in modes {
            if try !measure(name: name, executable: executable, environment: environment) { status = 1 }
        }
        print("  for comparison:    cron, remind (-z) and calcurse's daemon wake once a minute, so 60 s = 1 wake-up")
        return status
    }

    /// One daemon run; false when it could not be measured.
    private func measure(name: String, executable: String, environment: [String: String]) throws -> Bool {
        let directory = try TemporaryDirectory("idle")
        defer { directory.remove() }
        let plans = try directory.subdirectory("plans")
        let state = try directory.subdirectory("state")
        let due = Int64(Date().timeIntervalSince1970) + 3 * 86_400
        let text =
            LatenessBenchmark.planHeader(first: due, last: due)
            + "  - {id: far, channel: blog, at: \(TimeTextUTC.localStamp(due)), title: Far away}\n"
        try text.write(toFile: plans + "/idle.yaml", atomically: true, encoding: .utf8)
        let notify = try NotifySocket(path: directory.path + "/notify.sock")
        var env = environment
        env["NOTIFY_SOCKET"] = notify.path
        let daemon = try DaemonProcess(
            executable: executable,
            arguments: try directory.daemonArguments(plans: plans, state: state), environment: env)
        defer {
            let stopped = daemon.stop()
            if stopped != "exit 0" { print("    daemon stop on SIGTERM: \(stopped)") }
        }
        guard let ready = notify.waitForReady(timeout: 30) else {
            print("  \(name): no READY=1 within 30 s")
            for line in daemon.output.suffix(5) { print("    | \(line.text)") }
            return false
        }
        print("  \(name): READY=1 after \(Measure.format(ready - daemon.spawnedAt, 3)) s")
        usleep(UInt32(options.settle * 1e6))
        _ = notify.drain()
        let before = ProcTasks.switches(of: daemon.pid)
        let start = Measure.now()
        var pings = 0
        var others = 0
        // Reading the notify socket wakes only this process, never the daemon.
        while let message = notify.receive(timeout: start + Double(options.seconds) - Measure.now()) {
            if message.text.contains("WATCHDOG=1") { pings += 1 } else { others += 1 }
        }
        let after = ProcTasks.switches(of: daemon.pid)
        let elapsed = Measure.now() - start
        var voluntary = 0
        var involuntary = 0
        var rows: [String] = []
        for (tid, now) in after.sorted(by: { $0.key < $1.key }) {
            let then = before[tid] ?? ProcTasks.Switches(name: now.name, voluntary: 0, involuntary: 0)
            let v = now.voluntary - then.voluntary
            let i = now.involuntary - then.involuntary
            voluntary += v
            involuntary += i
            let note = before[tid] == nil ? " (new thread)" : ""
            if v + i > 0 || before[tid] == nil {
                rows.append("tid \(tid) \(now.name): +\(v) voluntary, +\(i) involuntary\(note)")
            }
        }
        let exited = before.keys.filter { after[$0] == nil }.sorted()
        print(
            "    \(Measure.format(elapsed, 1)) s: \(voluntary + involuntary) context switches (\(voluntary) voluntary, "
                + "\(involuntary) involuntary) over \(after.count) threads; \(pings) WATCHDOG=1 pings, \(others) other "
                + "notifications")
        for row in rows { print("      \(row)") }
        if !exited.isEmpty {
            let names = exited.map { "\($0) \(before[$0]!.name)" }.joined(separator: ", ")
            print("      threads that exited during the stretch (their switches are not counted): \(names)")
        }
        if pings > 0 {
            print(
                "      = \(Measure.format(Double(voluntary + involuntary) / Double(pings), 1)) switches per watchdog ping"
            )
        }
        return true
    }
}
