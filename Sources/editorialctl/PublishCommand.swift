import ArgumentParser

extension EditorialCtl {
    /// `editorialctl publish ID`.
    struct PublishCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Mark a post published; refused while it is blocked, unless --force.",
            discussion: "A blocked post is refused with what blocks it (exit 1); --force publishes anyway and "
                + "records that in the audit log.\n\n" + ChangeOptions.discussion)

        @Argument(help: "The post id.")
        var id: String

        @Flag(name: .long, help: "Publish even though something it needs is late.")
        var force = false

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try ChangeOptions.run(.publish, ["item": .string(id), "force": .bool(force)], connection)
        }
    }
}
