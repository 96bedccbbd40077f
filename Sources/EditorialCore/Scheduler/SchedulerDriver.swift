/// The daemon's decisions from one wake-up to the next, without any I/O: it drives the `Scheduler` (the start, each
/// timer expiry, clock changes, reloads, state changes, the last step before a stop), works out each person's daily
/// digest, and hands out every entry to send, in the order the daemon sends them (`DriverOutput`), and what to record
/// (`DriverStep`). The daemon's `SchedulingLoop` performs them (journal, sent log, store, routes) and arms its timer
/// at `nextWake`; `Simulation` runs the same driver over a window for `editorialctl simulate`, so a dry run says what
/// the daemon does.
public struct SchedulerDriver: Sendable {
    /// The scheduler: agenda, recorded states, fired keys, announcements.
    public private(set) var scheduler: Scheduler
    /// The formatter of the plans in force.
    public private(set) var formatter: EventFormatter
    /// Which routes each event goes to; its people are the plans' (a reload replaces them).
    public var router: DeliveryRouter
    /// Who gets daily digests.
    public var recipients: DigestRecipients
    /// Each person's next digest (instant and local day), for people who get one.
    private var digestNext: [String: (at: Int64, day: String)] = [:]
    /// The digests sent (their keys, with the instant each was due), so that none goes out twice.
    private var digestsSent: [String: Int64]
    /// Where everything stands, for control requests and digests; dropped whenever state changes.
    private var snapshot: StatusSnapshot?
    /// The agenda around now, indexed for snapshots; dropped on reload, recounted on state changes.
    private var statusIndex: StatusIndex?

    /// A driver over `scheduler` (not started); the digests already recorded are among its fired keys
    /// (`digest!PERSON@DAY`).
    public init(
        scheduler: Scheduler, router: DeliveryRouter = DeliveryRouter(routes: [], people: [:]),
        recipients: DigestRecipients = .routed
    ) {
        self.scheduler = scheduler
        self.router = router
        self.recipients = recipients
        formatter = EventFormatter(planSet: scheduler.agenda.planSet)
        digestsSent = scheduler.fired.filter { $0.key.hasPrefix("digest!") }
    }

    /// The plans in force.
    public var planSet: PlanSet { scheduler.agenda.planSet }

    /// When the daemon must wake next: the scheduler's next deadline or the next digest, whichever comes first;
    /// `nil` when nothing more is scheduled.
    public var nextWake: Int64? {
        let digest = digestNext.values.map(\.at).min()
        guard let deadline = scheduler.nextDeadline else { return digest }
        return digest.map { min($0, deadline) } ?? deadline
    }

    // MARK: Steps

    /// The first step: the catch-up since the stored `processedThrough` and what is blocked now. The daemon's first
    /// timer expiry follows at the same instant (it sends the digests missed earlier today).
    public mutating func start(now: Int64, emit: (DriverOutput) -> Void) -> DriverStep {
        planDigests(now: now)
        return performed(scheduler.start(now: now), emit: emit)
    }

    /// A timer expiry at `now`: each stage's entry the moment the scheduler decides it, then the digests due, then
    /// the rest of a catch-up and its summary.
    public mutating func expire(at now: Int64, emit: (DriverOutput) -> Void) -> DriverStep {
        var sent = 0
        let step = scheduler.expire(at: now) { event in
            emit(.event(event))
            sent += 1
        }
        let digests = sendDigests(now: now, emit: emit)
        var result = performed(step, alreadySent: sent, emit: emit)
        result.digests = digests
        return result
    }

    /// The wall clock was set to `now`: digests are planned again, and the scheduler catches up (forward) or sends
    /// nothing again (back).
    public mutating func clockChanged(now: Int64, emit: (DriverOutput) -> Void) -> DriverStep {
        planDigests(now: now)
        return performed(scheduler.advance(to: now), emit: emit)
    }

    /// The last step before the daemon stops at `now`.
    public mutating func finish(now: Int64, emit: (DriverOutput) -> Void) -> DriverStep {
        performed(scheduler.expire(at: now), emit: emit)
    }

    /// Swaps in a new plan set (a reload) at `now`: returns the step to perform (after the reload is journaled, with
    /// `performed`) and what changed.
    public mutating func replace(planSet new: PlanSet, now: Int64) -> (step: SchedulerStep, changes: PlanChanges) {
        let replacement = PlanReplacement(planSet: new, replacing: scheduler.agenda, now: now)
        return (replace(with: replacement, now: now), replacement.changes)
    }

    /// Puts a reload built off the queue in force at `now`: returns the step to perform, as `replace(planSet:now:)`.
    public mutating func replace(with replacement: PlanReplacement, now: Int64) -> SchedulerStep {
        let step = scheduler.install(replacement.agenda, now: now)
        formatter = EventFormatter(planSet: replacement.agenda.planSet)
        router.people = replacement.agenda.planSet.people
        planDigests(now: now)
        snapshot = nil
        statusIndex = nil
        return step
    }

    /// Tells the scheduler of a recorded change; returns the step to perform (unblocked posts, a released snooze).
    public mutating func setState(_ state: ItemState, for id: String, now: Int64) -> SchedulerStep {
        snapshot = nil
        let step = scheduler.setState(state, for: id, now: now)
        // Same items, new open counts: no re-expansion of the agenda for one changed item.
        statusIndex = statusIndex?.refreshed(for: scheduler)
        return step
    }

    /// Hands out a step's entries (after the first `alreadySent`, handed out as they were decided), then the summary
    /// of its catch-up.
    public mutating func performed(_ step: SchedulerStep, alreadySent: Int = 0, emit: (DriverOutput) -> Void)
        -> DriverStep
    {
        for event in step.events.dropFirst(alreadySent) { emit(.event(event)) }
        if let summary = step.catchUp {
            emit(.catchUp(summary, formatter.catchUpEntry(summary, horizon: scheduler.configuration.catchUpHorizon)))
        }
        if !step.isEmpty { snapshot = nil }
        return DriverStep(step: step)
    }

    // MARK: Fired keys

    /// Fired keys scheduled before this instant may be forgotten now (see `FiredRetention`).
    public func keepFiredSince(now: Int64) -> Int64 { scheduler.keepFiredSince(now: now) }

    /// Forgets fired keys scheduled before `instant` (the store drops the same rows).
    public mutating func forgetFired(before instant: Int64) { scheduler.forgetFired(before: instant) }

    /// What the store holds after the last step: fired keys and digests scheduled at or after `since` (as a start
    /// loads them), recorded states, announcements and the last moment processed.
    public func stored(keepingSince since: Int64) -> StoredState {
        var fired = scheduler.fired.filter { $0.value >= since }
        for (key, at) in digestsSent where at >= since { fired[key] = at }
        return StoredState(
            fired: fired, states: scheduler.states, announced: scheduler.announced,
            processedThrough: scheduler.processedThrough)
    }

    /// The driver a daemon started at `now` after this one stopped builds from the store: a new scheduler over the
    /// same plans with the fired keys it keeps (`FiredRetention`); snoozed stages are found again by its catch-up.
    public func restarted(at now: Int64) -> SchedulerDriver {
        let agenda = scheduler.agenda
        let since = FiredRetention.keepSince(now: now, agenda: agenda, configuration: scheduler.configuration)
        let fresh = Scheduler(
            agenda: agenda, configuration: scheduler.configuration, stored: stored(keepingSince: since))
        return SchedulerDriver(scheduler: fresh, router: router, recipients: recipients)
    }

    // MARK: Digests

    /// A person's zone for digests: their own, else the team's, else UTC.
    public func digestZone(_ person: Person) -> ZoneRules { Self.digestZone(person, in: planSet) }

    /// A person's zone for digests under `planSet`: their own, else the team's, else UTC.
    public static func digestZone(_ person: Person, in planSet: PlanSet) -> ZoneRules {
        person.zone ?? planSet.teamZone ?? ZoneRules(identifier: "UTC")!
    }

    /// Whether `person` gets a daily digest.
    private func wantsDigest(_ person: Person) -> Bool {
        switch recipients {
        case .routed: router.wantsDigests(person)
        case .everyone: person.digest != nil
        }
    }

    /// Works out each person's next digest from `now`: one missed earlier today (the daemon was down, or this is
    /// the first start) is due at once, else the next one.
    private mutating func planDigests(now: Int64) {
        digestNext = [:]
        for person in router.people.values where wantsDigest(person) {
            guard let time = person.digest else { continue }
            let zone = digestZone(person)
            if let missed = DigestPlanner.missed(time, zone: zone, now: now),
                digestsSent[DigestPlanner.key(person: person.id, day: missed.day)] == nil
            {
                digestNext[person.id] = (now, missed.day)
            } else {
                digestNext[person.id] = DigestPlanner.next(time, zone: zone, after: now)
            }
        }
    }

    /// The digests due at `now`, each handed out as an entry when it has something to report (a person with nothing
    /// to report gets none, but the day's digest counts as done).
    private mutating func sendDigests(now: Int64, emit: (DriverOutput) -> Void) -> [DigestSend] {
        let due = digestNext.filter { $0.value.at <= now }
        guard !due.isEmpty else { return [] }
        // The status at this very instant: a snapshot reused from earlier would make the digest depend on when
        // someone last asked.
        if let cached = snapshot, cached.now != now { snapshot = nil }
        let snap = snapshot(now: now)
        var sent: [DigestSend] = []
        for (id, (at, day)) in due.sorted(by: { $0.key < $1.key }) {
            guard let person = router.people[id], let time = person.digest else {
                digestNext[id] = nil
                continue
            }
            let zone = digestZone(person)
            digestNext[id] = DigestPlanner.next(time, zone: zone, after: now)
            let key = DigestPlanner.key(person: id, day: day)
            guard digestsSent[key] == nil else { continue }
            digestsSent[key] = at
            let event = DigestPlanner.event(
                for: person, zone: zone, at: at, day: day, snapshot: snap, agenda: scheduler.agenda)
            let digest = DigestSend(key: key, person: id, at: at, event: event)
            if let event { emit(.digest(digest, formatter.digestEntry(event, person: id))) }
            sent.append(digest)
        }
        return sent
    }

    // MARK: Status

    /// The snapshot for `now`, recomputed when state changed or it expired. The index under it is expanded
    /// about once a day (a day of margin either side), or after a reload.
    public mutating func snapshot(now: Int64) -> StatusSnapshot {
        if let snapshot, now >= snapshot.now, now < snapshot.validUntil { return snapshot }
        let (start, end) = planSet.teamDay(containing: now)
        let window = StatusSnapshot.window(now: now, dayStart: start, dayEnd: end)
        if statusIndex.map({ $0.span.lowerBound > window.lowerBound || $0.span.upperBound < window.upperBound })
            ?? true
        {
            let span = (window.lowerBound - 86_400)..<(window.upperBound + 86_400)
            statusIndex = StatusIndex(of: scheduler, span: span)
        }
        let fresh = StatusSnapshot(of: scheduler, now: now, dayStart: start, dayEnd: end, index: statusIndex)
        snapshot = fresh
        return fresh
    }

    /// The counts of `STATUS=` and the started entry, from the snapshot, with the next event.
    public mutating func summary(now: Int64) -> StatusSummary {
        let snap = snapshot(now: now)
        var summary = StatusSummary(
            plans: planSet.plans.count, upcoming: snap.upcoming, overdue: snap.overdueCount,
            blocked: snap.blocked.count)
        if let (kind, item, next) = scheduler.nextEvent {
            (summary.nextKind, summary.nextItem, summary.nextAt) = (kind, item, next)
        }
        return summary
    }
}
