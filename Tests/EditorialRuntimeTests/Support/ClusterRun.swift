import EditorialClient
import EditorialCore
import Foundation

@testable import EditorialRuntime

/// Several `editoriald` processes sharing one PostgreSQL database, in one ``PrivateJournal``: each node has its own
/// plans directory (the same plans unless told otherwise), state directory, socket and config file naming it. The
/// journal tells who sent what: reminder entries by `_PID`, lease changes by `EDITORIAL_NODE`.
final class ClusterRun {
    /// One entry the test reads back.
    struct Entry {
        /// `__REALTIME_TIMESTAMP`, microseconds.
        var at: Int64
        /// The sender's pid.
        var pid: Int32
        /// Every field.
        var fields: [String: String]
    }

    /// One node.
    final class Node {
        let name: String
        let run: DaemonRun
        var process: Process?
        init(name: String, run: DaemonRun) {
            self.name = name
            self.run = run
        }
    }

    let journal: PrivateJournal
    let settings: PostgresSettings
    let nodes: [Node]
    /// Which node each pid ever started was.
    private(set) var names: [Int32: String] = [:]

    /// `count` nodes on `settings`' database with `lease` and `renew` (config durations).
    init(
        count: Int, settings: PostgresSettings, lease: String = "PT2S", renew: String = "PT1S",
        timeout: String = "PT10S"
    ) throws {
        journal = try PrivateJournal()
        self.settings = settings
        nodes = try (1...count).map { i in
            let run = try DaemonRun()
            let config = run.directory.appending("editoriald.yaml")
            try """
            state:
              backend: postgresql
              connection: '\(settings.connection)'
              node: n\(i)
              lease: \(lease)
              renew: \(renew)
              timeout: \(timeout)

            """.write(toFile: config, atomically: true, encoding: .utf8)
            run.config = config
            return Node(name: "n\(i)", run: run)
        }
    }

    /// Writes plan file `name` on every node (or on those in `only`).
    func write(_ name: String, _ text: String, only: [Int]? = nil) throws {
        for (i, node) in nodes.enumerated() where only?.contains(i) ?? true { try node.run.write(name, text) }
    }

    /// Starts node `i` (again).
    func start(_ i: Int) throws {
        let process = try nodes[i].run.start(in: journal)
        nodes[i].process = process
        names[process.processIdentifier] = nodes[i].name
    }

    /// Sends `signal` to node `i`; with SIGKILL, waits (bounded) until it is gone.
    func signal(_ i: Int, _ signal: Int32) {
        guard let process = nodes[i].process else { return }
        if signal == SIGKILL || signal == SIGTERM {
            DaemonRun.stop(process, signal: signal)
            nodes[i].process = nil
        } else {
            kill(process.processIdentifier, signal)
        }
    }

    /// Stops every node (SIGTERM).
    func stopAll() {
        for i in nodes.indices { signal(i, SIGTERM) }
    }

    /// The index of the node whose process is `pid` now.
    func index(of pid: Int32) -> Int? { nodes.firstIndex { $0.process?.processIdentifier == pid } }

    /// Every entry of the journal, oldest first.
    func entries() throws -> [Entry] {
        try journal.entries().compactMap { fields in
            guard let at = fields["__REALTIME_TIMESTAMP"].flatMap(Int64.init),
                let pid = fields["_PID"].flatMap(Int32.init)
            else { return nil }
            return Entry(at: at, pid: pid, fields: fields)
        }
    }

    /// Reminder entries (those with a reminder key).
    func reminders(_ all: [Entry]) -> [Entry] { all.filter { $0.fields["EDITORIAL_REMINDER_KEY"] != nil } }

    /// Lease entries of `role` (`leader`, `follower`).
    func leadership(_ all: [Entry], role: String) -> [Entry] {
        all.filter { $0.fields["MESSAGE_ID"] == MessageID.leadership.rawValue && $0.fields["EDITORIAL_ROLE"] == role }
    }

    /// Polls the journal (bounded) until `found` returns a value.
    func wait<T>(_ what: String, timeout: Duration = .seconds(30), _ found: ([Entry]) -> T?) throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = found(try entries()) { return value }
            guard ContinuousClock.now < deadline else {
                // What the nodes said besides their stages, for the failure's message.
                let said = try entries().filter {
                    $0.fields["SYSLOG_IDENTIFIER"] == "editoriald" && $0.fields["EDITORIAL_REMINDER_KEY"] == nil
                }.suffix(40).map {
                    "  \($0.at) \(names[$0.pid] ?? "?")[\($0.pid)] \($0.fields["MESSAGE"] ?? "")"
                }
                throw PrivateJournal.Failure(
                    description: "\(what): not within \(timeout)\n" + said.joined(separator: "\n") + "\n"
                        + diagnostics())
            }
            // Other processes write the journal: poll until the deadline.
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The node that says it leads (`status`), waiting (bounded) until exactly one running node does: on a loaded
    /// machine a leader may give its lease up (a late renewal) and another take it, so the journal's last lease
    /// entry is not proof enough.
    func currentLeader(timeout: Duration = .seconds(30)) throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while true {
            let leaders = nodes.indices.filter { i in
                nodes[i].process != nil && (try? client(i).call(StatusCall(), timeout: 5).cluster?.role) == "leader"
            }
            if leaders.count == 1 { return leaders[0] }
            guard ContinuousClock.now < deadline else {
                throw PrivateJournal.Failure(description: "\(leaders.count) nodes say they lead after \(timeout)")
            }
            // The nodes change roles by themselves: ask again until the deadline.
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The journal's clock now (microseconds), to compare with entries' `at`.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e6) }

    /// The nodes' standard error, for a failure's message.
    func diagnostics() -> String {
        nodes.map { node in
            "\(node.name): " + (0..<4).map { node.run.stderr($0) }.joined().suffix(2000)
        }.joined(separator: "\n")
    }

    /// A client of node `i`'s control socket.
    func client(_ i: Int) throws -> ControlClient {
        try ControlClient(path: nodes[i].run.directory.appending("control.sock"))
    }

    /// A plan `ha` (UTC) with one post due every second from `start` for `count` seconds, and `extras` posts far
    /// ahead (for changes during a run).
    static func everySecond(start: Int64, count: Int, extras: Int = 0) -> String {
        let posts = (0..<count).map { i in
            "{id: p\(String(format: "%04d", i)), channel: blog, at: \(DaemonRun.stamp(start + Int64(i))), title: P\(i)}"
        }
        let far = (0..<extras).map { i in
            "{id: x\(String(format: "%03d", i)), channel: blog, at: \(DaemonRun.stamp(start + 20 * 86_400)), title: X\(i)}"
        }
        return DaemonRun.plan("ha", base: start, reminders: "[PT0S]", posts: posts + far)
    }
}
