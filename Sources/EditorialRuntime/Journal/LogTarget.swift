import Glibc

/// Where editoriald's log entries go: the systemd journal, the console (standard error), or chosen at start.
public enum LogTarget: String, Sendable, CaseIterable {
    /// Structured entries to journald over its native socket.
    case journal
    /// One readable line per entry on standard error.
    case console
    /// The journal when running as a service, the console when a person runs it in a terminal.
    case auto

    /// The socket `sd_journal_sendv` writes to.
    public static let journalSocketPath = "/run/systemd/journal/socket"

    /// The concrete target (`.journal` or `.console`) for this request, decided from the given process state.
    ///
    /// Explicit `.journal` and `.console` stay as they are. `.auto` picks:
    /// 1. the journal when `JOURNAL_STREAM` (`DEVICE:INODE`, set by systemd) names the file standard error
    ///    is open on: systemd connected stderr to the journal, so we are its service;
    /// 2. otherwise the console when standard error is a terminal: someone runs `editoriald` by hand and
    ///    wants to see its output there, even on a machine where journald runs;
    /// 3. otherwise the journal when its socket exists (started by another supervisor, stderr redirected
    ///    or closed);
    /// 4. otherwise the console: with no socket, `sd_journal_sendv` reports success and drops the entry.
    ///
    /// - Parameters:
    ///   - environment: the process environment (only `JOURNAL_STREAM` is read).
    ///   - stderrIdentity: the device and inode of standard error's file (`fstat(2)`), nil when closed.
    ///   - stderrIsTerminal: whether standard error is a terminal (`isatty(2)`).
    ///   - journalSocketExists: whether ``journalSocketPath`` exists.
    public func resolved(
        environment: [String: String], stderrIdentity: (device: UInt64, inode: UInt64)?, stderrIsTerminal: Bool,
        journalSocketExists: Bool
    ) -> LogTarget {
        guard self == .auto else { return self }
        if let stream = environment["JOURNAL_STREAM"], let stderrIdentity,
            let wired = Self.parseJournalStream(stream), wired == stderrIdentity
        {
            return .journal
        }
        if stderrIsTerminal { return .console }
        return journalSocketExists ? .journal : .console
    }

    /// The concrete target for this request, decided from this process's environment, standard error and
    /// the journal socket (see ``resolved(environment:stderrIdentity:stderrIsTerminal:journalSocketExists:)``).
    public func resolvedForThisProcess() -> LogTarget {
        guard self == .auto else { return self }
        var status = stat()
        let identity: (device: UInt64, inode: UInt64)? =
            fstat(STDERR_FILENO, &status) == 0 ? (UInt64(status.st_dev), UInt64(status.st_ino)) : nil
        var environment: [String: String] = [:]
        if let stream = getenv("JOURNAL_STREAM") {
            environment["JOURNAL_STREAM"] = String(cString: stream)
        }
        return resolved(
            environment: environment, stderrIdentity: identity, stderrIsTerminal: isatty(STDERR_FILENO) == 1,
            journalSocketExists: access(Self.journalSocketPath, F_OK) == 0)
    }

    /// The device and inode in a `JOURNAL_STREAM` value (`"DEVICE:INODE"`, decimal), nil when malformed.
    static func parseJournalStream(_ value: String) -> (device: UInt64, inode: UInt64)? {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return nil }
        return (device, inode)
    }
}
