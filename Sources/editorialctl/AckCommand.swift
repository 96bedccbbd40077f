import ArgumentParser
import EditorialCore

extension EditorialCtl {
    /// `editorialctl ack KEY`.
    struct AckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ack",
            abstract: "Acknowledge a fired reminder, due notice, overdue warning or block by its key.",
            discussion: """
                KEY is the EDITORIAL_REMINDER_KEY of the journal entry: ITEM!LEAD (such as \
                acme/ebook!P1D, or ITEM!PT0S for the due notice), ITEM!overdue or ITEM!blocked. The \
                acknowledgement (who, when) shows in 'show', 'overdue' and 'blocked', so a team sees which \
                warnings someone has taken on. Only keys that have fired can be acknowledged.

                """ + ChangeOptions.discussion)

        @ParentCommand var root: EditorialCtl

        @Argument(help: "The reminder key.")
        var key: String

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            let connection = Connection(options, over: root.options)
            let r = try Online.call(connection, AckCall(key: key))
            if connection.json {
                try Terminal.printJSON(r)
            } else {
                print("\(r.key): \(r.changed ? "acknowledged" : "unchanged (already so)")")
            }
        }
    }
}
