import ArgumentParser

/// The options of every command that talks to the daemon; they may come before the subcommand too
/// (`editorialctl --socket PATH status`), as with systemctl and journalctl. See `Connection`.
struct ConnectionOptions: ParsableArguments {
    /// The control socket.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon's control socket (default: $EDITORIALD_SOCKET, else the socket of a daemon started by this "
                + "user without --socket, else /run/editoriald/control.sock).", valueName: "path"))
    var socket: String?

    /// Emit JSON.
    @Flag(name: .long, help: "Print JSON for machines instead of text.")
    var json = false

    /// Seconds to wait for a reply.
    @Option(
        name: .long, help: ArgumentHelp("Seconds to wait for the daemon's reply (default: 30).", valueName: "secs"))
    var timeout: Double?

    func validate() throws {
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be more than 0 seconds") }
    }
}
