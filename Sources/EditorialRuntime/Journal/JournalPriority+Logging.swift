import EditorialCore
import Logging

extension JournalPriority {
    /// The priority journald and syslog use for a swift-log level (`trace` and `debug` are both debug).
    public init(_ level: Logger.Level) {
        switch level {
        case .trace, .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }
}
