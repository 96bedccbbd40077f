import CSystemd
import Dispatch
import Glibc

/// Learns that the wall clock was set (by an administrator, NTP stepping it, or a resume from suspend) the
/// way systemd-timesyncd does: a `timerfd` on `CLOCK_REALTIME` armed far in the future with
/// `TFD_TIMER_CANCEL_ON_SET`, whose read fails with `ECANCELED` when the clock changes discontinuously.
public final class ClockWatch: @unchecked Sendable {
    // Confined to `queue`: the read source runs there and nothing else touches the descriptor.
    private let fd: Int32
    private let source: DispatchSourceRead

    /// Starts watching; `changed` runs on `queue` after every discontinuous change of the wall clock.
    public init?(queue: DispatchQueue, changed: @escaping @Sendable () -> Void) {
        let fd = timerfd_create(CLOCK_REALTIME, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        guard ClockWatch.arm(fd) else {
            close(fd)
            return nil
        }
        source.setEventHandler { [fd] in
            var expirations: UInt64 = 0
            let n = read(fd, &expirations, MemoryLayout<UInt64>.size)
            if n < 0 && errno == ECANCELED {
                _ = ClockWatch.arm(fd)
                changed()
            } else if n > 0 {
                // The far-future expiry itself (the year 2262 limit of Int64 nanoseconds): arm again.
                _ = ClockWatch.arm(fd)
            }
        }
        source.setCancelHandler { close(fd) }
        source.resume()
    }

    /// Stops watching and closes the descriptor.
    public func cancel() { source.cancel() }

    /// Arms the timer at an absolute far-future instant, cancelled by any clock set.
    private static func arm(_ fd: Int32) -> Bool {
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(Int32.max) * 4  // about the year 2514: never expires in practice
        let flags = Int32(TFD_TIMER_ABSTIME) | Int32(TFD_TIMER_CANCEL_ON_SET)
        return timerfd_settime(fd, flags, &spec, nil) == 0
    }
}
