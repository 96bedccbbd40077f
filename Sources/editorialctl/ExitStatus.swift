import ArgumentParser

/// editorialctl's exit statuses (documented in `--help` and the README).
enum ExitStatus {
    /// Success.
    static let ok: Int32 = 0
    /// The command failed or was refused (forbidden, blocked, not found, rejected plans).
    static let failure: Int32 = 1
    /// Usage error; for `gate`, the item is unknown.
    static let usage: Int32 = 2
    /// The daemon could not be reached (not running, wrong socket, no permission, connection lost).
    static let unreachable: Int32 = 3

    /// The text of the EXIT STATUS section, after a blank line.
    static let help = """

        EXIT STATUS
          0  success
          1  failure: the daemon refused or could not do it (forbidden, blocked,
             not found, plans rejected)
          2  usage error: unknown option, bad argument (gate: the item is unknown)
          3  the daemon is unreachable: not running, wrong --socket, no
             permission, or the connection broke
        """
}
