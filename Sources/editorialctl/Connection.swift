import EditorialClient

/// The connection settings in force: a subcommand's own options, else those given before the subcommand.
struct Connection {
    /// The socket path.
    let path: String
    /// Print JSON.
    let json: Bool
    /// Seconds to wait for a reply.
    let timeout: Double

    /// Settings from `own` (after the subcommand) over `global` (before it).
    init(_ own: ConnectionOptions, over global: ConnectionOptions) {
        path = own.socket ?? global.socket ?? ControlClient.defaultPath()
        json = own.json || global.json
        timeout = own.timeout ?? global.timeout ?? 30
    }
}
