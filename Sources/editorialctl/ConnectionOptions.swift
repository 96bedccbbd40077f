import ArgumentParser
import EditorialRuntime

/// Options of every command that talks to the daemon.
struct ConnectionOptions: ParsableArguments {
    /// The control socket.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon's control socket (default: $EDITORIALD_SOCKET, else /run/editoriald/control.sock).",
            valueName: "path"))
    var socket: String?

    /// Emit JSON.
    @Flag(name: .long, help: "Print the daemon's reply as JSON for machines instead of text.")
    var json = false

    /// Seconds to wait for a reply.
    @Option(name: .long, help: ArgumentHelp("Seconds to wait for the daemon's reply.", valueName: "seconds"))
    var timeout: Double = 30

    /// The socket path to use.
    var path: String { socket ?? ControlClient.defaultPath() }
}
