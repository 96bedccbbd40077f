import EditorialClient
import EditorialCore
import Foundation

/// Everything the daemon is configured with: from built-in defaults (which follow the environment systemd
/// sets), then the config file, then command-line flags, each overriding the one before.
public struct DaemonConfig: Hashable, Sendable {
    /// The directory searched (recursively) for `*.yaml` / `*.yml` plan files.
    public var plansDirectory: String
    /// Where the state database lives (with the SQLite backend), and in any case the daemon's local files: the
    /// sent log, the compiled-plan cache and the directory lock.
    public var stateDirectory: String
    /// Which database holds the state (`state:`): SQLite in the state directory unless configured otherwise.
    public var stateBackend: StateBackend = .sqlite
    /// The control socket's path (unused when systemd passes the socket).
    public var socketPath: String
    /// Lead times for plans that name none.
    public var reminders: [NominalDuration]
    /// Missed reminders older than this (seconds) are not sent after a restart, only counted.
    public var catchUpHorizon: Int64
    /// How long after its due time an open item draws an overdue warning (seconds).
    public var overdueAfter: Int64
    /// Lowest level of ordinary log messages: trace, debug, info, notice, warning, error, critical.
    public var logLevel: String
    /// Where entries go: journal, console, or auto (decided from the environment).
    public var logTarget: String
    /// The file this was read from, if any.
    public var file: String?
    /// Users (names or uids) allowed to change state over the control socket, besides root and the daemon's
    /// own user.
    public var controlUsers: [String] = []
    /// Groups (names or gids) whose members may change state over the control socket.
    public var controlGroups: [String] = []
    /// Seconds a control connection may stay without a complete request before it is closed.
    public var controlIdleTimeout: Int64 = 30
    /// Where the live iCalendar feeds are kept (`all.ics`, `channels/…`, `owners/…`); nil: no feeds.
    public var calendarDirectory: String?
    /// Where events are delivered besides the journal (webhooks, e-mail, commands), in config order.
    public var routes: [Route] = []
    /// How failed deliveries are retried, and when they are given up on.
    public var retry = RetryPolicy()
    /// How many deliveries may be in flight at once.
    public var deliveryConcurrency = 8
    /// The pace report's settings (`pace:`).
    public var pace = PaceSettings()

    /// The built-in defaults, given the process environment and whether we run as root.
    ///
    /// systemd sets `STATE_DIRECTORY`, `RUNTIME_DIRECTORY` and `CONFIGURATION_DIRECTORY` for the unit's
    /// `StateDirectory=`, `RuntimeDirectory=` and `ConfigurationDirectory=`; outside systemd, root gets the FHS
    /// paths and other users their XDG directories.
    public static func defaults(environment: [String: String], isRoot: Bool) -> DaemonConfig {
        let locations = DefaultLocations(environment: environment, isRoot: isRoot)
        return DaemonConfig(
            plansDirectory: locations.configurationDirectory + "/plans", stateDirectory: locations.stateDirectory,
            socketPath: locations.socket, reminders: Plan.defaultReminders, catchUpHorizon: 86_400, overdueAfter: 3_600,
            logLevel: "info", logTarget: "auto", file: nil)
    }

    /// The config file used when `--config` is not given: `$CONFIGURATION_DIRECTORY/editoriald.yaml` or
    /// `/etc/editoriald/editoriald.yaml`, if it exists.
    public static func defaultFile(environment: [String: String]) -> String? {
        let directory = environment["CONFIGURATION_DIRECTORY"]?.split(separator: ":").first.map(String.init)
        let path = (directory ?? "/etc/editoriald") + "/editoriald.yaml"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The scheduler's share of the configuration.
    public var scheduler: SchedulerConfiguration {
        SchedulerConfiguration(catchUpHorizon: catchUpHorizon, overdueAfter: overdueAfter)
    }
}
