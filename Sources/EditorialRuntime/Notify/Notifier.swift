import CSystemd
import Glibc

/// Tells the service manager about the daemon's state with `sd_notify` (`Type=notify` units).
///
/// Every call sends one datagram to `$NOTIFY_SOCKET` and returns whether it was delivered; without
/// `NOTIFY_SOCKET` (not started by systemd) calls do nothing and return false. Safe from any thread.
public final class Notifier: Sendable {
    /// A notifier for this process.
    public init() {}

    /// Whether a service manager listens (`NOTIFY_SOCKET` is set).
    public var isEnabled: Bool {
        guard let socket = getenv("NOTIFY_SOCKET") else { return false }
        return socket.pointee != 0
    }

    /// Start-up is complete (`READY=1`); also sent after a reload finished.
    @discardableResult
    public func ready() -> Bool {
        notify("READY=1")
    }

    /// A reload has begun (`RELOADING=1`, with `MONOTONIC_USEC=` as systemd 253's `Type=notify-reload`
    /// requires); send ``ready()`` when it is done.
    @discardableResult
    public func reloading() -> Bool {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        let microseconds = UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1_000
        return notify("RELOADING=1\nMONOTONIC_USEC=\(microseconds)")
    }

    /// Shutdown has begun (`STOPPING=1`).
    @discardableResult
    public func stopping() -> Bool {
        notify("STOPPING=1")
    }

    /// A one-line status shown by `systemctl status` (`STATUS=`); line breaks and NULs become spaces.
    @discardableResult
    public func status(_ line: String) -> Bool {
        let flat = String(
            String.UnicodeScalarView(
                line.unicodeScalars.map { scalar -> Unicode.Scalar in
                    switch scalar {
                    case "\n", "\r", "\0", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": " "
                    default: scalar
                    }
                }))
        return notify("STATUS=\(flat)")
    }

    /// The daemon is alive (`WATCHDOG=1`); send it every ``watchdogInterval``.
    @discardableResult
    public func watchdog() -> Bool {
        notify("WATCHDOG=1")
    }

    /// How often to call ``watchdog()``: half of `WATCHDOG_USEC`, nil when the watchdog is off for this
    /// process (unset, zero, malformed, or `WATCHDOG_PID` names another process).
    public var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(microseconds / 2)
    }

    /// Sends `state`; whether it was delivered.
    private func notify(_ state: String) -> Bool {
        sd_notify(0, state) > 0
    }
}
