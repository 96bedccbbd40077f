import ArgumentParser
import EditorialCore

extension EditorialCtl {
    /// `editorialctl publish ID`.
    struct PublishCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Mark a post published; refused while it is blocked, unless --force.",
            discussion: "A blocked post is refused with what blocks it (exit 1); --force publishes anyway and "
                + "records that in the audit log.\n" + ChangeOptions.discussion)

        @Argument(help: "The post id.")
        var id: String

        @Flag(name: .long, help: "Publish even though something it needs is late.")
        var force = false

        @ParentCommand var root: EditorialCtl

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            try ChangeOptions.run(ChangeCall(.publish(force: force), item: id), Connection(options, over: root.options))
        }
    }
}
