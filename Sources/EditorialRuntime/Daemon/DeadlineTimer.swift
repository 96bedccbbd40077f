import CSystemd
import Dispatch
import Glibc

/// The daemon's one wall-clock timer: a `timerfd` on `CLOCK_REALTIME` armed at an absolute second, read by a
/// Dispatch read source on the scheduler queue. It wakes as promptly as a bare timerfd loop (measured: a
/// `DispatchSourceTimer` on the wall clock added about 0.1 ms), and a deadline the clock jumps past fires at
/// once.
public final class DeadlineTimer: @unchecked Sendable {
    // Confined to the queue the source runs on.
    private let fd: Int32
    private let source: DispatchSourceRead

    /// Creates a disarmed timer whose expiries run `fired` on `queue`.
    public init?(queue: DispatchQueue, fired: @escaping @Sendable () -> Void) {
        let fd = timerfd_create(CLOCK_REALTIME, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [fd] in
            var expirations: UInt64 = 0
            // EAGAIN: re-armed since the expiry was signalled; nothing to do.
            guard read(fd, &expirations, MemoryLayout<UInt64>.size) > 0 else { return }
            fired()
        }
        source.setCancelHandler { close(fd) }
        source.resume()
    }

    /// Arms the timer at epoch second `deadline` (a past one fires at once), or disarms it for `nil`.
    public func arm(at deadline: Int64?) {
        var spec = itimerspec()
        if let deadline { spec.it_value.tv_sec = Int(max(deadline, 1)) }
        _ = timerfd_settime(fd, Int32(TFD_TIMER_ABSTIME), &spec, nil)
    }

    /// Stops the timer and closes its descriptor.
    public func cancel() { source.cancel() }
}
