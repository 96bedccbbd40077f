import ArgumentParser
import EditorialCore

/// Sends one state change and prints what happened.
enum ChangeOptions {
    /// Sends the change and prints `before → after`.
    static func run(_ call: ChangeCall, _ connection: Connection) throws {
        let r = try Online.call(connection, call)
        if connection.json {
            try Terminal.printJSON(r)
        } else if r.changed {
            print("\(r.item): \(r.before) → \(r.after) (status now \(r.status.rawValue))")
        } else {
            print("\(r.item): unchanged (already \(r.after))")
        }
    }

    /// The shared discussion of the state-changing commands, after a blank line.
    static let discussion = """

        Changing state is allowed to root, the daemon's own user, and the users and groups listed in the \
        daemon config's control-users and control-groups; others get 'forbidden' (exit 1) and the refusal is \
        logged. Every change is written to the audit log with who, when, and the state before and after \
        ('editorialctl show ID' prints it).
        """ + ExitStatus.help
}
