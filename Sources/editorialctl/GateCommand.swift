import ArgumentParser
import EditorialCore

extension EditorialCtl {
    /// `editorialctl gate ID`.
    struct GateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gate",
            abstract: "Exit 0 if a post may be published now, 1 if it is blocked, 2 if unknown.",
            discussion: """
                For a website's CI or a publishing scheduler: 'editorialctl gate ID && publish-it'. A post may \
                be published when nothing it needs is overdue, skipped or late; the reason it may not goes to \
                standard error. A skipped post may not be published; one already published passes.

                EXIT STATUS
                  0  the post may be published now
                  1  blocked (or skipped): the reason is on standard error
                  2  no such item (or a usage error)
                  3  the daemon is unreachable
                """)

        @ParentCommand var root: EditorialCtl

        @Argument(help: "The post's id.")
        var id: String

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            let connection = Connection(options, over: root.options)
            let r = try Online.call(connection, GateCall(item: id)) { failure in
                failure.code == .notFound ? ExitStatus.usage : ExitStatus.failure
            }
            if connection.json { try Terminal.printJSON(r) }
            guard r.mayPublish else {
                Terminal.error("\(id): \(r.reason)")
                throw ExitCode(ExitStatus.failure)
            }
            if !connection.json { print("\(id): may be published (\(r.reason))") }
        }
    }
}
