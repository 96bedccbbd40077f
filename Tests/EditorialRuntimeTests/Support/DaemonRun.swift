import EditorialCore
import Foundation

/// One `editoriald` under test: a temporary plans directory, state directory and socket, and the built binary
/// started inside a ``PrivateJournal`` (or on the host, for notify tests).
final class DaemonRun {
    /// The built daemon, next to the test bundle.
    static let binary: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent(), Probe.root.appendingPathComponent(".build/debug")] {
            let url = candidate.appendingPathComponent("editoriald")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return Probe.root.appendingPathComponent(".build/debug/editoriald")
    }()

    /// The working directory (removed on deinit).
    let directory: TemporaryDirectory
    /// Plans go here.
    let plans: String
    /// The state database's directory.
    let state: String
    /// Extra flags.
    var flags: [String] = []
    /// The config file (`/dev/null`: the defaults).
    var config = "/dev/null"
    /// Every process started, for clean-up.
    private var started: [Process] = []

    /// Creates the directories.
    init() throws {
        directory = try TemporaryDirectory()
        plans = directory.appending("plans")
        state = directory.appending("state")
        try FileManager.default.createDirectory(atPath: plans, withIntermediateDirectories: true)
    }

    deinit {
        for process in started where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        directory.remove()
    }

    /// Writes (or replaces) a plan file.
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: (plans as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Removes a plan file.
    func remove(_ name: String) throws {
        try FileManager.default.removeItem(atPath: (plans as NSString).appendingPathComponent(name))
    }

    /// The daemon's command line.
    var argv: [String] {
        [
            Self.binary.path, "--config", config, "--plans", plans, "--state-directory", state, "--socket",
            directory.appending("control.sock"),
        ] + flags
    }

    /// Starts the daemon inside `journal` (logging to it), its output in files in the working directory.
    func start(in journal: PrivateJournal, environment: [String: String] = [:]) throws -> Process {
        try launch(journal.process(argv + ["--log-target", "journal"], environment: environment))
    }

    /// Starts the daemon in this namespace with `environment` added (console logging).
    func startOnHost(environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst()) + ["--log-target", "console"]
        process.environment = PrivateJournal.environment(environment)
        return try launch(process)
    }

    private func launch(_ process: Process) throws -> Process {
        let n = started.count
        let out = directory.appending("stdout.\(n)")
        let err = directory.appending("stderr.\(n)")
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        started.append(process)
        return process
    }

    /// What the n-th started process wrote on stderr.
    func stderr(_ n: Int) -> String {
        (try? String(contentsOfFile: directory.appending("stderr.\(n)"), encoding: .utf8)) ?? ""
    }

    /// Sends `signal` and waits (bounded) for the process to exit; returns its status.
    @discardableResult
    static func stop(_ process: Process, signal: Int32 = SIGTERM, timeout: Duration = .seconds(15)) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            // The process exits on its own time: poll until the deadline.
            Thread.sleep(forTimeInterval: 0.01)
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// A communication plan in UTC around `base` (a day either side) with a `blog` channel and `posts`
    /// (flow-mapping lines without the leading dash).
    static func plan(_ name: String, base: Int64, reminders: String = "[PT0S]", posts: [String]) -> String {
        """
        plan: \(name)
        kind: communication
        timezone: UTC
        period: {from: \(date(base - 86_400)), until: \(date(base + 40 * 86_400))}
        reminders: \(reminders)
        channels: [{id: blog, network: blog}]
        posts:
        \(posts.map { "  - " + $0 }.joined(separator: "\n"))

        """
    }

    /// Writes `p.yaml`: plan `name` with one post twenty days from now, so nothing is due during a test.
    func writeQuietPlan(_ name: String) throws {
        let now = Self.now()
        try write(
            "p.yaml",
            Self.plan(
                name, base: now, reminders: "[P1D, PT1H, PT0S]",
                posts: ["{id: later, channel: blog, at: \(Self.stamp(now + 20 * 86_400)), title: Later}"]))
    }

    /// A local date-time text in a UTC plan for epoch second `t`.
    static func stamp(_ t: Int64) -> String { LocalDateTime(secondsSinceEpochAsUTC: t).description }

    /// The date of epoch second `t`.
    static func date(_ t: Int64) -> String { LocalDateTime(secondsSinceEpochAsUTC: t).date }

    /// Whole seconds now.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
