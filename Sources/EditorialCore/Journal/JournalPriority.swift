/// A syslog priority, as journald stores it in `PRIORITY=` (0 is the most severe).
public enum JournalPriority: Int32, Sendable, CaseIterable, Comparable {
    /// The system is unusable.
    case emergency = 0
    /// Action must be taken immediately.
    case alert = 1
    /// Critical conditions.
    case critical = 2
    /// Error conditions.
    case error = 3
    /// Warning conditions.
    case warning = 4
    /// Normal but significant conditions.
    case notice = 5
    /// Informational messages.
    case info = 6
    /// Debug-level messages.
    case debug = 7

    /// The lower-case name `journalctl -p` accepts (`emerg`, `alert`, `crit`, `err`, `warning`, …).
    public var name: String {
        switch self {
        case .emergency: "emerg"
        case .alert: "alert"
        case .critical: "crit"
        case .error: "err"
        case .warning: "warning"
        case .notice: "notice"
        case .info: "info"
        case .debug: "debug"
        }
    }

    /// Orders by severity as numbers: `emergency < debug`, so "at least as severe as" is `<=`.
    public static func < (lhs: JournalPriority, rhs: JournalPriority) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
