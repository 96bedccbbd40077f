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

        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let r = try Online.call(connection, .reload)
            if connection.json {
                Terminal.printJSON(r)
            } else if r["accepted"]?.bool == true {
                print(
                    "Reloaded: \(r["plans"]?.int ?? 0) plans from \(r["files"]?.int ?? 0) files; "
                        + "\(r["summary"]?.string ?? "no changes")"
                        + ((r["warnings"]?.int ?? 0) > 0
                            ? " (\(r["warnings"]!.int!) warnings: editorialctl check)" : ""))
                for kind in ["added", "removed", "moved", "edited"] {
                    let ids = r["changes"]?[kind]?["first"]?.array?.compactMap(\.string) ?? []
                    let count = r["changes"]?[kind]?["count"]?.int ?? 0
                    guard count > 0 else { continue }
                    print(
                        "  \(kind): \(ids.prefix(5).joined(separator: ", "))\(count > 5 ? " and \(count - 5) more" : "")"
                    )
                }
            } else {
                let n = r["error_count"]?.int ?? 0
                Terminal.error(
                    "editorialctl: plans rejected, \(n) error\(n == 1 ? "" : "s"); still running on the last good "
                        + "plans (\(r["running_plans"]?.int ?? 0) plans)")
                for d in r["errors"]?.array ?? [] { Terminal.error(d["text"]?.string ?? "") }
            }
            if r["accepted"]?.bool != true { throw ExitCode(ExitStatus.failure) }
        }
    }
}
