import EditorialClient
import EditorialCore
import Foundation

/// `editorial-bench instructions`: the daemon's own instruction counts under callgrind, which stay the same
/// whatever else the machine is doing (wall-clock figures on a shared machine vary by a third): start-up to
/// READY=1, then per request `status`, `overdue` and `agenda` (100 items each) and `publish`/`reopen`. Run it on two builds to
/// compare them.
struct InstructionsBenchmark {
    /// Settings from the command line.
    struct Options {
        /// Scheduled posts (recurring slot occurrences over a year that began 182 days ago).
        var posts = 100_000
        /// Requests of each kind counted.
        var requests = 200
        /// The editoriald binary (default: the release build at the repository root).
        var daemon: String?
    }

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        let executable = try DaemonProcess.locate(options.daemon)
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/valgrind") else {
            throw BenchError("valgrind is missing: apt-get install valgrind")
        }
        let directory = try TemporaryDirectory("instructions")
        // BENCH_KEEP keeps the dumps for callgrind_annotate.
        defer {
            if ProcessInfo.processInfo.environment["BENCH_KEEP"] == nil {
                directory.remove()
            } else {
                print("  kept: \(directory.path)")
            }
        }
        let plans = try directory.subdirectory("plans")
        let today = Int64(Date().timeIntervalSince1970) / 86_400 * 86_400
        let (files, slots) = StartupPlans.recurring(occurrences: options.posts, from: today - 182 * 86_400)
        for (name, text) in files { try text.write(toFile: plans + "/" + name, atomically: false, encoding: .utf8) }
        // valgrind 3.19 cannot read the DWARF of Swift 6 binaries ("possibly corrupted debuginfo"): a copy
        // without it runs the same code.
        let stripped = directory.path + "/editoriald"
        try Self.run("/usr/bin/objcopy", ["--strip-debug", executable, stripped])
        print("editorial-bench instructions")
        print("  daemon:            \(executable) (debug info stripped) under callgrind")
        print("  plan set:          \(files.count) editorial plans, \(slots) slots, about \(options.posts) occurrences")
        let out = directory.path + "/callgrind.out"
        let notify = try NotifySocket(path: directory.path + "/notify.sock")
        let daemon = try DaemonProcess(
            executable: "/usr/bin/valgrind",
            arguments: ["--tool=callgrind", "--callgrind-out-file=\(out)", "--dump-instr=no", stripped]
                + (try directory.daemonArguments(plans: plans, state: directory.path + "/state")),
            environment: ["NOTIFY_SOCKET": notify.path])
        defer { _ = daemon.stop(timeout: 60) }
        var ready = false
        for _ in 0..<1_800 where !ready {
            ready = notify.waitForReady(timeout: 1) != nil
            if !ready && daemon.outputClosed {
                throw BenchError("the daemon under valgrind exited: \(daemon.output.suffix(5).map(\.text))")
            }
        }
        guard ready else { throw BenchError("no READY=1 within 30 minutes") }
        let startup = try dump(daemon.pid, out, "ready")
        print("  start-up to READY: \(Self.millions(startup)) M instructions")
        // The strategy checks (after READY in newer builds) and the first snapshot are not requests.
        guard daemon.waitUntilIdle(quiet: 1, timeout: 1_800) != nil else { throw BenchError("the daemon stayed busy") }
        notify.drainForever()
        _ = try dump(daemon.pid, out, "settled")

        let client = try ControlClient(path: directory.path + "/control.sock")
        for (name, line) in [
            ("status", ControlRequest(command: .status).line),
            ("overdue (100)", ControlRequest(command: .overdue, arguments: ["limit": .int(100)]).line),
            ("agenda (100)", ControlRequest(command: .agenda, arguments: ["limit": .int(100)]).line),
        ] {
            for _ in 0..<options.requests {
                try client.send(line)
                _ = try client.readLine(timeout: 600)
            }
            // callgrind_control passes the dump's name through a shell: letters only.
            let total = try dump(daemon.pid, out, String(name.prefix { $0.isLetter }))
            print("  \(name.padded(18)) \(Self.thousands(total / UInt64(options.requests))) k instructions a request")
        }
        let item = try client.call(.overdue, ["limit": .int(1)])["items"]?.array?.first?["id"]?.string ?? ""
        _ = try dump(daemon.pid, out, "lookup")
        let changes = 20
        for i in 0..<changes {
            let line = ControlRequest(command: i % 2 == 0 ? .publish : .reopen, arguments: ["item": .string(item)]).line
            try client.send(line)
            _ = try client.readLine(timeout: 600)
        }
        let total = try dump(daemon.pid, out, "changes")
        print("  publish/reopen     \(Self.thousands(total / UInt64(changes))) k instructions a change")
        return 0
    }

    /// Runs a tool and waits for it; throws unless it exits 0.
    private static func run(_ tool: String, _ arguments: [String], quiet: Bool = false) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if quiet { process.standardOutput = FileHandle.nullDevice }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("\(tool) \(arguments) failed") }
    }

    /// Dumps the counters collected since the last dump (callgrind zeroes them) and returns their total.
    private func dump(_ pid: pid_t, _ base: String, _ name: String) throws -> UInt64 {
        let directory = (base as NSString).deletingLastPathComponent
        let prefix = (base as NSString).lastPathComponent + "."
        func dumps() throws -> [Int: String] {
            var found: [Int: String] = [:]
            for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasPrefix(prefix) {
                if let n = Int(file.dropFirst(prefix.count)) { found[n] = file }
            }
            return found
        }
        let next = (try dumps().keys.max() ?? 0) + 1
        try Self.run("/usr/bin/callgrind_control", ["--dump=\(name)", String(pid)], quiet: true)
        // The dump is written by the daemon's process when valgrind next looks at its command file: wait for the
        // numbered file to appear whole.
        let deadline = Measure.now() + 60
        while Measure.now() < deadline {
            if let file = try dumps()[next],
                let text = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8),
                let line = text.split(separator: "\n").last(where: { $0.hasPrefix("totals:") }),
                let value = UInt64(line.split(separator: " ").last ?? "")
            {
                return value
            }
            usleep(20_000)
        }
        throw BenchError("callgrind dump \(next) (\(name)) did not appear in \(directory)")
    }

    static func millions(_ n: UInt64) -> String { Measure.format(Double(n) / 1e6, 1) }

    static func thousands(_ n: UInt64) -> String { Measure.format(Double(n) / 1e3, 1) }
}
