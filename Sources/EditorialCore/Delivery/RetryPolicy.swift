/// When to try a failed delivery again, and when to give it up: exponential backoff with "equal jitter" (half the
/// delay fixed, half random, so that deliveries failed together do not all come back together), a receiver's
/// `Retry-After` honoured, a bound on attempts and on the time since the delivery was queued.
public struct RetryPolicy: Hashable, Sendable {
    /// The delay after the first failed attempt, in seconds (at least 1 is used).
    public var initial: Int64
    /// The longest backoff delay, in seconds (a receiver's `Retry-After` may ask for more).
    public var maximum: Int64
    /// Seconds after the delivery was queued past which no attempt is made: the delivery is dead.
    public var giveUpAfter: Int64
    /// The number of attempts after which the delivery is dead.
    public var maxAttempts: Int

    /// A policy; the defaults retry after 30 s, 1 min, 2 min, … up to hourly, for at most a day and 20 attempts.
    public init(initial: Int64 = 30, maximum: Int64 = 3600, giveUpAfter: Int64 = 86400, maxAttempts: Int = 20) {
        self.initial = initial
        self.maximum = maximum
        self.giveUpAfter = giveUpAfter
        self.maxAttempts = maxAttempts
    }

    /// The backoff ceiling after attempt `n` (1 for the first): `min(maximum, initial × 2^(n−1))`, at least 1 s.
    public func ceiling(afterAttempt n: Int) -> Int64 {
        let base = max(initial, 1)
        let cap = max(maximum, base)
        let doublings = max(n, 1) - 1
        // Once initial × 2^doublings would pass the cap (or overflow), the cap it is.
        guard doublings < 63, base <= cap >> Int64(doublings) else { return cap }
        return min(cap, base << Int64(doublings))
    }

    /// Seconds to wait after attempt `n` (1 for the first) failed: with `d` the `ceiling(afterAttempt:)`, uniform in
    /// `[⌈d/2⌉, d]`; when the receiver sent `Retry-After`, `max(retryAfter, 1)` instead, even above `maximum`
    /// (`nextAttempt` still gives up at `giveUpAfter`).
    public func delay(afterAttempt n: Int, retryAfter: Int64?, random: inout some RandomNumberGenerator) -> Int64 {
        if let retryAfter { return max(retryAfter, 1) }
        let d = ceiling(afterAttempt: n)
        let low = d - d / 2
        return Int64.random(in: low...d, using: &random)
    }

    /// The instant (Unix seconds) of the next attempt of a delivery queued at `queuedAt` that has failed `attempts`
    /// times, the last at `now`; nil when the delivery is dead: `attempts` reached `maxAttempts`, or the next attempt
    /// would fall after `queuedAt + giveUpAfter`. With no attempt made yet, the next one is `now`.
    public func nextAttempt(
        queuedAt: Int64, attempts: Int, now: Int64, retryAfter: Int64?, random: inout some RandomNumberGenerator
    ) -> Int64? {
        guard attempts < maxAttempts else { return nil }
        let (deadline, unbounded) = queuedAt.addingReportingOverflow(giveUpAfter)
        guard attempts > 0 else { return now > deadline && !unbounded ? nil : now }
        let wait = delay(afterAttempt: attempts, retryAfter: retryAfter, random: &random)
        // An instant past Int64's range is past any deadline.
        let (next, overflow) = now.addingReportingOverflow(wait)
        guard !overflow, unbounded || next <= deadline else { return nil }
        return next
    }
}
