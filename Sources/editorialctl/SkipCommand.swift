import ArgumentParser
import EditorialCore
import Foundation

extension EditorialCtl {
    /// `editorialctl skip ID --reason TEXT`.
    struct SkipCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "skip",
            abstract: "Mark an item skipped, with the reason.",
            discussion: "Its reminders stop; posts that need a skipped item are blocked by it.\n"
                + ChangeOptions.discussion)

        @Argument(help: "The item id.")
        var id: String

        @Option(name: .long, help: "Why it is skipped (kept in the audit log).")
        var reason: String

        @ParentCommand var root: EditorialCtl

        @OptionGroup var options: ConnectionOptions

        func validate() throws {
            if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--reason must not be empty")
            }
        }

        func run() throws {
            try ChangeOptions.run(ChangeCall(.skip(reason: reason), item: id), Connection(options, over: root.options))
        }
    }
}
