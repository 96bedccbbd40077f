import Dispatch
import EditorialCore
import Foundation
import Logging

/// The scheduling loop: owns the scheduler and the one deadline timer, and performs each step — every entry to
/// the journal the moment the scheduler decides it, each appended to the `SentLog` right after, then one durable
/// store commit for the step. It also keeps the status snapshot (and its index) for replies and `STATUS=`, and
/// prunes fired keys once a day. Everything here runs on `queue`.
final class SchedulingLoop: @unchecked Sendable {
    // Every mutable property is touched only on `queue`.
    let queue: DispatchQueue
    let clock: any Clock
    let store: any StateStore
    let sentLog: SentLog
    let outlet: EventOutlet
    let logger: Logger
    /// The scheduler: agenda, recorded states, fired keys, announcements.
    private(set) var scheduler: Scheduler
    private var formatter: EventFormatter
    private var timer: (any DeadlineTimer)?
    /// When fired keys are pruned next.
    private(set) var nextPrune: Int64 = .min
    /// Where everything stands, for control requests; dropped whenever state changes.
    private var snapshot: StatusSnapshot?
    /// The agenda around now, indexed for snapshots; dropped on reload, recounted on state changes.
    private var statusIndex: StatusIndex?
    /// Runs after every step that the timer or a clock change caused (the daemon updates `STATUS=`).
    var stepped: (Int64) -> Void = { _ in }
    /// Which routes each event goes to (people come with the plans, so a reload replaces it).
    var router = DeliveryRouter(routes: [], people: [:])
    /// Runs after a commit that queued deliveries (the delivery worker looks at once).
    var queued: () -> Void = {}
    /// Hands a step's logged entries to the delivery worker, which stores their deliveries and then removes the
    /// sent-log file set aside for them (`DeliveryWorker.route`).
    var hand: ([SchedulerEvent], EventFormatter, DeliveryRouter, Int64, String, SentLog) -> Void = { _, _, _, _, _, _ in
    }
    /// Records the sent log kept from before a crash: their deliveries are queued at start (then the log is
    /// cleared), since the store has the firings but not what they queue.
    var replayed: [FiredRecord] = []
    /// Each person's next digest (instant and local day), for people with a digest time and a route taking it.
    private var digestNext: [String: (at: Int64, day: String)] = [:]
    /// The digests sent (their keys), so that none goes out twice.
    private var digestsSent: Set<String> = []
    /// Digests sent in this step: their records and events, committed and routed with the step.
    private var digestRecords: [FiredRecord] = []
    private var digestEvents: [DeliveryEvent] = []

    /// A loop over `scheduler` (not started).
    init(
        scheduler: Scheduler, queue: DispatchQueue, clock: any Clock, store: any StateStore, sentLog: SentLog,
        outlet: EventOutlet, logger: Logger
    ) {
        self.scheduler = scheduler
        self.queue = queue
        self.clock = clock
        self.store = store
        self.sentLog = sentLog
        self.outlet = outlet
        self.logger = logger
        formatter = EventFormatter(planSet: scheduler.agenda.planSet)
    }

    private var planSet: PlanSet { scheduler.agenda.planSet }

    /// The first step (catch-up, blocks), then the timer. The first pruning is due at once, so it runs at the
    /// timer's first expiry, after READY: deleting a year of old rows is not start-up work.
    func start() {
        dispatchPrecondition(condition: .onQueue(queue))
        let now = clock.seconds()
        digestsSent = Set(scheduler.fired.keys.filter { $0.hasPrefix("digest!") })
        deliverReplayed(now: now)
        planDigests(now: now)
        perform(scheduler.start(now: now), now: now)
        nextPrune = now
        timer = clock.makeTimer(
            queue: queue, fired: { [unowned self] in self.tick() },
            clockChanged: { [unowned self] in self.clockChanged() })
        if timer == nil { logger.critical("cannot create the deadline timer (timerfd): \(errnoText())") }
        arm()
    }

    /// The last step before the daemon stops; the timer is cancelled.
    func finish() {
        let now = clock.seconds()
        perform(scheduler.advance(to: now), now: now)
        timer?.cancel()
        timer = nil
    }

    /// The timer fired: fire what is due, prune when a day has passed, and re-arm.
    private func tick() {
        let now = clock.seconds()
        // Each entry goes out the moment the scheduler decides it; the step's record follows.
        var sent = 0
        let step = scheduler.advance(to: now) { event in
            send(event, now: now)
            sent += 1
        }
        sendDigests(now: now)
        perform(step, now: now, alreadySent: sent)
        if now >= nextPrune { prune(now: now) }
        arm()
        stepped(now)
    }

    /// The wall clock was set: re-plan from the new time (a jump back fires nothing again; forward catches up).
    private func clockChanged() {
        let now = clock.seconds()
        let before = scheduler.processedThrough ?? now
        let big = now > before + scheduler.configuration.gapThreshold || now < before
        let direction = now < before ? "back by \(EventFormatter.seconds(before - now))" : "forward"
        outlet.emit(
            JournalEntry(
                "The wall clock was set \(direction) (now \(localText(now)))"
                    + (now < before ? "; nothing already sent is sent again" : big ? "; catching up" : ""),
                priority: big ? .warning : .notice, messageID: .clockChanged,
                fields: [
                    JournalField("EDITORIAL_CLOCK_FROM", TimeText.utc(before)),
                    JournalField("EDITORIAL_CLOCK_TO", TimeText.utc(now)),
                ]))
        planDigests(now: now)
        perform(scheduler.advance(to: now), now: now, alreadySent: 0)
        // A clock set back a long way pushes the next pruning out of reach: a day from now at the latest.
        nextPrune = min(nextPrune, now + FiredRetention.interval)
        if now >= nextPrune { prune(now: now) }
        arm()
        stepped(now)
    }

    /// Arms the one timer at the scheduler's next deadline or the next pruning, whichever is first.
    private func arm() {
        // Always re-armed: one cheap syscall, and the timer is disarmed after every expiry or clock change anyway.
        var next = scheduler.nextDeadline.map { min($0, nextPrune) } ?? nextPrune
        if let digest = digestNext.values.map(\.at).min() { next = min(next, digest) }
        timer?.arm(at: next)
    }

    /// Swaps in a new plan set (a reload) at `now`: returns the step to perform (after the reload is journaled)
    /// and what changed.
    func replace(planSet new: PlanSet, now: Int64) -> (step: SchedulerStep, changes: PlanChanges) {
        let (step, changes) = scheduler.replace(agenda: Agenda(planSet: new), now: now)
        formatter = EventFormatter(planSet: new)
        router.people = new.people
        planDigests(now: now)
        snapshot = nil
        statusIndex = nil
        return (step, changes)
    }

    /// Tells the scheduler of a recorded change and performs what it decides (unblocked posts, a released
    /// snooze).
    func setState(_ state: ItemState, for id: String, now: Int64) {
        snapshot = nil
        let step = scheduler.setState(state, for: id, now: now)
        // Same items, new open counts: no re-expansion of the agenda for one changed item.
        statusIndex = statusIndex?.refreshed(for: scheduler)
        perform(step, now: now)
    }

    /// Performs a step and re-arms the timer.
    func perform(_ step: SchedulerStep, now: Int64) {
        perform(step, now: now, alreadySent: 0)
        arm()
    }

    /// Sends the step's entries (after the first `alreadySent`, which went out as they were decided), each
    /// appended to the `SentLog` right after it is sent — a crash in between repeats that one entry at most,
    /// with the same reminder key — then records the whole step in one durable store commit and clears the log.
    private func perform(_ step: SchedulerStep, now: Int64, alreadySent: Int) {
        for event in step.events.dropFirst(alreadySent) { send(event, now: now) }
        if let summary = step.catchUp { outlet.emit(catchUpEntry(summary)) }
        if !step.events.isEmpty || !step.firings.isEmpty || !step.announce.isEmpty || !step.unannounce.isEmpty {
            snapshot = nil
        }
        // Routing waits until every entry of the step is out, so routes never delay an entry. Blocks, unblocks and
        // digests (few, and not rebuildable from the sent log) get their deliveries in the step's commit; the
        // entries the sent log holds get theirs on the delivery queue, their log lines set aside until then.
        let logged = router.isEmpty ? [] : step.events.filter { $0.kind != .blocked && $0.kind != .unblocked }
        let here = router.isEmpty ? [] : step.events.filter { $0.kind == .blocked || $0.kind == .unblocked }
        let deliveries = stepDeliveries(here, now: now)
        digestEvents = []
        let batch = StoreBatch(
            fired: step.firings.map { record($0, now) } + digestRecords, announce: step.announce,
            unannounce: step.unannounce, lastProcessed: step.processedThrough)
        let digested = !digestRecords.isEmpty
        digestRecords = []
        guard save(batch, now: now, deliveries: deliveries) else { return }
        if deliveries.queued > 0 { queued() }
        guard !logged.isEmpty else {
            if !step.events.isEmpty || digested { sentLog.clear() }
            return
        }
        if let aside = sentLog.rotate() {
            hand(logged, formatter, router, now, aside, sentLog)
        } else {
            // The log could not be set aside: the deliveries are stored here, then the log is cleared.
            let mine = stepDeliveries(logged, now: now)
            if save(StoreBatch(), now: now, deliveries: mine) {
                sentLog.clear()
                if mine.queued > 0 { queued() }
            }
        }
    }

    /// The deliveries of a step's events and digests, computed lazily (and counted) as the store takes them.
    private func stepDeliveries(_ events: [SchedulerEvent], now: Int64) -> Deliveries {
        Deliveries.of(events, digests: digestEvents, formatter: formatter, router: router, now: now)
    }

    /// Queues the deliveries of the entries a crash left in the sent log (the store has their firings already),
    /// then clears the log. An item the plans no longer have queues nothing; a digest is worked out again.
    private func deliverReplayed(now: Int64) {
        guard !replayed.isEmpty else {
            // Empty files a crash set aside, if any.
            sentLog.clearAll()
            return
        }
        let records = replayed
        replayed = []
        var events: [SchedulerEvent] = []
        var lost = 0
        for r in records {
            if r.kind == "digest" {
                if let event = replayedDigest(r) { digestEvents.append(event) }
            } else if let event = SchedulerEvent(record: r, agenda: scheduler.agenda) {
                events.append(event)
            } else {
                lost += 1
            }
        }
        if lost > 0 && !router.isEmpty {
            logger.warning(
                "\(lost) entries sent before a crash are about items the plans no longer have: no deliveries")
        }
        let deliveries = stepDeliveries(events, now: now)
        digestEvents = []
        if save(StoreBatch(), now: now, deliveries: deliveries) {
            sentLog.clearAll()
            if deliveries.queued > 0 { queued() }
        }
    }

    /// A digest the sent log kept: its event again, from where things stand now.
    private func replayedDigest(_ r: FiredRecord) -> DeliveryEvent? {
        guard let at = r.key.lastIndex(of: "@") else { return nil }
        let person = String(r.key.dropFirst("digest!".count).prefix(upTo: at))
        let day = String(r.key[r.key.index(after: at)...])
        guard let p = router.people[person] else { return nil }
        let zone = digestZone(p)
        return DigestPlanner.event(
            for: p, zone: zone, at: r.scheduled, day: day, snapshot: snapshot(now: clock.seconds()),
            agenda: scheduler.agenda)
    }

    /// Sends one event's entry, then notes it in the sent log.
    private func send(_ event: SchedulerEvent, now: Int64) {
        var entry = formatter.entry(event)
        // How late the entry goes out relative to its instant: the firing-lateness benchmark reads it, and it
        // tells an operator whether the machine or the daemon lagged.
        let lateness = (clock.nanoseconds() - event.at * 1_000_000_000) / 1_000
        entry.fields.append(JournalField("EDITORIAL_LATENESS_USEC", String(lateness)))
        outlet.emit(entry)
        guard event.kind != .blocked && event.kind != .unblocked else { return }
        let record = FiredRecord(
            key: event.key, item: event.item.id, kind: event.kind.rawValue, scheduled: event.at, fired: now,
            catchUp: event.catchUp)
        if !sentLog.append(record) { save(StoreBatch(fired: [record]), now: now) }
    }

    // MARK: Digests

    /// A person's zone for digests: their own, else the team's, else UTC.
    private func digestZone(_ person: Person) -> ZoneRules {
        person.zone ?? planSet.teamZone ?? ZoneRules(identifier: "UTC")!
    }

    /// Works out each person's next digest from `now`: one missed earlier today (the daemon was down, or this is
    /// the first start) is due at once, else the next one.
    private func planDigests(now: Int64) {
        digestNext = [:]
        for person in router.people.values where router.wantsDigests(person) {
            guard let time = person.digest else { continue }
            let zone = digestZone(person)
            if let missed = DigestPlanner.missed(time, zone: zone, now: now),
                !digestsSent.contains(DigestPlanner.key(person: person.id, day: missed.day))
            {
                digestNext[person.id] = (now, missed.day)
            } else {
                digestNext[person.id] = DigestPlanner.next(time, zone: zone, after: now)
            }
        }
    }

    /// Sends the digests due at `now`: each one journal entry (a person with nothing to report gets none), noted
    /// in the sent log, recorded and routed with the step.
    private func sendDigests(now: Int64) {
        let due = digestNext.filter { $0.value.at <= now }
        guard !due.isEmpty else { return }
        let snap = snapshot(now: now)
        for (id, (at, day)) in due.sorted(by: { $0.key < $1.key }) {
            guard let person = router.people[id], let time = person.digest else {
                digestNext[id] = nil
                continue
            }
            let zone = digestZone(person)
            digestNext[id] = DigestPlanner.next(time, zone: zone, after: now)
            let key = DigestPlanner.key(person: id, day: day)
            guard digestsSent.insert(key).inserted else { continue }
            let record = FiredRecord(
                key: key, item: "", kind: "digest", scheduled: at, fired: now, catchUp: at < now - 60)
            guard
                let event = DigestPlanner.event(
                    for: person, zone: zone, at: at, day: day, snapshot: snap, agenda: scheduler.agenda)
            else {
                // Nothing to report: no entry, but the day's digest counts as done.
                digestRecords.append(record)
                continue
            }
            outlet.emit(
                JournalEntry(
                    ([event.message] + event.details.map { "  " + $0 }).joined(separator: "\n"), priority: .notice,
                    messageID: .digest,
                    fields: [
                        JournalField("EDITORIAL_EVENT", "digest"), JournalField("EDITORIAL_PERSON", id),
                        JournalField("EDITORIAL_OWNER", id), JournalField("EDITORIAL_REMINDER_KEY", key),
                        JournalField("EDITORIAL_DIGEST_LINES", String(event.details.count)),
                    ]))
            sentLog.append(record)
            digestRecords.append(record)
            digestEvents.append(event)
        }
    }

    private func record(_ f: Firing, _ now: Int64) -> FiredRecord {
        FiredRecord(
            key: f.key, item: f.item, kind: f.kind.rawValue, scheduled: f.scheduled, fired: now, catchUp: f.catchUp)
    }

    @discardableResult
    private func save(_ batch: StoreBatch, now: Int64, deliveries: Deliveries? = nil) -> Bool {
        do {
            if let deliveries, deliveries.make != nil {
                try store.commit(batch, at: now, deliveries: deliveries)
            } else {
                try store.commit(batch, at: now)
            }
            return true
        } catch {
            logger.error(
                "cannot record state in \(store.location): \(error); entries sent now may be sent again after a restart"
            )
            return false
        }
    }

    /// How long delivered and dead deliveries stay in the outbox (for `outbox` and `show`).
    static let deliveryRetention: Int64 = 7 * 86_400

    /// Drops fired keys the scheduler can no longer need (`FiredRetention`), from the store and from memory.
    private func prune(now: Int64) {
        let cutoff = scheduler.keepFiredSince(now: now)
        nextPrune = now + FiredRetention.interval
        do {
            let dropped = try store.pruneFired(scheduledBefore: cutoff)
            scheduler.forgetFired(before: cutoff)
            if dropped > 0 {
                logger.info("forgot \(dropped) fired reminder keys scheduled before \(TimeText.utc(cutoff))")
            }
            let deliveries = try store.pruneDeliveries(before: now - Self.deliveryRetention)
            if deliveries > 0 { logger.info("forgot \(deliveries) delivered or dead deliveries older than 7 days") }
        } catch {
            logger.error("cannot prune fired reminder keys in \(store.location): \(error)")
        }
    }

    private func catchUpEntry(_ s: CatchUpSummary) -> JournalEntry {
        let away = s.since.map { "after \(EventFormatter.seconds(s.until - $0)) away (since \(localText($0)))" }
        var message = "Caught up \(away ?? "on first start"): \(s.sent) missed reminder\(s.sent == 1 ? "" : "s") sent"
        if s.folded > 0 { message += ", \(s.folded) earlier stage\(s.folded == 1 ? "" : "s") folded into them" }
        if s.beyondHorizon > 0 {
            message +=
                ", \(s.beyondHorizon) older than the \(EventFormatter.seconds(scheduler.configuration.catchUpHorizon))"
                + " horizon not sent"
        }
        return JournalEntry(
            message, priority: .notice, messageID: .catchUp,
            fields: [
                JournalField("EDITORIAL_CATCH_UP_SENT", String(s.sent)),
                JournalField("EDITORIAL_CATCH_UP_FOLDED", String(s.folded)),
                JournalField("EDITORIAL_CATCH_UP_BEYOND_HORIZON", String(s.beyondHorizon)),
                JournalField("EDITORIAL_CATCH_UP_SINCE", s.since.map(TimeText.utc) ?? ""),
            ])
    }

    // MARK: Status

    /// The snapshot for `now`, recomputed when state changed or it expired. The index under it is expanded
    /// about once a day (a day of margin either side), or after a reload.
    func snapshot(now: Int64) -> StatusSnapshot {
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
    func summary(now: Int64) -> StatusSummary {
        let snap = snapshot(now: now)
        var summary = StatusSummary(
            plans: planSet.plans.count, upcoming: snap.upcoming, overdue: snap.overdueCount,
            blocked: snap.blocked.count)
        if let (kind, item, next) = scheduler.nextEvent {
            (summary.nextKind, summary.nextItem, summary.nextAt) = (kind, item, next)
        }
        return summary
    }

    /// An instant in the team's zone (the first plan's), else UTC, for messages.
    func localText(_ t: Int64) -> String { planSet.teamLocal(t).description }

    /// The agenda and recorded states in force, for the calendar publisher (copy-on-write: O(1) here).
    var calendarSnapshot: CalendarPublisher.Snapshot {
        dispatchPrecondition(condition: .onQueue(queue))
        return CalendarPublisher.Snapshot(agenda: scheduler.agenda, states: scheduler.states)
    }
}
