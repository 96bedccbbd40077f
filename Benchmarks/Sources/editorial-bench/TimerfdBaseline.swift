import CTimerfd
import Dispatch
import Foundation
import Synchronization

/// The bare-loop reference for `lateness`: one thread, one `timerfd` on `CLOCK_REALTIME` armed with
/// `TFD_TIMER_ABSTIME` at each deadline in turn, a blocking `read`, then one `clock_gettime` per entry due at
/// that deadline. Nothing else (no formatting, no writing, no database): the machine's own wake-up latency.
final class TimerfdBaseline: Sendable {
    /// Deadlines in epoch nanoseconds, ascending, with how many entries are due at each.
    let deadlines: [(at: Int64, entries: Int)]
    private let results = Mutex<(entries: [Double], wakes: [Double])>(([], []))
    private let done = DispatchSemaphore(value: 0)

    /// A loop over `deadlines`; call ``start()`` to run it on its own thread.
    init(deadlines: [(at: Int64, entries: Int)]) {
        self.deadlines = deadlines
    }

    /// Runs the loop on a new thread.
    func start() {
        let thread = Thread { [self] in
            self.run()
            self.done.signal()
        }
        thread.start()
    }

    /// Waits for the loop to finish; the lateness of every entry and of every wake-up (its first entry), in µs.
    func wait() -> (entries: [Double], wakes: [Double]) {
        done.wait()
        return results.withLock { $0 }
    }

    private func run() {
        let fd = timerfd_create(CLOCK_REALTIME, Int32(TFD_CLOEXEC))
        guard fd >= 0 else { return }
        defer { close(fd) }
        var entries: [Double] = []
        var wakes: [Double] = []
        entries.reserveCapacity(deadlines.reduce(0) { $0 + $1.entries })
        for deadline in deadlines {
            var spec = itimerspec()
            spec.it_value.tv_sec = Int(deadline.at / 1_000_000_000)
            spec.it_value.tv_nsec = Int(deadline.at % 1_000_000_000)
            guard timerfd_settime(fd, Int32(TFD_TIMER_ABSTIME), &spec, nil) == 0 else { return }
            var expirations: UInt64 = 0
            while read(fd, &expirations, 8) < 0 && errno == EINTR {}
            for e in 0..<deadline.entries {
                let late = Double(Self.realtimeNanoseconds() - deadline.at) / 1_000
                if e == 0 { wakes.append(late) }
                entries.append(late)
            }
        }
        let (e, w) = (entries, wakes)
        results.withLock { $0 = (e, w) }
    }

    /// `CLOCK_REALTIME` in nanoseconds since the epoch.
    static func realtimeNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
