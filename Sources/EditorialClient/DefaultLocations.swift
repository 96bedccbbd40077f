/// Where editoriald keeps its state and its control socket when nothing says otherwise, and so where editorialctl
/// looks for it: both sides compute it here, from the environment and whether they run as root.
///
/// - Under systemd: `$STATE_DIRECTORY`, `$RUNTIME_DIRECTORY/control.sock` and `$CONFIGURATION_DIRECTORY`.
/// - As root otherwise: `/var/lib/editoriald`, `/run/editoriald/control.sock`, `/etc/editoriald`.
/// - As anyone else: `$XDG_STATE_HOME/editoriald` (`~/.local/state/editoriald`), and the socket in
///   `$XDG_RUNTIME_DIR/editoriald/` (in the state directory without `XDG_RUNTIME_DIR`).
public struct DefaultLocations: Hashable, Sendable {
    /// The state directory.
    public var stateDirectory: String
    /// The directory of the control socket.
    public var runtimeDirectory: String
    /// The configuration directory (plans in `plans/` below it).
    public var configurationDirectory: String

    /// The system daemon's socket, which `editoriald.socket` creates.
    public static let systemSocket = "/run/editoriald/control.sock"

    /// The defaults for this environment.
    public init(environment: [String: String], isRoot: Bool) {
        func first(_ name: String) -> String? {
            environment[name].flatMap { $0.split(separator: ":").first.map(String.init) }
        }
        let home = environment["HOME"] ?? "/"
        stateDirectory =
            first("STATE_DIRECTORY")
            ?? (isRoot
                ? "/var/lib/editoriald" : (environment["XDG_STATE_HOME"] ?? home + "/.local/state") + "/editoriald")
        runtimeDirectory =
            first("RUNTIME_DIRECTORY")
            ?? (isRoot
                ? "/run/editoriald" : environment["XDG_RUNTIME_DIR"].map { $0 + "/editoriald" } ?? stateDirectory)
        configurationDirectory = first("CONFIGURATION_DIRECTORY") ?? "/etc/editoriald"
    }

    /// The control socket.
    public var socket: String { runtimeDirectory + "/control.sock" }
}
