import Dispatch

/// Where the daemon learns what time it is, and the timer that wakes it: the only clock its parts read.
/// `WallClock` is the real one; `ManualClock` lets a test drive days of plans in milliseconds.
public protocol Clock: Sendable {
    /// Whole seconds since the epoch, rounded down: a deadline of second `t` is reached once this is ≥ `t`.
    func seconds() -> Int64
    /// Nanoseconds since the epoch, for measuring lateness.
    func nanoseconds() -> Int64
    /// A deadline timer whose handlers run on `queue`; `nil` when the system cannot make one.
    func makeTimer(
        queue: DispatchQueue, fired: @escaping @Sendable () -> Void, clockChanged: @escaping @Sendable () -> Void
    ) -> (any DeadlineTimer)?
}
