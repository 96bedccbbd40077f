import Glibc

/// Reads the wall clock (`CLOCK_REALTIME`); the only place the daemon asks what time it is.
public enum WallClock {
    /// Whole seconds since the epoch, rounded down: a deadline of second `t` is reached once this is ≥ `t`.
    public static func seconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }

    /// Nanoseconds since the epoch, for measuring lateness.
    public static func nanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
