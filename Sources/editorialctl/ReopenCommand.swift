import ArgumentParser
import EditorialCore

extension EditorialCtl {
    /// `editorialctl reopen ID`.
    struct ReopenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen",
            abstract: "Reopen an item: clear done, published, skipped and any snooze.",
            discussion: "Undoes a mistaken done, publish, skip or snooze.\n" + ChangeOptions.discussion)

        @Argument(help: "The item id.")
        var id: String

        @ParentCommand var root: EditorialCtl

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            try ChangeOptions.run(ChangeCall(.reopen, item: id), Connection(options, over: root.options))
        }
    }
}
