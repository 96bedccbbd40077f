import CSystemd
import Dispatch
import EditorialCore
import Foundation
import Logging
import Synchronization

/// The running daemon, wired from small parts that each own one thing: the `SchedulingLoop` (the scheduler and
/// its timer), the `ChangeApplier` (store writes and audit rows), the `ControlBridge` (answers to the control
/// socket), the `PlanKeeper` (the plans in force) and `PlanWarnings` (the checks after READY). A serial queue owns
/// all their state; one injected `Clock` is the only time they read. This type does the lifecycle: open the state,
/// load the plans, start, reload, stop.
public final class Daemon: @unchecked Sendable {
    // Mutable properties are touched only on `queue`.
    /// The queue that owns the state.
    public let queue = DispatchQueue(label: "editoriald.scheduler")
    let config: DaemonConfig
    let clock: any Clock
    let outlet: EventOutlet
    let notifier: Notifier
    let logger: Logger
    let store: any StateStore
    let lock: StateDirectoryLock
    let plans: PlanKeeper
    let loop: SchedulingLoop
    let applier: ChangeApplier
    let warnings: PlanWarnings
    let calendar: CalendarPublisher
    /// Sends the outbox, off the queue.
    let delivery: DeliveryWorker
    /// Counts the pace, off the queue.
    let pace: PaceKeeper
    /// Journals the weekly pace.
    let paceReporter: PaceReporter
    let startedAt: Int64
    var control: ControlServer?
    var signalSources: [DispatchSourceSignal] = []
    var watchdogTimer: DispatchSourceTimer?
    private(set) var stopped = false
    /// This node's part in a cluster sharing the database (the PostgreSQL backend), else nil.
    let member: ClusterMember?
    /// Hears the other nodes' changes (`LISTEN`), with `member`.
    var listener: PostgresListener?
    /// A follower's read of the database is under way.
    var refreshing = false
    /// How long the last such read took (seconds): the next waits four times as long.
    var lastRefreshSeconds = 0.0
    /// The outbox's counts last read from a shared database, when (`clock` nanoseconds), and whether a read is due.
    let sharedOutboxCounts = Mutex((counts: OutboxCounts(), at: Int64.min / 2, reading: false))
    /// Signalled each time this node takes the lease (`waitUntilLeading`).
    let ledOnce = DispatchSemaphore(value: 0)
    /// Where a follower reads the database again, off the queue.
    let refresher = DispatchQueue(label: "editoriald.refresh", qos: .utility)
    /// Reads and indexes reloaded plans, off the queue, one reload at a time.
    private let reader = DispatchQueue(label: "editoriald.plan-reader", qos: .userInitiated)
    /// True while a reload is being read; requests for another wait here and share its successor.
    private var reloading = false
    private(set) var waitingReloads: [@Sendable (ReloadReply) -> Void] = []
    /// Runs on the reader queue after each reload's files are read, before they are indexed (tests hold a reload
    /// there to show the queue answering meanwhile). Set before `start()`.
    var afterReadingPlans: (@Sendable () -> Void)?

    /// Opens the state, loads the plans and builds the scheduler; nothing runs until `start()`. Entries go to
    /// `sink`; `clock` is the only time the daemon reads.
    public init(
        config: DaemonConfig, sink: any EventSink, clock: any Clock = WallClock(), notifier: Notifier = Notifier(),
        logger: Logger
    ) throws {
        self.config = config
        self.clock = clock
        self.notifier = notifier
        self.logger = logger
        outlet = EventOutlet(sink: sink, clock: clock)
        let store = try StateStores.open(config, environment: ProcessInfo.processInfo.environment)
        self.store = store
        lock = try StateDirectoryLock(directory: config.stateDirectory)
        let now = clock.seconds()
        startedAt = now
        let sentLog = try SentLog(directory: config.stateDirectory)
        // Entries sent just before a crash, whose step was never committed: they count as fired; the loop queues
        // their deliveries at start, then clears the log.
        let replayed = try sentLog.record(into: store, at: now)
        plans = PlanKeeper(
            directory: config.plansDirectory, defaultReminders: config.reminders, now: now,
            stateDirectory: config.stateDirectory, logger: logger)
        let load = plans.read()
        if load.accepted { plans.accept(load, at: now) } else { plans.reject(load) }
        if case .postgresql(let settings) = config.stateBackend, let shared = store as? PostgreSQLStateStore {
            member = try ClusterMember(
                settings: settings, store: shared, planHash: plans.fingerprint, clock: clock, logger: logger)
        } else {
            member = nil
        }
        let agenda = Agenda(planSet: plans.current.planSet)
        let keepSince = FiredRetention.keepSince(now: now, agenda: agenda, configuration: config.scheduler)
        let stored = try store.storedState(since: keepSince)
        loop = SchedulingLoop(
            scheduler: Scheduler(agenda: agenda, configuration: config.scheduler, stored: stored), queue: queue,
            clock: clock, store: store, sentLog: sentLog, outlet: outlet, logger: logger)
        applier = ChangeApplier(store: store, loop: loop, outlet: outlet, acknowledged: try store.acknowledgements())
        warnings = PlanWarnings(queue: queue, store: store, logger: logger)
        calendar = try CalendarPublisher(
            directory: config.calendarDirectory, store: store, clock: clock, logger: logger)
        let outlet = outlet
        delivery = DeliveryWorker(
            store: store, clock: clock,
            sender: DeliverySender(
                routes: config.routes, environment: ProcessInfo.processInfo.environment, isRoot: geteuid() == 0),
            policy: config.retry, concurrency: config.deliveryConcurrency, logger: logger,
            journal: { entry in outlet.emit(entry) })
        pace = PaceKeeper(store: store, settings: config.pace, logger: logger)
        paceReporter = PaceReporter(keeper: pace, clock: clock, store: store, outlet: outlet, logger: logger)
        paceReporter.queued = { [delivery] in delivery.wake() }
        applier.recordedOutcome = { [pace] item, record, planItem, now in
            pace.recorded(item: item, record: record, planItem: planItem, now: now)
        }
        loop.router = DeliveryRouter(routes: config.routes, people: plans.current.planSet.people)
        loop.gate = member
        paceReporter.gate = member
        member?.journal = { entry in outlet.emit(entry) }
        loop.replayed = replayed
        loop.queued = { [delivery] in delivery.wake() }
        applier.retried = { [delivery] in delivery.wake() }
        loop.hand = { [delivery] events, formatter, router, now, aside, log in
            delivery.route(events, formatter: formatter, router: router, at: now, setAside: aside, sentLog: log)
        }
        loop.stepped = { [unowned self] now in updateStatus(now: now) }
        applier.changed = { [unowned self] now in
            updateStatus(now: now)
            calendar.refresh(loop.calendarSnapshot)
        }
    }

    /// Starts everything on the queue: catch-up, the timer, signals (unless `handlingSignals` is false, as in a
    /// test that builds the daemon in process), the watchdog, the control socket; tells systemd it is ready; then
    /// runs the strategy checks in the background.
    public func start(handlingSignals: Bool = true) {
        queue.async { [self] in
            if let rejected = plans.rejected { reportRejected(rejected, atStart: true) }
            // A node sharing its database fires only once it holds the lease (`startCluster`, after READY).
            if member == nil { loop.start() } else { loop.standby() }
            if handlingSignals { installSignals() }
            startWatchdog()
            startControl()
            let now = clock.seconds()
            // Counting builds the status index, before READY: the first request should not pay for it.
            let summary = loop.summary(now: now)
            let current = plans.current
            let fromCache =
                plans.lastRead.cached == 0
                ? "" : ", \(plans.lastRead.cached) of \(plans.lastRead.files) files from the compiled-plan cache"
            outlet.emit(
                JournalEntry(
                    "editoriald \(EditorialVersion.current) started: \(current.planSet.plans.count) plans from "
                        + "\(current.files.count) files in \(config.plansDirectory) "
                        + "(\(String(format: "%.2f", current.seconds)) s\(fromCache)), state in \(config.stateDirectory); "
                        + summary.line(instant: loop.localText),
                    priority: .info, messageID: .started,
                    fields: [
                        JournalField("EDITORIAL_PLANS", String(current.planSet.plans.count)),
                        JournalField("EDITORIAL_VERSION", EditorialVersion.current),
                    ]))
            notifier.ready()
            releaseFreedMemory()
            updateStatus(now: now, summary: summary)
            calendar.refresh(loop.calendarSnapshot)
            delivery.start()
            pace.rebuild(loop.scheduler.agenda, now: now)
            paceReporter.start(router: loop.router)
            for warning in RouteWarnings.check(config.routes, people: current.planSet.people, environment: environment)
            {
                outlet.emit(warning)
            }
            checkWarnings(of: current, then: { _ in })
            startCluster()
        }
    }

    /// Runs the strategy checks of `load` in the background, journals its new warnings and counts them.
    private func checkWarnings(of load: PlanLoad, then done: @escaping @Sendable (Int) -> Void) {
        warnings.check(load) { [self] count, current in
            if current { plans.warningCount = count }
            releaseFreedMemory()
            done(count)
        }
    }

    /// Waits (at most `timeout` seconds; not from the queue) until the strategy checks started so far have
    /// journaled their warnings.
    public func waitForPlanChecks(timeout: Double = 60) -> Bool { warnings.wait(timeout: timeout) }

    /// Waits (not from the queue, at most `timeout` seconds) until the delivery worker has nothing in flight.
    public func waitForDeliveries(timeout: Double = 30) -> Bool {
        queue.sync {}
        return delivery.waitUntilIdle(timeout: timeout)
    }

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Waits until the calendar feeds scheduled so far are written (not from the queue).
    public func waitForCalendarFeeds() {
        queue.sync {}
        calendar.wait()
    }

    /// Waits (not from the queue) until the pace index has counted everything handed to it so far.
    public func waitForPace() {
        queue.sync {}
        pace.wait()
    }

    /// Waits (not from the queue) until the reloads asked for so far are in force and the compiled-plan cache is
    /// on disk; a stop drops a cache still being encoded.
    public func waitForPlans() {
        queue.sync {}
        reader.sync {}
        queue.sync {}
        plans.waitForCompiledCache()
    }

    /// Runs `body` on the daemon's queue and returns its result (not from the queue).
    public func sync<T>(_ body: () throws -> T) rethrows -> T { try queue.sync(execute: body) }

    /// What `status` reports of the daemon itself.
    var facts: DaemonFacts {
        let stats = control?.statistics ?? ControlStatistics()
        return DaemonFacts(
            version: EditorialVersion.current, pid: Int64(getpid()), startedAt: startedAt,
            plansDirectory: config.plansDirectory, stateDirectory: config.stateDirectory, current: plans.current,
            loadedAt: plans.loadedAt, warnings: plans.warningCount, rejected: plans.rejected,
            control: StatusReply.Control(
                connections: stats.open, watchers: stats.watching, replies: stats.replies, refused: stats.refused),
            outbox: StatusReply.Outbox(routes: config.routes.count, counts: outboxCounts),
            pace: pace.summary(now: clock.seconds()), cluster: clusterStatus)
    }

    /// The outbox's counts for `status`: read at once from a store of its own, or, on a shared database, the last
    /// counts read (at most a second old while the database answers), so that `status` never waits on the network.
    var outboxCounts: OutboxCounts {
        guard member != nil else { return OutboxCounts((try? store.outboxCounts()) ?? [:]) }
        let now = clock.nanoseconds()
        let (counts, stale) = sharedOutboxCounts.withLock { cached -> (OutboxCounts, Bool) in
            let stale = !cached.reading && now - cached.at > 1_000_000_000
            if stale { cached.reading = true }
            return (cached.counts, stale)
        }
        if stale {
            refresher.async { [self] in
                let read = try? store.outboxCounts()
                sharedOutboxCounts.withLock { cached in
                    cached.reading = false
                    cached.at = clock.nanoseconds()
                    if let read { cached.counts = OutboxCounts(read) }
                }
            }
        }
        return counts
    }

    /// `STATUS=` for systemctl status; `known` is a summary already computed for `now`.
    func updateStatus(now: Int64, summary known: StatusSummary? = nil) {
        var line = (known ?? loop.summary(now: now)).line(instant: loop.localText)
        if let rejected = plans.rejected { line += "; plans on disk rejected (\(rejected.errors.count) errors)" }
        notifier.status(line)
    }

    /// Re-reads the plans: called on the queue, it reads, parses and indexes them on the reader queue, so the
    /// queue keeps answering requests and firing meanwhile, then puts them in force on the queue. Any error keeps
    /// the running set and changes nothing in state; success swaps the set atomically and logs what changed. A
    /// reload asked for while one is read follows it (requests that came meanwhile share one). `done` gets the reply
    /// once the strategy checks have run (at once for a rejected load).
    func reload(done: @escaping @Sendable (ReloadReply) -> Void = { _ in }) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !reloading else {
            waitingReloads.append(done)
            return
        }
        reloading = true
        notifier.reloading()
        // Only a reload changes the agenda, and one runs at a time: the changes are counted against the agenda
        // that is still in force when the new one is put in.
        let old = loop.scheduler.agenda
        let started = clock.seconds()
        let afterReading = afterReadingPlans
        reader.async { [self] in
            let load = plans.read(reusing: old.planSet)
            afterReading?()
            let replacement =
                load.accepted ? PlanReplacement(planSet: load.planSet, replacing: old, now: started) : nil
            queue.async { [self] in
                guard !stopped else { return }
                if let replacement {
                    put(load, replacement, done: done)
                } else {
                    reject(load, done: done)
                }
                reloading = false
                guard !waitingReloads.isEmpty else { return }
                let waiting = waitingReloads
                waitingReloads = []
                reload { reply in for done in waiting { done(reply) } }
            }
        }
    }

    /// A reload with errors: the plans in force stay.
    private func reject(_ load: PlanLoad, done: @escaping @Sendable (ReloadReply) -> Void) {
        let now = clock.seconds()
        plans.reject(load)
        reportRejected(load, atStart: false)
        notifier.ready()
        updateStatus(now: now)
        done(reloadReply(load, changes: nil, warnings: load.warnings.count))
    }

    /// A good reload, indexed off the queue, put in force.
    private func put(
        _ load: PlanLoad, _ replacement: PlanReplacement, done: @escaping @Sendable (ReloadReply) -> Void
    ) {
        let now = clock.seconds()
        let step = loop.replace(with: replacement, now: now)
        let changes = replacement.changes
        plans.accept(load, at: now)
        member?.plansChanged(plans.fingerprint)
        for warning in RouteWarnings.check(config.routes, people: load.planSet.people, environment: environment) {
            outlet.emit(warning)
        }
        var fields = [
            JournalField("EDITORIAL_PLANS", String(load.planSet.plans.count)),
            JournalField("EDITORIAL_FILES", String(load.files.count)),
            JournalField("EDITORIAL_WARNINGS", String(load.warnings.count)),
        ]
        for (name, ids) in [
            ("EDITORIAL_ADDED", changes.added), ("EDITORIAL_REMOVED", changes.removed),
            ("EDITORIAL_MOVED", changes.moved), ("EDITORIAL_EDITED", changes.edited),
        ] {
            fields += ids.prefix(100).map { JournalField(name, $0) }
        }
        let counted = load.warnings.isEmpty ? "" : " (\(load.warnings.count) warnings)"
        outlet.emit(
            JournalEntry(
                "Plans reloaded: \(load.planSet.plans.count) plans from \(load.files.count) files in "
                    + "\(String(format: "%.2f", load.seconds)) s\(counted); \(changes.summary)" + Self.sample(changes),
                priority: .info, messageID: .plansLoaded, fields: fields))
        loop.perform(step, now: now)
        notifier.ready()
        updateStatus(now: now)
        calendar.refresh(loop.calendarSnapshot)
        pace.rebuild(loop.scheduler.agenda, now: now)
        paceReporter.start(router: loop.router)
        releaseFreedMemory()
        checkWarnings(of: load) { [self] count in done(reloadReply(load, changes: changes, warnings: count)) }
    }

    /// Hands the memory a load or its checks freed back to the system, off the queue: the files' text, the parse
    /// and the checks' indexes are freed into the arenas of the threads that built them, and glibc returns only
    /// the top of each heap by itself. `malloc_trim` releases the free pages of every arena: at a million posts
    /// the RSS a second after READY went from 221 to 150 MB.
    private func releaseFreedMemory() {
        DispatchQueue.global(qos: .utility).async { _ = malloc_trim(0) }
    }

    private func reloadReply(_ load: PlanLoad, changes: PlanChanges?, warnings: Int) -> ReloadReply {
        ReloadReply(
            load: load, changes: changes, warnings: warnings, runningPlans: plans.current.planSet.plans.count,
            runningSince: plans.loadedAt)
    }

    private static func sample(_ c: PlanChanges) -> String {
        let parts = [("added", c.added), ("removed", c.removed), ("moved", c.moved)].compactMap { name, ids in
            ids.isEmpty ? nil : "\(name) \(ids.prefix(3).joined(separator: ", "))\(ids.count > 3 ? ", …" : "")"
        }
        return parts.isEmpty ? "" : " — " + parts.joined(separator: "; ")
    }

    /// Logs a rejected plan set at error priority with the errors' positions.
    func reportRejected(_ load: PlanLoad, atStart: Bool) {
        let first = load.errors.first.map { ": \($0.description)" } ?? ""
        let more = load.errors.count > 1 ? " (and \(load.errors.count - 1) more)" : ""
        let keeping =
            atStart
            ? "running with no plans until they are fixed and reloaded"
            : "still running on the last good plans (\(plans.current.planSet.plans.count) plans loaded at "
                + "\(loop.localText(plans.loadedAt)))"
        var fields = [
            JournalField("EDITORIAL_ERRORS", String(load.errors.count)),
            JournalField("EDITORIAL_PLANS_DIRECTORY", config.plansDirectory),
        ]
        fields += load.errors.prefix(100).map { JournalField("EDITORIAL_DIAGNOSTIC", $0.description) }
        if let location = load.errors.first?.location {
            fields.append(JournalField("CODE_FILE", location.file))
            fields.append(JournalField("CODE_LINE", String(location.line)))
        }
        outlet.emit(
            JournalEntry(
                "Plans rejected, \(load.errors.count) error\(load.errors.count == 1 ? "" : "s")\(first)\(more); \(keeping)",
                priority: .error, messageID: .plansRejected, fields: fields))
    }

    /// Stops on the queue: the last step, the stopping entry (before the socket closes, so watchers see it), the
    /// control socket, the store and the lock. With `signal`, systemd is told and the process exits 0.
    func stop(signal number: Int32?) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopped else { return }
        stopped = true
        notifier.stopping()
        loop.finish()
        // The lease is given up at once: another node takes over without waiting for it to expire.
        member?.stop()
        listener?.stop()
        // A cache being encoded is dropped, one being renamed finishes: either way the file is whole or absent.
        plans.waitForCompiledCache(abandoning: true)
        // Deliveries in flight get a moment to finish and be recorded; the rest stay queued for the next start.
        delivery.stop(timeout: 2)
        paceReporter.stop()
        let why = number.map { $0 == SIGTERM ? " on SIGTERM" : " on SIGINT" } ?? ""
        outlet.emit(
            JournalEntry(
                "editoriald stopping\(why) after " + EventFormatter.seconds(clock.seconds() - startedAt),
                priority: .info, messageID: .stopping))
        control?.close()
        control = nil
        outlet.attach(nil)
        for source in signalSources { source.cancel() }
        watchdogTimer?.cancel()
        try? store.close()
        lock.release()
        if number != nil { exit(0) }
    }

    /// Stops the daemon without ending the process (a test's daemon, before another starts on the same state).
    public func shutdown() { queue.sync { stop(signal: nil) } }
}

/// The text of the current `errno`.
func errnoText() -> String { String(cString: strerror(errno)) }
