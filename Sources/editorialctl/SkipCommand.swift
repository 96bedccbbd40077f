import ArgumentParser
import Foundation

extension EditorialCtl {
    /// `editorialctl skip ID --reason TEXT`.
    struct SkipCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "skip",
            abstract: "Mark an item skipped, with the reason.",
            discussion: "Its reminders stop; posts that need a skipped item are blocked by it.\n\n"
                + ChangeOptions.discussion)

        @Argument(help: "The item id.")
        var id: String

        @Option(name: .long, help: "Why it is skipped (kept in the audit log).")
        var reason: String

        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--reason must not be empty")
            }
        }

        func run() throws {
            try ChangeOptions.run(.skip, ["item": .string(id), "reason": .string(reason)], connection)
        }
    }
}
