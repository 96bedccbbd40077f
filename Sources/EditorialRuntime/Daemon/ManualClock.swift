import Dispatch
import Synchronization

/// A clock that moves only when told, for tests (and dry runs): `advance(to:)` fires every timer whose deadline
/// comes on the way, in order, each on its queue and waited for, so a test drives days of plans in milliseconds
/// and sees exactly what a real daemon would do at each deadline; `set(to:)` is a wall-clock change (a timer then
/// reports it, as a timerfd with `TFD_TIMER_CANCEL_ON_SET` does). Call it from outside the timers' queues.
public final class ManualClock: Clock {
    private struct State {
        var now: Int64
        var timers: [ObjectIdentifier: Timer] = [:]
    }

    private let state: Mutex<State>

    /// A clock showing `now`.
    public init(now: Int64) { state = Mutex(State(now: now)) }

    /// The clock's time.
    public var now: Int64 { state.withLock { $0.now } }

    /// The clock's time.
    public func seconds() -> Int64 { now }

    /// The clock's time in nanoseconds (whole seconds: entries go out exactly on time).
    public func nanoseconds() -> Int64 { now * 1_000_000_000 }

    /// A timer that this clock fires.
    public func makeTimer(
        queue: DispatchQueue, fired: @escaping @Sendable () -> Void, clockChanged: @escaping @Sendable () -> Void
    ) -> (any DeadlineTimer)? {
        let timer = Timer(clock: self, queue: queue, fired: fired, clockChanged: clockChanged)
        state.withLock { $0.timers[ObjectIdentifier(timer)] = timer }
        return timer
    }

    /// Moves time forward to `target`, firing each timer whose deadline comes on the way (at its deadline, in
    /// order); also fires deadlines already reached. Returns how many times a timer fired.
    @discardableResult
    public func advance(to target: Int64) -> Int {
        var count = 0
        while true {
            let due: Timer? = state.withLock { s in
                guard
                    let timer = s.timers.values.filter({ ($0.deadline ?? .max) <= target }).min(by: {
                        $0.deadline! < $1.deadline!
                    })
                else { return nil }
                s.now = max(s.now, timer.deadline!)
                timer.deadline = nil
                return timer
            }
            guard let due else { break }
            due.queue.sync { due.fired() }
            count += 1
        }
        state.withLock { $0.now = max($0.now, target) }
        return count
    }

    /// Sets the clock to `time`, forward or back, as a person or NTP would: every timer reports the change, then
    /// deadlines reached fire.
    public func set(to time: Int64) {
        let timers = state.withLock { s in
            s.now = time
            for timer in s.timers.values { timer.deadline = nil }
            return Array(s.timers.values)
        }
        for timer in timers { timer.queue.sync { timer.clockChanged() } }
        advance(to: time)
    }

    private func remove(_ timer: Timer) {
        _ = state.withLock { $0.timers.removeValue(forKey: ObjectIdentifier(timer)) }
    }

    /// One timer of the clock; its deadline is guarded by the clock's lock.
    private final class Timer: DeadlineTimer, @unchecked Sendable {
        // `deadline` is read and written under the clock's lock only.
        var deadline: Int64?
        let queue: DispatchQueue
        let fired: @Sendable () -> Void
        let clockChanged: @Sendable () -> Void
        weak var clock: ManualClock?

        init(
            clock: ManualClock, queue: DispatchQueue, fired: @escaping @Sendable () -> Void,
            clockChanged: @escaping @Sendable () -> Void
        ) {
            self.clock = clock
            self.queue = queue
            self.fired = fired
            self.clockChanged = clockChanged
        }

        @discardableResult
        func arm(at deadline: Int64?) -> Bool {
            clock?.state.withLock { _ in self.deadline = deadline }
            return true
        }

        func cancel() { clock?.remove(self) }
    }
}
