/// How long fired keys are kept, in the store and in the scheduler's memory: what the scheduler can still
/// need, and no more. A key is kept while its stage's instant is at or after
///
///     now − (clock look-back + catch-up horizon + longest lead time + margin)
///
/// - the clock look-back: a wall clock set back by up to this much sends nothing again (the stages between the
///   new and the old time are recognised by their fired keys);
/// - the catch-up horizon: what a catch-up could still send is younger than that anyway;
/// - the longest lead time (with the scheduler's two days of margin for calendar days): an item due inside the
///   window keeps the records of all its stages, its earliest reminder included, so `show` and `ack` of it stay
///   complete;
/// - a day of margin.
///
/// Older keys are dropped from the state store right after start and then once a day; the scheduler loads only
/// kept keys.
public enum FiredRetention {
    /// The longest clock step back that is guaranteed to send nothing again.
    public static let clockLookBack: Int64 = 40 * 86_400
    /// Slack on top.
    public static let margin: Int64 = 86_400
    /// How often the store is pruned.
    public static let interval: Int64 = 86_400

    /// Fired keys scheduled before the returned instant may be forgotten at `now`.
    public static func keepSince(now: Int64, reach: Int64, configuration: SchedulerConfiguration) -> Int64 {
        now - clockLookBack - configuration.catchUpHorizon - reach - margin
    }

    /// The same for a scheduler not built yet: the reach is the agenda's.
    public static func keepSince(now: Int64, agenda: Agenda, configuration: SchedulerConfiguration) -> Int64 {
        keepSince(now: now, reach: Scheduler.bounds(of: agenda, configuration).reach, configuration: configuration)
    }
}
