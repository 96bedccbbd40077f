import Dispatch
import EditorialCore
import Foundation
import Logging

/// The scheduling loop: owns the `SchedulerDriver` (the scheduler, digests, the status snapshot) and the one deadline
/// timer, and performs what the driver decides at each wake-up — every entry to the journal the moment it is
/// decided, each appended to the `SentLog` right after, then one durable store commit for the step, then the
/// routes. It also prunes fired keys once a day. Everything here runs on `queue`.
final class SchedulingLoop: @unchecked Sendable {
    // Every mutable property is touched only on `queue`.
    let queue: DispatchQueue
    let clock: any Clock
    let store: any StateStore
    let sentLog: SentLog
    let outlet: EventOutlet
    let logger: Logger
    /// What the daemon decides at each wake-up: the scheduler, digests, the status snapshot (a value: `simulate`
    /// runs a copy of it).
    private(set) var driver: SchedulerDriver
    private var timer: (any DeadlineTimer)?
    /// When fired keys are pruned next.
    private(set) var nextPrune: Int64 = .min
    /// Runs after every step that the timer or a clock change caused (the daemon updates `STATUS=`).
    var stepped: (Int64) -> Void = { _ in }
    /// Which routes each event goes to (people come with the plans, so a reload replaces them).
    var router: DeliveryRouter {
        get { driver.router }
        set { driver.router = newValue }
    }
    /// Runs after a commit that queued deliveries (the delivery worker looks at once).
    var queued: () -> Void = {}
    /// Hands a step's logged entries to the delivery worker, which stores their deliveries and then removes the
    /// sent-log file set aside for them (`DeliveryWorker.route`).
    var hand: ([SchedulerEvent], EventFormatter, DeliveryRouter, Int64, String, SentLog) -> Void = { _, _, _, _, _, _ in
    }
    /// Records the sent log kept from before a crash: their deliveries are queued at start (then the log is
    /// cleared), since the store has the firings but not what they queue.
    var replayed: [FiredRecord] = []
    /// Set when several daemons share the database: every stage is claimed through it before it is sent, and
    /// nothing is sent while it says this node does not lead.
    var gate: (any FiringGate)?
    /// Whether the loop fires (always, without a gate; only while leading, with one). An inactive loop keeps its
    /// scheduler for reads, its timer disarmed; a change it is told of updates the scheduler and sends nothing.
    private(set) var active = true

    /// A loop over `scheduler` (not started).
    init(
        scheduler: Scheduler, queue: DispatchQueue, clock: any Clock, store: any StateStore, sentLog: SentLog,
        outlet: EventOutlet, logger: Logger
    ) {
        driver = SchedulerDriver(scheduler: scheduler)
        self.queue = queue
        self.clock = clock
        self.store = store
        self.sentLog = sentLog
        self.outlet = outlet
        self.logger = logger
    }

    /// The scheduler: agenda, recorded states, fired keys, announcements.
    var scheduler: Scheduler { driver.scheduler }

    private var planSet: PlanSet { driver.planSet }

    /// The first step (catch-up, blocks), then the timer. The first pruning is due at once, so it runs at the
    /// timer's first expiry, after READY: deleting a year of old rows is not start-up work.
    func start() {
        dispatchPrecondition(condition: .onQueue(queue))
        let now = clock.seconds()
        deliverReplayed(now: now)
        run(now) { driver, emit in driver.start(now: now, emit: emit) }
        nextPrune = now
        makeTimer()
        arm()
    }

    /// Starts without firing (a node sharing its database, until it takes the lease): the entries a crash left in
    /// the sent log get their deliveries, the timer is made but not armed.
    func standby() {
        dispatchPrecondition(condition: .onQueue(queue))
        active = false
        deliverReplayed(now: clock.seconds())
        makeTimer()
        arm()
    }

    /// This node took the lease: the scheduler is the one read from the shared database now; the stages a former
    /// leader claimed but never recorded sent (`resend`) are sent again with their keys, then the first step
    /// catches up from where the former leader stopped, and the timer runs.
    func lead(_ scheduler: Scheduler, resend: [FiredRecord]) {
        dispatchPrecondition(condition: .onQueue(queue))
        replaceScheduler(scheduler)
        active = true
        let now = clock.seconds()
        if !resend.isEmpty { sendAgain(resend, now: now) }
        guard active else { return }
        run(now) { driver, emit in driver.start(now: now, emit: emit) }
        nextPrune = min(nextPrune, now + FiredRetention.interval)
        arm()
    }

    /// This node no longer leads: nothing more is sent, the timer is disarmed.
    func follow() {
        dispatchPrecondition(condition: .onQueue(queue))
        active = false
        arm()
    }

    /// A follower's scheduler, read again from the shared database (the leader committed, a node recorded a change).
    func refresh(_ scheduler: Scheduler) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !active else { return }
        replaceScheduler(scheduler)
    }

    private func replaceScheduler(_ scheduler: Scheduler) {
        driver = SchedulerDriver(scheduler: scheduler, router: driver.router, recipients: driver.recipients)
    }

    private func makeTimer() {
        timer = clock.makeTimer(
            queue: queue, fired: { [unowned self] in self.tick() },
            clockChanged: { [unowned self] in self.clockChanged() })
        if timer == nil { logger.critical("cannot create the deadline timer (timerfd): \(errnoText())") }
    }

    /// The last step before the daemon stops (none on a node that does not lead); the timer is cancelled.
    func finish() {
        let now = clock.seconds()
        if active { run(now) { driver, emit in driver.finish(now: now, emit: emit) } }
        timer?.cancel()
        timer = nil
    }

    /// The timer fired: fire what is due, prune when a day has passed, and re-arm.
    private func tick() {
        guard active else { return }
        let now = clock.seconds()
        // Each entry goes out the moment it is decided; the step's record follows.
        run(now) { driver, emit in driver.expire(at: now, emit: emit) }
        if now >= nextPrune { prune(now: now) }
        arm()
        stepped(now)
    }

    /// The wall clock was set: re-plan from the new time (a jump back fires nothing again; forward catches up).
    private func clockChanged() {
        guard active else {
            arm()
            return
        }
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
        run(now) { driver, emit in driver.clockChanged(now: now, emit: emit) }
        // A clock set back a long way pushes the next pruning out of reach: a day from now at the latest.
        nextPrune = min(nextPrune, now + FiredRetention.interval)
        if now >= nextPrune { prune(now: now) }
        arm()
        stepped(now)
    }

    /// Arms the one timer at the driver's next wake-up (a deadline or a digest) or the next pruning, whichever is
    /// first.
    private func arm() {
        // Always re-armed: one cheap syscall, and the timer is disarmed after every expiry or clock change anyway.
        guard active else {
            timer?.arm(at: nil)
            return
        }
        timer?.arm(at: driver.nextWake.map { min($0, nextPrune) } ?? nextPrune)
    }

    /// Puts a reload's new agenda (built off the queue) in force at `now`: returns the step to perform (after the
    /// reload is journaled).
    func replace(with replacement: PlanReplacement, now: Int64) -> SchedulerStep {
        driver.replace(with: replacement, now: now)
    }

    /// Tells the scheduler of a recorded change and performs what it decides (unblocked posts, a released
    /// snooze).
    func setState(_ state: ItemState, for id: String, now: Int64) {
        perform(driver.setState(state, for: id, now: now), now: now)
    }

    /// Performs a step (its entries, then its commit) and re-arms the timer.
    func perform(_ step: SchedulerStep, now: Int64) {
        run(now) { driver, emit in driver.performed(step, emit: emit) }
        arm()
    }

    /// Runs one of the driver's steps at `now`, sending each entry the moment the driver hands it out, then commits
    /// the step.
    private func run(_ now: Int64, _ body: (inout SchedulerDriver, (DriverOutput) -> Void) -> DriverStep) {
        // The entries are sent while the driver is being stepped: sending must not touch `driver`.
        let formatter = driver.formatter
        guard let gate else {
            let result = body(&driver) { emit($0, formatter: formatter, now: now) }
            commit(result, now: now)
            return
        }
        guard active else {
            // A follower's scheduler takes the change (for its reads); the leader sends what it causes.
            _ = body(&driver) { _ in }
            return
        }
        var claims = GatedStep(gate: gate, now: now)
        let result = body(&driver) { output in
            claims.pending.append(output)
            if claims.pending.count >= GatedStep.chunk { claims.flush { emit($0, formatter: formatter, now: now) } }
        }
        claims.flush { emit($0, formatter: formatter, now: now) }
        if let failure = claims.failure {
            // Nothing of this step is recorded: the next leader (this node, if it takes the lease again) reads the
            // database, where the stages not claimed are still due and those claimed but unsent are sent again.
            stepDown(failure)
            return
        }
        commit(claims.claimedPart(of: result), now: now)
    }

    /// Stops firing after a failure to claim or record, and tells the gate.
    private func stepDown(_ reason: String) {
        guard active else { return }
        active = false
        arm()
        gate?.stepDown(reason)
    }

    /// Sends again the stages a former leader claimed and never recorded sent, claimed anew by this node first.
    private func sendAgain(_ records: [FiredRecord], now: Int64) {
        guard let gate else { return }
        let formatter = driver.formatter
        let agenda = scheduler.agenda
        var claims = GatedStep(gate: gate, now: now, again: true)
        var events: [SchedulerEvent] = []
        for r in records {
            guard let event = SchedulerEvent(record: r, agenda: agenda) else { continue }
            events.append(event)
            claims.pending.append(.event(event))
        }
        claims.flush { emit($0, formatter: formatter, now: now) }
        if let failure = claims.failure {
            stepDown(failure)
            return
        }
        let sent = records.filter { claims.claimed.contains($0.key) }
        let deliveries = stepDeliveries(events.filter { claims.claimed.contains($0.key) }, now: now)
        if save(StoreBatch(fired: sent), now: now, deliveries: deliveries) {
            logger.notice("sent again \(sent.count) stages a former leader claimed and did not record as sent")
            if deliveries.queued > 0 { queued() }
        }
    }

    /// Sends one entry the driver decided: a scheduler event's or a digest's is appended to the `SentLog` right after
    /// it is sent, so a crash in between repeats that one entry at most, with the same reminder key.
    private func emit(_ output: DriverOutput, formatter: EventFormatter, now: Int64) {
        switch output {
        case .event(let event): send(event, formatter: formatter, now: now)
        case .digest(let digest, let entry):
            outlet.emit(entry)
            sentLog.append(digest.record(fired: now))
        case .catchUp(_, let entry): outlet.emit(entry)
        }
    }

    /// Records a step whose entries are out in one durable store commit and clears the log, then routes them.
    private func commit(_ result: DriverStep, now: Int64) {
        let step = result.step
        let digestRecords = result.digests.map { $0.record(fired: now) }
        // Routing waits until every entry of the step is out, so routes never delay an entry. Blocks, unblocks and
        // digests (few, and not rebuildable from the sent log) get their deliveries in the step's commit; the
        // entries the sent log holds get theirs on the delivery queue, their log lines set aside until then.
        let logged = router.isEmpty ? [] : step.events.filter { $0.kind != .blocked && $0.kind != .unblocked }
        let here = router.isEmpty ? [] : step.events.filter { $0.kind == .blocked || $0.kind == .unblocked }
        let deliveries = stepDeliveries(here, digests: result.digests.compactMap(\.event), now: now)
        let batch = StoreBatch(
            fired: step.firings.map { record($0, now) } + digestRecords, announce: step.announce,
            unannounce: step.unannounce, lastProcessed: step.processedThrough)
        let digested = !digestRecords.isEmpty
        guard save(batch, now: now, deliveries: deliveries) else { return }
        if deliveries.queued > 0 { queued() }
        guard !logged.isEmpty else {
            if !step.events.isEmpty || digested { sentLog.clear() }
            return
        }
        if let aside = sentLog.rotate() {
            hand(logged, driver.formatter, router, now, aside, sentLog)
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
    private func stepDeliveries(_ events: [SchedulerEvent], digests: [DeliveryEvent] = [], now: Int64) -> Deliveries {
        Deliveries.of(events, digests: digests, formatter: driver.formatter, router: router, now: now)
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
        var digests: [DeliveryEvent] = []
        var lost = 0
        for r in records {
            if r.kind == "digest" {
                if let event = replayedDigest(r) { digests.append(event) }
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
        let deliveries = stepDeliveries(events, digests: digests, now: now)
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
        return DigestPlanner.event(
            for: p, zone: driver.digestZone(p), at: r.scheduled, day: day, snapshot: snapshot(now: clock.seconds()),
            agenda: scheduler.agenda)
    }

    /// Sends one event's entry, then notes it in the sent log.
    private func send(_ event: SchedulerEvent, formatter: EventFormatter, now: Int64) {
        var entry = formatter.entry(event)
        // How late the entry goes out relative to its instant: the firing-lateness benchmark reads it, and it
        // tells an operator whether the machine or the daemon lagged.
        entry.fields.append(EventFormatter.lateness(event, nanoseconds: clock.nanoseconds()))
        outlet.emit(entry)
        guard event.kind != .blocked && event.kind != .unblocked else { return }
        let record = event.record(fired: now)
        if !sentLog.append(record) { save(StoreBatch(fired: [record]), now: now) }
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
            if gate != nil { stepDown("cannot record a step in the database: \(error)") }
            return false
        }
    }

    /// How long delivered and dead deliveries stay in the outbox (for `outbox` and `show`).
    static let deliveryRetention: Int64 = 7 * 86_400

    /// Drops fired keys the scheduler can no longer need (`FiredRetention`), from the store and from memory.
    private func prune(now: Int64) {
        let cutoff = driver.keepFiredSince(now: now)
        nextPrune = now + FiredRetention.interval
        do {
            let dropped = try store.pruneFired(scheduledBefore: cutoff)
            driver.forgetFired(before: cutoff)
            if dropped > 0 {
                logger.info("forgot \(dropped) fired reminder keys scheduled before \(TimeText.utc(cutoff))")
            }
            let deliveries = try store.pruneDeliveries(before: now - Self.deliveryRetention)
            if deliveries > 0 { logger.info("forgot \(deliveries) delivered or dead deliveries older than 7 days") }
        } catch {
            logger.error("cannot prune fired reminder keys in \(store.location): \(error)")
        }
    }

    // MARK: Status

    /// The snapshot for `now`, recomputed when state changed or it expired (`SchedulerDriver.snapshot(now:)`).
    func snapshot(now: Int64) -> StatusSnapshot { driver.snapshot(now: now) }

    /// The counts of `STATUS=` and the started entry, from the snapshot, with the next event.
    func summary(now: Int64) -> StatusSummary { driver.summary(now: now) }

    /// An instant in the team's zone (the first plan's), else UTC, for messages.
    func localText(_ t: Int64) -> String { planSet.teamLocal(t).description }

    /// The agenda and recorded states in force, for the calendar publisher (copy-on-write: O(1) here).
    var calendarSnapshot: CalendarPublisher.Snapshot {
        dispatchPrecondition(condition: .onQueue(queue))
        return CalendarPublisher.Snapshot(agenda: scheduler.agenda, states: scheduler.states)
    }
}
