import ArgumentParser

extension EditorialCtl {
    /// `editorialctl overdue`.
    struct OverdueCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "overdue",
            abstract: "List open items past their due time, most late first.",
            discussion: """
                Asks the daemon for every open item (production item, preparation, post, slot occurrence) \
                whose due time has passed, most late first, with its owner and, for a blocked post, the chain \
                of blame. Recurring occurrences are looked at for the last 7 days; one-off items whatever \
                their age.

                """ + ExitStatus.help)

        @OptionGroup var list: ListOptions

        @ParentCommand var root: EditorialCtl

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            try ListCommand.run(
                .overdue, connection: Connection(options, over: root.options), limit: list.limit, tz: list.tz,
                empty: "nothing is overdue")
        }
    }
}
