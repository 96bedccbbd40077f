import ArgumentParser
import Dispatch
import EditorialClient
import EditorialCore
import EditorialRuntime
import Foundation
import Logging

/// `editoriald`: the editorial-calendar daemon. Flags and config in, runtime out; nothing else lives here.
@main
struct Editoriald: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "editoriald",
        abstract: "The editorial-calendar daemon: reminders, due times and blocked posts, into the journal.",
        discussion: """
            Reads the plans directory (every *.yaml and *.yml file, recursively), fires a reminder at each lead \
            time before every post, slot occurrence, production item and plan renewal, warns when something is \
            overdue or a post is blocked by late production, and writes each as a structured journal entry \
            (MESSAGE_ID per kind; fields EDITORIAL_PLAN, EDITORIAL_ITEM, EDITORIAL_CHANNEL, EDITORIAL_DUE, \
            EDITORIAL_OWNER, EDITORIAL_BLOCKED_BY, EDITORIAL_REMINDER_KEY, …), so that

              journalctl -u editoriald EDITORIAL_CHANNEL=linkedin -p warning

            shows what is late on LinkedIn. State (reminders sent, statuses, an audit log) is kept in SQLite in \
            the state directory; each reminder is sent once, across restarts. Reminders missed while the daemon \
            was down are sent once on start, collapsed per item, within the catch-up horizon. With \
            --calendar-directory (or calendar-directory: in the file) it keeps iCalendar feeds of the plans \
            there for calendar clients to subscribe to, served by any web server. With routes: in the file it \
            also delivers the entries they match to people (webhooks, Slack or Mattermost, e-mail through \
            sendmail, commands), from a durable outbox in the state directory, with retries; 'editorialctl \
            outbox' shows it (the people are a people: document beside the plans).

            With state: {backend: postgresql, …} in the file the state is in a PostgreSQL database, which any \
            number of daemons may share: the holder of the scheduler lease fires, every stage claimed in the \
            database before it is sent; the others answer requests and take over within the lease (state: lease:, \
            10 s by default) when it is not renewed. 'editorialctl status' shows the node's role, the leader and \
            the lease's age. Subcommands: migrate-state (copy the state between SQLite and PostgreSQL) and \
            postgresql-schema (the schema as SQL, for an owner role to apply).

            Configuration: built-in defaults (systemd's STATE_DIRECTORY, RUNTIME_DIRECTORY and \
            CONFIGURATION_DIRECTORY when set), then the config file (--config, default \
            /etc/editoriald/editoriald.yaml if present), then these flags. Relative paths in the file are \
            relative to the file.

            Signals: SIGHUP reloads the plans (a broken set is reported with file:line:column and the daemon \
            keeps the last good one); SIGTERM and SIGINT stop it cleanly. Under systemd (Type=notify) it reports \
            READY, STATUS, RELOADING, STOPPING and pings the watchdog.

            Exit status: 0 after a clean stop or a successful --check-config, 1 on a configuration, plans (with \
            --check-config) or state error (another editoriald already using the state directory included), 2 on a \
            usage error.
            """,
        version: EditorialVersion.current,
        subcommands: [MigrateState.self, PostgreSQLSchema.self])

    @Option(name: .long, help: ArgumentHelp("The config file.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The plans directory (overrides the config file).", valueName: "dir"))
    var plans: String?

    @Option(name: .long, help: ArgumentHelp("Where the state database lives.", valueName: "dir"))
    var stateDirectory: String?

    @Option(
        name: .long, help: ArgumentHelp("The control socket to bind (unless systemd passes one).", valueName: "path"))
    var socket: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keep live iCalendar feeds here (all.ics, channels/PLAN/ID.ics, owners/NAME.ics), rewritten after "
                + "every reload and state change.", valueName: "dir"))
    var calendarDirectory: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "journal, console, or auto: the journal when systemd wired stderr to it (JOURNAL_STREAM) or stderr is "
                + "not a terminal and journald runs; else the console.", valueName: "target"))
    var logTarget: String?

    @Option(
        name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Missed reminders older than this are not sent (ISO 8601, e.g. P1D).", valueName: "duration")
    )
    var catchUpHorizon: String?

    @Option(
        name: .long,
        help: ArgumentHelp("How long after due an open item draws a warning (e.g. PT1H).", valueName: "duration"))
    var overdueAfter: String?

    @Flag(name: .long, help: "Validate the configuration and the plans, print what is wrong, and exit.")
    var checkConfig = false

    /// Parses and runs; usage errors exit 2 (ArgumentParser's default is 64), as the help promises; help is
    /// written at the terminal's width.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            HelpText.finish(
                fullMessage(for: error), usageError: code == .validationFailure, success: code == .success,
                tool: "editoriald")
            exit(withError: error)
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        var settings = DaemonConfig.defaults(environment: environment, isRoot: getuid() == 0)
        do {
            if let file = config ?? DaemonConfig.defaultFile(environment: environment) {
                settings = try ConfigFile.load(file, over: settings)
            }
            settings = try apply(to: settings)
        } catch {
            FileHandle.standardError.write(Data("editoriald: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if checkConfig { return try Self.check(settings) }

        let target =
            (LogTarget(rawValue: settings.logTarget) ?? .auto).resolvedForThisProcess()
        let journal = Journal(target: target)
        // ConfigFile accepts only swift-log's level names.
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        _ = JournalLogHandler.bootstrap(journal: journal, logLevel: level)
        let logger = Logger(label: "editoriald")
        let daemon: Daemon
        do {
            daemon = try Daemon(config: settings, sink: journal, logger: logger)
        } catch {
            journal.send(JournalEntry("editoriald cannot start: \(error)", priority: .error))
            throw ExitCode.failure
        }
        // A closed stderr or socket peer must give EPIPE, not kill the daemon.
        signal(SIGPIPE, SIG_IGN)
        daemon.start()
        // Without this the optimizer may end the daemon's lifetime here (dispatchMain never returns, but
        // nothing after it uses `daemon`), taking its timer and signal sources with it.
        withExtendedLifetime(daemon) { dispatchMain() }
    }

    /// Flags over the file.
    private func apply(to base: DaemonConfig) throws(ConfigError) -> DaemonConfig {
        var c = base
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : cwd + "/" + p }
        if let plans { c.plansDirectory = absolute(plans) }
        if let stateDirectory { c.stateDirectory = absolute(stateDirectory) }
        if let socket { c.socketPath = absolute(socket) }
        if let calendarDirectory { c.calendarDirectory = absolute(calendarDirectory) }
        var lines: [String] = []
        if let logTarget { lines.append("log-target: \(logTarget)") }
        if let logLevel { lines.append("log-level: \(logLevel)") }
        if let catchUpHorizon { lines.append("catch-up-horizon: \(catchUpHorizon)") }
        if let overdueAfter { lines.append("overdue-after: \(overdueAfter)") }
        guard !lines.isEmpty else { return c }
        let file = c.file
        // The flags are read by the same code as the file, so they accept exactly the same values.
        var flagged = try ConfigFile.parse(lines.joined(separator: "\n"), file: "<command line>", over: c)
        flagged.file = file
        return flagged
    }

    /// `--check-config`: like `nginx -t`.
    private static func check(_ settings: DaemonConfig) throws {
        let load = PlanLoader.load(directory: settings.plansDirectory, defaultReminders: settings.reminders)
        for d in load.errors + load.warnings { print(d.description) }
        let state: String
        switch settings.stateBackend {
        case .sqlite: state = settings.stateDirectory
        case .postgresql(let pg):
            state =
                "\(pg.location) as node \(pg.node), lease \(pg.lease) s renewed every \(pg.renew) s (local files in "
                + "\(settings.stateDirectory))"
        }
        let routes = RouteWarnings.check(
            settings.routes, people: load.planSet.people, environment: ProcessInfo.processInfo.environment)
        for warning in routes { print("warning: " + warning.message) }
        print(
            "editoriald: config \(settings.file ?? "(built-in defaults)"); plans \(settings.plansDirectory): "
                + "\(load.planSet.plans.count) plans in \(load.files.count) files, \(load.errors.count) errors, "
                + "\(load.warnings.count) warnings; \(settings.routes.count) delivery routes"
                + (routes.isEmpty ? "" : " (\(routes.count) warnings)")
                + "; state \(state); socket \(settings.socketPath)")
        if !load.accepted { throw ExitCode.failure }
        print("editoriald: configuration OK")
    }
}
