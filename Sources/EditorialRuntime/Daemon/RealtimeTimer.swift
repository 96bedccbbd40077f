import CSystemd
import Dispatch
import Glibc

/// The daemon's one wall-clock timer, as systemd-timesyncd does it: a `timerfd` on `CLOCK_REALTIME` armed at
/// an absolute second with `TFD_TIMER_CANCEL_ON_SET`, read by a Dispatch read source on the scheduler queue.
///
/// An expiry runs `fired`; a discontinuous change of the wall clock (set by hand, stepped by NTP, a resume from
/// suspend) makes the read fail with `ECANCELED` and runs `clockChanged` instead, once the timer is disarmed
/// until the next `arm(at:)`. A step smaller than `minimumStep` is not a change worth replanning for: the timer
/// is absolute, so it still fires at its second, and it stays armed. Some virtual machines' guest agents step
/// the clock by half a millisecond ten times a second; each used to journal a clock-change notice. It wakes as
/// promptly as a bare timerfd loop (a `DispatchSourceTimer` on the wall clock added about 0.1 ms).
public final class RealtimeTimer: DeadlineTimer, @unchecked Sendable {
    /// Steps of the wall clock below this many nanoseconds (against the monotonic clock) are absorbed: the
    /// scheduler works in whole seconds.
    public static let defaultMinimumStep: Int64 = 1_000_000_000

    /// What the read handler keeps between reads; confined to the timer's queue.
    private final class Readings {
        /// `CLOCK_REALTIME` minus `CLOCK_MONOTONIC` when last read, in nanoseconds.
        var offset = RealtimeTimer.offset()
        /// The second last armed.
        var deadline: Int64?
    }

    private let fd: Int32
    private let source: DispatchSourceRead
    private let readings = Readings()

    /// Creates a timer; `fired` and `clockChanged` run on `queue`. Call `arm(at:)` to start it. Clock steps
    /// below `minimumStep` nanoseconds do not run `clockChanged`.
    public init?(
        queue: DispatchQueue, minimumStep: Int64 = RealtimeTimer.defaultMinimumStep,
        fired: @escaping @Sendable () -> Void, clockChanged: @escaping @Sendable () -> Void
    ) {
        let fd = timerfd_create(CLOCK_REALTIME, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [fd, readings] in
            var expirations: UInt64 = 0
            if read(fd, &expirations, MemoryLayout<UInt64>.size) > 0 {
                fired()
            } else if errno == ECANCELED {
                let offset = RealtimeTimer.offset()
                let step = offset - readings.offset
                readings.offset = offset
                if step.magnitude >= minimumStep.magnitude {
                    clockChanged()
                } else {
                    // Armed again at the same second, which also re-arms the cancel-on-set report.
                    RealtimeTimer.set(fd, at: readings.deadline)
                }
            }
            // EAGAIN: re-armed since the expiry was signalled; nothing to do.
        }
        source.setCancelHandler { close(fd) }
        source.resume()
    }

    /// Arms the timer at epoch second `deadline` (a past one fires at once). With `nil` it is armed far in the
    /// future (about the year 2514), so that it still reports clock changes but never fires; returns false when
    /// the kernel refuses. Call it on the timer's queue.
    @discardableResult
    public func arm(at deadline: Int64?) -> Bool {
        readings.deadline = deadline
        return Self.set(fd, at: deadline)
    }

    /// Stops the timer and closes its descriptor.
    public func cancel() { source.cancel() }

    @discardableResult
    private static func set(_ fd: Int32, at deadline: Int64?) -> Bool {
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(max(deadline ?? Int64(Int32.max) * 4, 1))
        return timerfd_settime(fd, Int32(TFD_TIMER_ABSTIME) | Int32(TFD_TIMER_CANCEL_ON_SET), &spec, nil) == 0
    }

    /// The wall clock's distance from the monotonic clock, in nanoseconds: it changes only when the wall clock is
    /// set (or slewed, slowly).
    private static func offset() -> Int64 {
        var real = timespec()
        var mono = timespec()
        clock_gettime(CLOCK_MONOTONIC, &mono)
        clock_gettime(CLOCK_REALTIME, &real)
        return (Int64(real.tv_sec) - Int64(mono.tv_sec)) * 1_000_000_000 + Int64(real.tv_nsec) - Int64(mono.tv_nsec)
    }
}
