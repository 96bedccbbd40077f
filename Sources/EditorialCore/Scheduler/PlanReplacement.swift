/// The part of a reload that needs nothing from the scheduler's state: the new plan set's agenda and what changed
/// against the agenda in force. The daemon builds it off its queue, so that requests are answered while a million
/// posts are indexed and compared; `SchedulerDriver.replace(with:now:)` then puts it in force.
public struct PlanReplacement: Sendable {
    /// The new plan set's agenda.
    public let agenda: Agenda
    /// What changed: fixed items, and occurrences of the 30 days after the instant it was built for.
    public let changes: PlanChanges

    /// Builds the agenda of `planSet` and compares it with `old` (the agenda in force) from `now`.
    public init(planSet: PlanSet, replacing old: Agenda, now: Int64) {
        let agenda = Agenda(planSet: planSet, reusing: old)
        self.agenda = agenda
        changes = PlanChanges.between(old, agenda, from: now, to: now + PlanChanges.horizon)
    }
}
