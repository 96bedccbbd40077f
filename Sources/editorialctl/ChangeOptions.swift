import ArgumentParser
import EditorialCore
import EditorialRuntime

/// Sends one state change and prints what happened.
enum ChangeOptions {
    /// Sends `command` for the item and prints `before → after`.
    static func run(_ command: ControlCommand, _ arguments: [String: JSONValue], _ connection: ConnectionOptions) throws
    {
        let r = try Online.call(connection, command, arguments)
        if connection.json {
            Terminal.printJSON(r)
            return
        }
        let what = (command == .ack ? r["key"] : r["item"])?.string ?? "?"
        if r["changed"]?.bool == false {
            print("\(what): unchanged (already \(r["after"]?.string ?? "so"))")
        } else if command == .ack {
            print("\(what): acknowledged")
        } else {
            print(
                "\(what): \(r["before"]?.string ?? "?") → \(r["after"]?.string ?? "?") (status now \(r["status"]?.string ?? "?"))"
            )
        }
    }

    /// The shared discussion of the state-changing commands.
    static let discussion = """
        Changing state is allowed to root, the daemon's own user, and the users and groups listed in the \
        daemon config's control-users and control-groups; others get 'forbidden' (exit 1) and the refusal is \
        logged. Every change is written to the audit log with who, when, and the state before and after \
        ('editorialctl show ID' prints it).

        """ + ExitStatus.help
}
