import CSystemd
import Dispatch
import Glibc

/// The daemon's one wall-clock timer, as systemd-timesyncd does it: a `timerfd` on `CLOCK_REALTIME` armed at
/// an absolute second with `TFD_TIMER_CANCEL_ON_SET`, read by a Dispatch read source on the scheduler queue.
///
/// An expiry runs `fired`; a discontinuous change of the wall clock (set by hand, stepped by NTP, a resume from
/// suspend) makes the read fail with `ECANCELED` and runs `clockChanged` instead. Either way the timer is then
/// disarmed until the next `arm(at:)`. It wakes as promptly as a bare timerfd loop (a `DispatchSourceTimer` on
/// the wall clock added about 0.1 ms).
public final class RealtimeTimer: DeadlineTimer, @unchecked Sendable {
    // Confined to the queue the source runs on.
    private let fd: Int32
    private let source: DispatchSourceRead

    /// Creates a timer; `fired` and `clockChanged` run on `queue`. Call `arm(at:)` to start it.
    public init?(
        queue: DispatchQueue, fired: @escaping @Sendable () -> Void, clockChanged: @escaping @Sendable () -> Void
    ) {
        let fd = timerfd_create(CLOCK_REALTIME, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [fd] in
            var expirations: UInt64 = 0
            if read(fd, &expirations, MemoryLayout<UInt64>.size) > 0 {
                fired()
            } else if errno == ECANCELED {
                clockChanged()
            }
            // EAGAIN: re-armed since the expiry was signalled; nothing to do.
        }
        source.setCancelHandler { close(fd) }
        source.resume()
    }

    /// Arms the timer at epoch second `deadline` (a past one fires at once). With `nil` it is armed far in the
    /// future (about the year 2514), so that it still reports clock changes but never fires; returns false when
    /// the kernel refuses.
    @discardableResult
    public func arm(at deadline: Int64?) -> Bool {
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(max(deadline ?? Int64(Int32.max) * 4, 1))
        return timerfd_settime(fd, Int32(TFD_TIMER_ABSTIME) | Int32(TFD_TIMER_CANCEL_ON_SET), &spec, nil) == 0
    }

    /// Stops the timer and closes its descriptor.
    public func cancel() { source.cancel() }
}
