import ArgumentParser
import EditorialCore

extension EditorialCtl {
    /// `editorialctl done ID`.
    struct DoneCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done",
            abstract: "Mark a production item, preparation or renewal done.",
            discussion: "Posts that need the item stop being blocked by it.\n" + ChangeOptions.discussion)

        @Argument(help: "The item id.")
        var id: String

        @ParentCommand var root: EditorialCtl

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            try ChangeOptions.run(ChangeCall(.done, item: id), Connection(options, over: root.options))
        }
    }
}
