import ArgumentParser
import EditorialCore

extension EditorialCtl {
    /// `editorialctl reload`.
    struct ReloadCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reload",
            abstract: "Make the daemon re-read its plans now, and report the outcome.",
            discussion: """
                Unlike 'systemctl reload editoriald', which only sends the signal, this waits for the reload \
                and prints what it did: the plans loaded and what changed (items added, removed, moved, \
                edited), or, when the plans on disk have errors, each error with FILE:LINE:COLUMN. Rejected \
                plans change nothing: the daemon keeps running on the last good ones, and this exits 1.

                """ + ChangeOptions.discussion)

        @ParentCommand var root: EditorialCtl

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            let connection = Connection(options, over: root.options)
            let r = try Online.call(connection, ReloadCall())
            if connection.json {
                try Terminal.printJSON(r)
            } else if let changes = r.changes {
                print(
                    "Reloaded: \(r.plans ?? 0) plans from \(r.files) files; \(r.summary ?? "no changes")"
                        + (r.warnings > 0 ? " (\(r.warnings) warnings: editorialctl check)" : ""))
                for (kind, ids) in [
                    ("added", changes.added), ("removed", changes.removed), ("moved", changes.moved),
                    ("edited", changes.edited),
                ] where ids.count > 0 {
                    let more = ids.count > 5 ? " and \(ids.count - 5) more" : ""
                    print("  \(kind): \(ids.first.prefix(5).joined(separator: ", "))\(more)")
                }
            } else {
                Terminal.error(
                    "editorialctl: plans rejected, \(r.errorCount) error\(r.errorCount == 1 ? "" : "s"); still running "
                        + "on the last good plans (\(r.runningPlans) plans)")
                for d in r.errors { Terminal.error(d.text) }
            }
            if !r.accepted { throw ExitCode(ExitStatus.failure) }
        }
    }
}
