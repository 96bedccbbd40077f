/// The daemon's one timer: armed at an absolute epoch second, it runs its `fired` handler when that second comes,
/// or its `clockChanged` handler when the wall clock is set, and is then disarmed until armed again. A `Clock`
/// makes it: `RealtimeTimer` (a timerfd) for the wall clock, `ManualClock`'s for tests.
public protocol DeadlineTimer: AnyObject, Sendable {
    /// Arms the timer at epoch second `deadline` (a past one fires at once); `nil` arms it so far ahead that it
    /// only reports clock changes. False when the system refuses.
    @discardableResult func arm(at deadline: Int64?) -> Bool
    /// Stops the timer for good.
    func cancel()
}
