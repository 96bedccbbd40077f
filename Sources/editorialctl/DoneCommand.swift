import ArgumentParser

extension EditorialCtl {
    /// `editorialctl done ID`.
    struct DoneCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done",
            abstract: "Mark a production item, preparation or renewal done.",
            discussion: "Posts that need the item stop being blocked by it.\n\n" + ChangeOptions.discussion)

        @Argument(help: "The item id.")
        var id: String

        @OptionGroup var connection: ConnectionOptions

        func run() throws { try ChangeOptions.run(.done, ["item": .string(id)], connection) }
    }
}
