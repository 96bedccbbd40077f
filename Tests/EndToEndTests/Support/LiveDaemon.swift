import EditorialClient
import EditorialCore
import EditorialRuntime
import Foundation

/// A real `editoriald` process on a temporary plans directory, state directory and control socket, logging to
/// the console (a file here); `editorialctl` and raw clients talk to it. Stopped with SIGTERM on deinit.
final class LiveDaemon {
    /// The working directory.
    let directory: URL
    /// The control socket's path.
    let socket: String
    /// The daemon process.
    private(set) var process: Process?

    /// The built daemon.
    static var binary: String { Run.binary.deletingLastPathComponent().appendingPathComponent("editoriald").path }

    /// Writes `plans` (file name → text) and a config (`config` lines added), then starts the daemon and waits
    /// (bounded) until its socket answers. `start: false` only prepares the directory.
    init(plans: [String: String], config: String = "", start: Bool = true) throws {
        directory = URL(fileURLWithPath: "/tmp/edctl-\(UUID().uuidString.prefix(8))")
        socket = directory.appendingPathComponent("control.sock").path
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("plans"), withIntermediateDirectories: true)
        for (name, text) in plans { try write(name, text) }
        try "plans: plans\nstate-directory: state\nsocket: control.sock\nlog-target: console\n\(config)\n".write(
            to: directory.appendingPathComponent("editoriald.yaml"), atomically: true, encoding: .utf8)
        if start { try self.start() }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The daemon's command line.
    var argv: [String] { [Self.binary, "--config", directory.appendingPathComponent("editoriald.yaml").path] }

    /// Starts the daemon and waits until the socket answers; with `activated`, through
    /// `systemd-socket-activate`, which binds the socket and starts the daemon on the first connection.
    func start(activated: Bool = false) throws {
        let p = Process()
        if activated {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-socket-activate")
            p.arguments = ["-l", socket, "--fdname=control"] + argv
        } else {
            p.executableURL = URL(fileURLWithPath: argv[0])
            p.arguments = Array(argv.dropFirst())
        }
        let log = directory.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        process = p
        try waitForSocket()
    }

    /// Polls (bounded) until a connection to the socket succeeds.
    func waitForSocket(timeout: Double = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? ControlClient(path: socket)) != nil { return }
            if let process, !process.isRunning { throw LiveDaemonError("editoriald exited: \(log)") }
            // The daemon binds when it is ready: poll until then.
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw LiveDaemonError("the control socket did not answer within \(timeout) s: \(log)")
    }

    /// Stops the daemon (SIGTERM, bounded wait, then SIGKILL).
    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Writes a plan file.
    func write(_ name: String, _ text: String) throws {
        try text.write(
            to: directory.appendingPathComponent("plans").appendingPathComponent(name), atomically: true,
            encoding: .utf8)
    }

    /// What the daemon logged so far.
    var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("daemon.log"), encoding: .utf8)) ?? ""
    }

    /// Runs `editorialctl ARGS` against this daemon (`EDITORIALD_SOCKET`), with `TZ=UTC`.
    func ctl(_ arguments: String..., environment: [String: String] = [:]) throws -> Run {
        var env = environment
        env["EDITORIALD_SOCKET"] = env["EDITORIALD_SOCKET"] ?? socket
        env["TZ"] = env["TZ"] ?? "UTC"
        return try Run.ctl(arguments, environment: env)
    }

    /// A connected protocol client.
    func client() throws -> ControlClient { try ControlClient(path: socket) }

    /// A communication plan in UTC: an overdue video that blocks the launch post, a post due soon, a missed
    /// post, and a later post that needs an e-book. `now` is whole seconds.
    static func teamPlan(now: Int64) -> String {
        func at(_ offset: Int64) -> String { LocalDateTime(secondsSinceEpochAsUTC: now + offset).description }
        let from = LocalDateTime(secondsSinceEpochAsUTC: now - 10 * 86_400).date
        let until = LocalDateTime(secondsSinceEpochAsUTC: now + 40 * 86_400).date
        return """
            plan: team
            kind: communication
            timezone: UTC
            period: {from: \(from), until: \(until)}
            reminders: [P1D, PT1H, PT0S]
            channels:
              - {id: blog, network: blog}
              - {id: linkedin, network: linkedin, presence: company-page, handle: acme}
            content:
              - {id: video, type: video, title: Launch video, owner: paolo, due: \(at(-2 * 86_400))}
              - {id: ebook, type: ebook, title: Packaging e-book, owner: marco, due: \(at(3 * 86_400))}
            posts:
              - {id: launch, channel: linkedin, at: \(at(2 * 3600)), title: Launch post, owner: anna, needs: [video]}
              - {id: teaser, channel: blog, at: \(at(3 * 3600)), title: Teaser, owner: anna}
              - {id: missed, channel: blog, at: \(at(-5 * 3600)), title: Missed post, owner: sara}
              - {id: later, channel: blog, at: \(at(5 * 86_400)), title: Later post, owner: sara, needs: [ebook]}

            """
    }

    /// Whole seconds now.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}

/// A daemon that would not start or answer.
struct LiveDaemonError: Error, CustomStringConvertible {
    /// What happened.
    var description: String

    /// Creates one.
    init(_ description: String) { self.description = description }
}
