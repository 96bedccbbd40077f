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

        @Option(name: .long, help: "Show at most this many items (default: all).")
        var limit: Int?

        @Option(name: .long, help: "Display time zone (IANA name); default TZ or the system zone.")
        var tz: String?

        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            try ListCommand.run(.overdue, connection: connection, limit: limit, tz: tz, empty: "nothing is overdue")
        }
    }
}
