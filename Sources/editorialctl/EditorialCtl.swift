import ArgumentParser
import EditorialClient
import EditorialCore
import Foundation

/// `editorialctl`: checks plans and shows the agenda offline; talks to a running editoriald over its socket.
@main
struct EditorialCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "editorialctl",
        abstract: "Query and control editoriald, the editorial-calendar daemon; check plans offline.",
        discussion: """
            Plans are YAML files (plans-as-code): a communication plan per semester or year, and editorial \
            plans per channel with weekly slots. 'check' validates them like a compiler, with FILE:LINE:COLUMN \
            on every error and warning; 'agenda' lists what is due, with status and what blocks it.

            The other commands talk to a running editoriald over its control socket (newline-delimited JSON, \
            Docs/Protocol.md): 'status', 'agenda' (live), 'overdue', 'blocked', 'show' and 'gate' read; \
            'export' writes the plans as iCalendar (offline with --plans); \
            'done', 'publish', 'skip', 'snooze', 'reopen', 'ack' and 'reload' change state, which is allowed \
            to root, the daemon's user and the users and groups in the daemon config. 'watch' streams events; \
            'outbox' lists deliveries to routes. The planning tools: 'pace' says whether each page keeps pace \
            with its plan and which to drop, 'report --html' writes it all as one page, and 'simulate' lists \
            every entry the daemon would send in a window (offline with --plans).

            EXIT STATUS
              0  success (check: no errors; with --strict, no warnings either)
              1  failure: plans with errors (or warnings with --strict), or the
                 daemon refused or could not do it (forbidden, blocked, not
                 found, plans rejected on reload)
              2  usage error: unknown option, bad argument (gate: the item is
                 unknown)
              3  the daemon is unreachable: not running, wrong --socket, no
                 permission, connection broken

            GLOBAL OPTIONS
              --socket, --json and --timeout may come before the subcommand too
              (editorialctl --socket PATH status), as with systemctl.

            ENVIRONMENT
              EDITORIALD_SOCKET  the control socket (--socket wins); without
                                 either, the socket of a daemon this user
                                 started without --socket (scripts/run), else
                                 /run/editoriald/control.sock
              NO_COLOR           when set and not empty, never colour output
              TZ                 the display time zone (overridden by --tz)
            """,
        version: EditorialVersion.current,
        subcommands: [
            StatusCommand.self, AgendaCommand.self, OverdueCommand.self, BlockedCommand.self, ShowCommand.self,
            GateCommand.self, ExportCommand.self, DoneCommand.self, PublishCommand.self, SkipCommand.self,
            SnoozeCommand.self, ReopenCommand.self, AckCommand.self, OutboxCommand.self, ReloadCommand.self,
            WatchCommand.self, PaceCommand.self, ReportCommand.self, SimulateCommand.self, Check.self,
        ]
    )

    /// `--socket`, `--json` and `--timeout` given before the subcommand (`editorialctl --socket P status`); the
    /// subcommand's own win.
    @OptionGroup(title: "Global options") var options: ConnectionOptions

    /// Runs the command, mapping usage errors to exit status 2 (ArgumentParser's default is 64), and writes help
    /// and usage at the terminal's width.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            HelpText.finish(
                fullMessage(for: error), usageError: code == .validationFailure, success: code == .success,
                tool: "editorialctl")
            exit(withError: error)
        }
    }
}
