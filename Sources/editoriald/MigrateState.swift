import ArgumentParser
import EditorialRuntime
import Foundation

/// `editoriald migrate-state`: copies the state between the state directory's SQLite file and the configured
/// PostgreSQL database.
struct MigrateState: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-state",
        abstract: "Copy the state from SQLite into PostgreSQL, or back.",
        discussion: """
            Copies everything the state holds (reminders sent, statuses, acknowledgements, the audit log, the \
            outbox, pace history, calendar SEQUENCE numbers) from the SQLite file in the state directory into the \
            PostgreSQL database of the config file's state: section (--to postgresql), or from that database into \
            the state directory (--to sqlite). The target must hold no state yet: nothing is merged. The copy is \
            one transaction on the target, and is then read back from both sides and compared row by row; any \
            difference is an error.

            It reads the daemon's configuration: editoriald migrate-state --to postgresql --config FILE \
            [--state-directory DIR] (the daemon's own --config and --state-directory, given after the command \
            name or before it).

            Stop editoriald first: both sides are locked as the daemon locks them (the state directory's lock \
            file, the database's advisory lock), and a running daemon on either makes this exit 1. Then set \
            state: in the config file to the target and start editoriald again.

            Exit status: 0 when the copy is complete and checked, 1 on any error (nothing is left half-copied), 2 \
            on a usage error.
            """)

    @Option(name: .long, help: ArgumentHelp("sqlite or postgresql: the side to copy into.", valueName: "backend"))
    var to: StateCopy.Direction

    // --config and --state-directory are the daemon's own (editoriald migrate-state --config F): ArgumentParser
    // gives an option both commands declare to the parent, so they are read from it.
    @ParentCommand var daemon: Editoriald

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        do {
            var settings = DaemonConfig.defaults(environment: environment, isRoot: getuid() == 0)
            if let file = daemon.config ?? DaemonConfig.defaultFile(environment: environment) {
                settings = try ConfigFile.load(file, over: settings)
            }
            if let stateDirectory = daemon.stateDirectory {
                settings.stateDirectory =
                    stateDirectory.hasPrefix("/")
                    ? stateDirectory : FileManager.default.currentDirectoryPath + "/" + stateDirectory
            }
            let done = try StateCopy.migrate(settings, to: to, environment: environment)
            let tables = done.report.tables.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }
            print(
                "editoriald: copied \(done.report.total) rows from \(done.from) to \(done.to)"
                    + (tables.isEmpty ? "" : " (" + tables.joined(separator: ", ") + ")")
                    + "; read back and compared: identical")
        } catch {
            FileHandle.standardError.write(Data("editoriald: migrate-state: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension StateCopy.Direction: ExpressibleByArgument {}
