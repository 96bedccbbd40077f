import ArgumentParser

extension EditorialCtl {
    /// `editorialctl blocked`.
    struct BlockedCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "blocked",
            abstract: "List blocked posts with the chain of blame, worst first.",
            discussion: """
                A post is blocked when something it needs (directly or through other items) is open and \
                overdue, skipped, never due, or due after the post. Each is listed with what blocks it: the \
                item, its owner, how late it is, and what else it blocks. Worst first: the most late blocker, \
                then the earliest post. Posts from 7 days back to 7 days ahead are considered.

                """ + ExitStatus.help)

        @OptionGroup var list: ListOptions

        @ParentCommand var root: EditorialCtl

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            try ListCommand.run(
                .blocked, connection: Connection(options, over: root.options), limit: list.limit, tz: list.tz,
                empty: "nothing is blocked")
        }
    }
}
