import Dispatch
import EditorialCore
import Foundation
import Logging

/// The running daemon: a serial queue owns all state; one wall-clock timer (`DeadlineTimer`) is armed at the
/// scheduler's next deadline and also reports clock changes; signal sources stop (TERM, INT) and reload (HUP).
/// Nothing polls: with nothing due the process sleeps (the watchdog ping aside, when systemd asks for one).
public final class Daemon: @unchecked Sendable {
    // Every mutable property below is touched only on `queue`.
    /// The queue that owns the state.
    public let queue = DispatchQueue(label: "editoriald.scheduler")
    let config: DaemonConfig
    let journal: Journal
    let notifier: Notifier
    let store: StateStore
    let sentLog: SentLog
    /// Parsed plan files by content: a reload parses only what changed.
    let parseCache = ParseCache()
    /// Held with `flock` for the daemon's lifetime: one daemon per state directory.
    let lockFD: Int32
    let logger: Logger
    var scheduler: Scheduler
    var formatter: EventFormatter
    /// The plan set running now, and when it was loaded.
    var current: PlanLoad
    var loadedAt: Int64
    /// The last rejected reload, if the plans on disk are broken now.
    var rejected: PlanLoad?
    let startedAt: Int64
    var timer: DeadlineTimer?
    var watchdogTimer: DispatchSourceTimer?
    var signalSources: [DispatchSourceSignal] = []
    var control: ControlServer?
    /// Where everything stands, for control requests; dropped whenever state changes.
    var snapshot: StatusSnapshot?
    /// The agenda around now, indexed for snapshots; dropped on reload and on state changes.
    var statusIndex: StatusIndex?
    /// Acknowledged reminder keys and when.
    var acknowledged: [String: Int64]

    /// Opens the state, loads the plans and builds the scheduler; nothing runs until `start()`.
    public init(config: DaemonConfig, journal: Journal, notifier: Notifier, logger: Logger) throws {
        self.config = config
        self.journal = journal
        self.notifier = notifier
        self.logger = logger
        store = try StateStore(directory: config.stateDirectory)
        // Two daemons on one state directory would both send every reminder: the second one refuses to start.
        lockFD = open(config.stateDirectory + "/editoriald.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0, flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
            throw DaemonError(
                "another editoriald is already running on the state directory \(config.stateDirectory)"
                    + " (\(errnoText()))")
        }
        let now = WallClock.seconds()
        sentLog = try SentLog(directory: config.stateDirectory)
        // Entries sent just before a crash, whose step was never committed: they count as fired.
        try sentLog.replay(into: store, at: now)
        startedAt = now
        let load = PlanLoader.load(
            directory: config.plansDirectory, defaultReminders: config.reminders, cache: parseCache)
        current =
            load.accepted
            ? load : PlanLoad(planSet: PlanSet(plans: []), files: [], errors: [], warnings: [], seconds: 0)
        rejected = load.accepted ? nil : load
        loadedAt = now
        acknowledged = try store.acknowledgements()
        formatter = EventFormatter(planSet: current.planSet)
        let horizonStart = now - config.catchUpHorizon - 40 * 86_400
        let stored = StoredState(
            fired: try store.firedSchedule(since: horizonStart), states: try store.itemStates(),
            announced: try store.announcedBlocked(), processedThrough: try store.lastProcessed())
        scheduler = Scheduler(agenda: Agenda(planSet: current.planSet), configuration: config.scheduler, stored: stored)
    }

    /// Starts everything on the queue: catch-up, the timer, signals, the clock watch, the watchdog, the control
    /// socket; then tells systemd it is ready.
    public func start() {
        queue.async { self.startOnQueue() }
    }

    private func startOnQueue() {
        let now = WallClock.seconds()
        if let rejected { reportRejected(rejected, atStart: true) }
        for warning in current.warnings.prefix(20) { logger.warning("\(warning.description)") }
        if current.warnings.count > 20 {
            logger.warning("\(current.warnings.count - 20) more plan warnings: editorialctl check shows them all")
        }
        let step = scheduler.start(now: now)
        perform(step, now: now)
        timer = DeadlineTimer(
            queue: queue, fired: { [unowned self] in self.tick() },
            clockChanged: { [unowned self] in self.clockChanged() })
        if timer == nil { logger.critical("cannot create the deadline timer (timerfd): \(errnoText())") }
        arm()
        installSignals()
        startWatchdog()
        startControl()
        // Counting builds the status index, before READY: the first request should not pay for it.
        let summary = countedSummary(now: now)
        emit(
            JournalEntry(
                "editoriald \(EditorialdVersion.current) started: \(current.planSet.plans.count) plans from "
                    + "\(current.files.count) files in \(config.plansDirectory) (\(String(format: "%.2f", current.seconds)) s)"
                    + ", state in \(config.stateDirectory); \(summary.line(instant: localInstant))",
                priority: .info, messageID: .started,
                fields: [
                    JournalField("EDITORIAL_PLANS", String(current.planSet.plans.count)),
                    JournalField("EDITORIAL_VERSION", EditorialdVersion.current),
                ]))
        notifier.ready()
        updateStatus(now: now, summary: summary)
    }

    /// The timer fired: fire what is due and re-arm.
    private func tick() {
        let now = WallClock.seconds()
        // Each entry goes out the moment the scheduler decides it; the step's record follows.
        var sent = 0
        let step = scheduler.advance(to: now) { event in
            send(event, now: now)
            sent += 1
        }
        perform(step, now: now, alreadySent: sent)
        arm()
        updateStatus(now: now)
    }

    /// The wall clock was set: re-plan from the new time (a jump back fires nothing again; forward catches up).
    private func clockChanged() {
        let now = WallClock.seconds()
        let before = scheduler.processedThrough ?? now
        let big = now > before + scheduler.configuration.gapThreshold || now < before
        let direction = now < before ? "back by \(EventFormatter.seconds(before - now))" : "forward"
        emit(
            JournalEntry(
                "The wall clock was set \(direction) (now \(localInstant(now)))"
                    + (now < before ? "; nothing already sent is sent again" : big ? "; catching up" : ""),
                priority: big ? .warning : .notice, messageID: .clockChanged,
                fields: [
                    JournalField("EDITORIAL_CLOCK_FROM", TimeText.utc(before)),
                    JournalField("EDITORIAL_CLOCK_TO", TimeText.utc(now)),
                ]))
        let step = scheduler.advance(to: now)
        perform(step, now: now)
        arm()
        updateStatus(now: now)
    }

    /// Arms the one timer at the scheduler's next deadline (disarmed when nothing is scheduled).
    func arm() {
        // Always re-armed: one cheap syscall, and the timer is disarmed after every expiry or clock change anyway.
        timer?.arm(at: scheduler.nextDeadline)
    }

    /// Sends the step's entries (after the first `alreadySent`, which went out as they were decided), each
    /// appended to the `SentLog` right after it is sent — a crash in between repeats that one entry at most,
    /// with the same reminder key — then records the whole step in one durable store commit and clears the log.
    func perform(_ step: SchedulerStep, now: Int64, alreadySent: Int = 0) {
        for event in step.events.dropFirst(alreadySent) { send(event, now: now) }
        if let summary = step.catchUp { emit(catchUpEntry(summary)) }
        if !step.events.isEmpty || !step.firings.isEmpty || !step.announce.isEmpty || !step.unannounce.isEmpty {
            snapshot = nil
        }
        let batch = StoreBatch(
            fired: step.firings.map { record($0, now) }, announce: step.announce, unannounce: step.unannounce,
            lastProcessed: step.processedThrough)
        if save(batch, now: now) && !step.events.isEmpty { sentLog.clear() }
    }

    /// Sends one event's entry, then notes it in the sent log.
    func send(_ event: SchedulerEvent, now: Int64) {
        var entry = formatter.entry(event)
        // How late the entry goes out relative to its instant: the firing-lateness benchmark reads it, and it
        // tells an operator whether the machine or the daemon lagged.
        let lateness = (WallClock.nanoseconds() - event.at * 1_000_000_000) / 1_000
        entry.fields.append(JournalField("EDITORIAL_LATENESS_USEC", String(lateness)))
        emit(entry)
        guard event.kind != .blocked && event.kind != .unblocked else { return }
        let record = FiredRecord(
            key: event.key, item: event.item.id, kind: event.kind.rawValue, scheduled: event.at, fired: now,
            catchUp: event.catchUp)
        if !sentLog.append(record) { save(StoreBatch(fired: [record]), now: now) }
    }

    private func record(_ f: Firing, _ now: Int64) -> FiredRecord {
        FiredRecord(
            key: f.key, item: f.item, kind: f.kind.rawValue, scheduled: f.scheduled, fired: now, catchUp: f.catchUp)
    }

    @discardableResult
    private func save(_ batch: StoreBatch, now: Int64) -> Bool {
        do {
            try store.commit(batch, at: now)
            return true
        } catch {
            logger.error(
                "cannot record state in \(store.path): \(error); entries sent now may be sent again after a restart")
            return false
        }
    }

    private func catchUpEntry(_ s: CatchUpSummary) -> JournalEntry {
        let away = s.since.map { "after \(EventFormatter.seconds(s.until - $0)) away (since \(localInstant($0)))" }
        var message = "Caught up \(away ?? "on first start"): \(s.sent) missed reminder\(s.sent == 1 ? "" : "s") sent"
        if s.folded > 0 { message += ", \(s.folded) earlier stage\(s.folded == 1 ? "" : "s") folded into them" }
        if s.beyondHorizon > 0 {
            message +=
                ", \(s.beyondHorizon) older than the \(EventFormatter.seconds(config.catchUpHorizon)) horizon "
                + "not sent"
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

    /// Sends an entry to the journal and, as an event, to `watch` clients.
    func emit(_ entry: JournalEntry) {
        journal.send(entry)
        guard let control, control.hasWatchers else { return }
        control.broadcast(WatchEvent.json(entry, at: WallClock.seconds()))
    }

    /// `STATUS=` for systemctl status; `known` is a summary already computed for `now`. The counts come from
    /// the status snapshot (a few binary searches into its index), so this is cheap after every step.
    func updateStatus(now: Int64, summary known: StatusSummary? = nil) {
        var line = (known ?? countedSummary(now: now)).line(instant: localInstant)
        if let rejected { line += "; plans on disk rejected (\(rejected.errors.count) errors)" }
        notifier.status(line)
    }

    /// The counts of `STATUS=` and the started entry, from the status snapshot, with the next event.
    func countedSummary(now: Int64) -> StatusSummary {
        let snap = currentSnapshot(now: now)
        var summary = StatusSummary(
            plans: current.planSet.plans.count, upcoming: snap.upcoming, overdue: snap.overdueCount,
            blocked: snap.blocked.count)
        if let (kind, item, next) = scheduler.nextEvent {
            (summary.nextKind, summary.nextItem, summary.nextAt) = (kind, item, next)
        }
        return summary
    }

    /// An instant in the zone of the first plan (the team's zone), else UTC.
    func localInstant(_ t: Int64) -> String {
        guard let zone = current.planSet.plans.first?.zone else { return TimeText.utc(t) }
        return TimeText.local(t, offset: zone.offset(atUTC: t))
    }
}

/// The text of the current `errno`.
func errnoText() -> String { String(cString: strerror(errno)) }
