import EditorialClient
import EditorialCore
import Foundation
import Logging

@testable import EditorialRuntime

/// A real `Daemon` built in the test process on a temporary plans and state directory, with a `ManualClock` and
/// an in-memory event sink: the test moves time and reads what the daemon journaled, in milliseconds. Its control
/// socket is real (in the same directory), so changes and reloads go through the whole bridge.
final class DaemonHarness {
    /// The working directory (plans, state, socket).
    let directory: TemporaryDirectory
    /// The daemon's only clock.
    let clock: ManualClock
    /// Everything the daemon journaled, across restarts.
    let sink = MemoryEventSink()
    /// The running daemon.
    private(set) var daemon: Daemon?
    /// Whether the daemon keeps calendar feeds (in `calendars/` of the directory).
    var feeds = false
    /// Changes to the configuration (routes, retries) before each start.
    var configure: (inout DaemonConfig) -> Void = { _ in }

    /// Writes `plans` (file name → text) and starts nothing yet; the clock shows `now`.
    init(plans: [String: String], now: Int64) throws {
        directory = try TemporaryDirectory()
        clock = ManualClock(now: now)
        try FileManager.default.createDirectory(atPath: directory.appending("plans"), withIntermediateDirectories: true)
        for (name, text) in plans { try write(name, text) }
    }

    deinit {
        stop()
        directory.remove()
    }

    /// The configuration: the temporary directories and socket, everything else default.
    var config: DaemonConfig {
        var config = DaemonConfig.defaults(environment: [:], isRoot: false)
        config.plansDirectory = directory.appending("plans")
        config.stateDirectory = directory.appending("state")
        config.socketPath = directory.appending("control.sock")
        if feeds { config.calendarDirectory = directory.appending("calendars") }
        configure(&config)
        return config
    }

    /// Builds and starts a daemon (without signal handlers), and waits until its start has run — and, on a shared
    /// database unless `leading` is false, until it leads.
    func start(leading: Bool = true) throws {
        let sink = sink
        let logger = Logger(label: "editoriald") { JournalLogHandler(label: $0, journal: sink) }
        let daemon = try Daemon(config: config, sink: sink, clock: clock, logger: logger)
        daemon.start(handlingSignals: false)
        daemon.sync {}
        // On a shared database the daemon fires once it holds the lease: its first round asks at once.
        guard !leading || daemon.waitUntilLeading(timeout: 30) else { throw HarnessFailure.notLeading }
        self.daemon = daemon
    }

    /// Why the harness could not start its daemon.
    enum HarnessFailure: Error {
        /// The daemon did not take the scheduler lease within 30 s.
        case notLeading
    }

    /// Stops the daemon (its last step, the stopping entry, the store and the lock), if one runs.
    func stop() {
        // The daemon drops a compiled-plan cache still being encoded when it stops; the tests restart on it.
        daemon?.waitForPlans()
        daemon?.shutdown()
        daemon = nil
    }

    /// Stops and starts again on the same state (the clock does not move).
    func restart() throws {
        stop()
        try start()
    }

    /// Moves the clock to `time`, firing every deadline on the way; returns the entries journaled meanwhile.
    @discardableResult
    func advance(to time: Int64) -> [JournalEntry] {
        let before = sink.entries.count
        clock.advance(to: time)
        daemon?.sync {}
        return Array(sink.entries.dropFirst(before))
    }

    /// The text of a calendar feed, once every write scheduled so far is done (nil when the file is missing).
    func feed(_ path: String) -> String? {
        daemon?.waitForCalendarFeeds()
        return try? String(contentsOfFile: directory.appending("calendars/" + path), encoding: .utf8)
    }

    /// Writes a plan file.
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: directory.appending("plans/" + name), atomically: true, encoding: .utf8)
    }

    /// A client of the daemon's control socket.
    func client() throws -> ControlClient { try ControlClient(path: config.socketPath) }

    /// Waits (at most `timeout` seconds) until the delivery worker has nothing in flight or unrecorded.
    func waitForDeliveries(timeout: Double = 30) -> Bool { daemon?.waitForDeliveries(timeout: timeout) ?? true }

    /// Waits until the pace keeper has counted everything handed to it so far.
    func waitForPace() { daemon?.waitForPace() }

    /// Waits (bounded) until the strategy checks started so far have journaled their warnings.
    func waitForChecks() -> Bool { daemon?.waitForPlanChecks(timeout: 60) ?? true }

    /// The entries with message id `id`, in order.
    func entries(_ id: MessageID) -> [JournalEntry] { sink.entries.filter { $0.messageID == id } }

    /// The store, opened beside the daemon's (WAL lets a second connection read).
    func store() throws -> SQLiteStateStore { try SQLiteStateStore(directory: config.stateDirectory) }
}

extension JournalEntry {
    /// The first value of field `name`.
    subscript(field name: String) -> String? { fields.first { $0.name == name }?.value }
}
