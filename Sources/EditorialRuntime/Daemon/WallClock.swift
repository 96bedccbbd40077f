import Dispatch
import Glibc

/// The wall clock (`CLOCK_REALTIME`), with a timerfd that also reports clock changes (`RealtimeTimer`).
public struct WallClock: Clock {
    /// The wall clock.
    public init() {}

    /// Whole seconds since the epoch, rounded down.
    public func seconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }

    /// Nanoseconds since the epoch.
    public func nanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// A `RealtimeTimer` on `queue`.
    public func makeTimer(
        queue: DispatchQueue, fired: @escaping @Sendable () -> Void, clockChanged: @escaping @Sendable () -> Void
    ) -> (any DeadlineTimer)? {
        RealtimeTimer(queue: queue, fired: fired, clockChanged: clockChanged)
    }
}
