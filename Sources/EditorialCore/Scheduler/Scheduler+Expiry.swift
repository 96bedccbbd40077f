extension Scheduler {
    /// Moves time to `now` at a timer expiry (or the last step before a stop), as `advance(to:sending:)` does, except
    /// that the quiet stretch before the next deadline is not a gap: the daemon slept through it on purpose, and
    /// nothing was due in it. A gap is then counted from the first deadline missed, so a wake-up at its deadline after
    /// a quiet night sends its stages as usual, and only one that comes more than `gapThreshold` after a deadline (a
    /// stopped process, a starved machine) catches up.
    public mutating func expire(at now: Int64, sending: (SchedulerEvent) -> Void = { _ in }) -> SchedulerStep {
        if let through = processedThrough, now > through {
            // Stages are materialized up to the next deadline, so none lies in (through, next).
            let quietUntil = nextDeadline.map { $0 - 1 } ?? now
            processedThrough = max(through, min(now, quietUntil))
        }
        return advance(to: now, sending: sending)
    }
}
