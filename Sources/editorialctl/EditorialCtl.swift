import ArgumentParser
import EditorialCore
import Foundation

/// `editorialctl`: checks plans and shows the agenda; later, talks to a running editoriald.
@main
struct EditorialCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "editorialctl",
        abstract: "Check editorial plans and show what is due, from plan files or a running editoriald.",
        discussion: """
            Plans are YAML files (plans-as-code): a communication plan per semester or year, and editorial \
            plans per channel with weekly slots. 'check' validates them like a compiler, with FILE:LINE:COLUMN \
            on every error and warning; 'agenda' lists what is due, with status and what blocks it.

            EXIT STATUS
              0  success (check: no errors; with --strict, no warnings either)
              1  the plans have errors (or warnings with --strict), or the command failed
              2  usage error: unknown option, bad argument

            ENVIRONMENT
              NO_COLOR   when set and not empty, never colour the output
              TZ         the display time zone for 'agenda' (overridden by --tz)
            """,
        version: EditorialVersion.string,
        subcommands: [Check.self, AgendaCommand.self]
    )

    /// Runs the command, mapping usage errors to exit status 2 (ArgumentParser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.error(fullMessage(for: error))
                Terminal.error("Run 'editorialctl --help' for usage.")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
