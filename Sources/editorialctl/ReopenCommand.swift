import ArgumentParser

extension EditorialCtl {
    /// `editorialctl reopen ID`.
    struct ReopenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen",
            abstract: "Reopen an item: clear done, published, skipped and any snooze.",
            discussion: "Undoes a mistaken done, publish, skip or snooze.\n\n" + ChangeOptions.discussion)

        @Argument(help: "The item id.")
        var id: String

        @OptionGroup var connection: ConnectionOptions

        func run() throws { try ChangeOptions.run(.reopen, ["item": .string(id)], connection) }
    }
}
