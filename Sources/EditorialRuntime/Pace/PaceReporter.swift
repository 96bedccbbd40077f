import Dispatch
import EditorialCore
import Logging

/// Journals the weekly pace at the configured local time (`pace: report:`, in the team's zone): one entry per page
/// with a post due in the window, with a field per figure, delivered through the routes that take `pace`. Each
/// page's entry goes out once a week (key `pace!PAGE@DAY`, recorded like reminder keys); a report missed while the
/// daemon was down goes out at start if it is less than a day late. Runs on the `PaceKeeper`'s queue.
final class PaceReporter: @unchecked Sendable {
    // Mutable properties are touched only on the keeper's queue.
    let keeper: PaceKeeper
    let clock: any Clock
    let store: any StateStore
    let outlet: EventOutlet
    let logger: Logger
    /// Runs after deliveries were queued (the delivery worker looks at once).
    var queued: @Sendable () -> Void = {}
    /// On a database several daemons share: each page's entry is claimed before it is sent, and only the leader
    /// sends (set before `start`).
    var gate: (any FiringGate)?
    private var router = DeliveryRouter(routes: [], people: [:])
    private var timer: (any DeadlineTimer)?
    private var next: Int64?

    /// A reporter over `keeper`'s index.
    init(keeper: PaceKeeper, clock: any Clock, store: any StateStore, outlet: EventOutlet, logger: Logger) {
        self.keeper = keeper
        self.clock = clock
        self.store = store
        self.outlet = outlet
        self.logger = logger
    }

    /// Starts (or, after a reload, re-plans) with the routes in force: a report missed by less than a day goes out
    /// now, then the timer waits for the next one.
    func start(router: DeliveryRouter) {
        keeper.queue.async { [self] in
            self.router = router
            guard let time = keeper.settings.report else { return }
            if timer == nil {
                timer = clock.makeTimer(
                    queue: keeper.queue, fired: { [weak self] in self?.fire() },
                    clockChanged: { [weak self] in self?.plan() })
            }
            let now = clock.seconds()
            let latest = time.latest(atOrBefore: now, zone: keeper.teamZone)
            if now - latest < 86_400 { report(at: latest, now: now) }
            plan()
        }
    }

    /// Stops the timer.
    func stop() {
        keeper.queue.sync {
            timer?.cancel()
            timer = nil
        }
    }

    private func plan() {
        guard let time = keeper.settings.report else { return }
        let at = time.next(after: clock.seconds(), zone: keeper.teamZone)
        next = at
        timer?.arm(at: at)
    }

    private func fire() {
        if let at = next, clock.seconds() >= at { report(at: at, now: clock.seconds()) }
        plan()
    }

    /// Sends the report scheduled at `at` for the pages whose entry has not gone out yet.
    private func report(at: Int64, now: Int64) {
        guard let reply = keeper.standardReport(now: now) else { return }
        let day = keeper.teamZone.local(at).date
        let sent: Set<String>
        do {
            // By key (the local day), from two days back: a reload that changes the team's zone moves the
            // report's instant, not its day.
            sent = Set(try store.firedSchedule(since: at - 2 * 86_400).keys.filter { $0.hasPrefix("pace!") })
        } catch {
            logger.error("cannot read the weekly pace keys in \(store.location): \(error)")
            return
        }
        var due: [(page: PacePage, key: String, drop: Bool)] = []
        for page in reply.pages where page.verdict != nil {
            let key = "pace!\(page.page)@\(day)"
            guard !sent.contains(key) else { continue }
            due.append((page, key, reply.hint?.drop == page.page))
        }
        var records = due.map { FiredRecord(key: $0.key, item: $0.page.page, kind: "pace", scheduled: at, fired: now) }
        if let gate {
            // Another node may lead, or have sent the report already: only what this node claims goes out.
            guard gate.mayFire, let claimed = gate.claim(records, again: false), gate.mayFire else { return }
            due.removeAll { !claimed.contains($0.key) }
            records.removeAll { !claimed.contains($0.key) }
        }
        var deliveries: [OutboxEntry] = []
        for (page, key, drop) in due {
            let entry = Self.entry(page, reply: reply, key: key, drop: drop, at: at)
            outlet.emit(entry)
            let event = DeliveryEvent(
                kind: "pace", key: key, at: at, message: entry.message, priority: Int(entry.priority.rawValue),
                title: page.title, channel: page.network, channelID: page.channels.first, zone: reply.zone,
                details: Self.details(page, reply: reply, drop: drop))
            deliveries += router.entries(for: event, now: now)
        }
        guard !records.isEmpty else { return }
        do {
            try store.commit(StoreBatch(fired: records, deliveries: deliveries), at: now)
            if !deliveries.isEmpty { queued() }
        } catch {
            logger.error("cannot record the weekly pace in \(store.location): \(error); it may be sent again")
        }
    }

    /// The journal entry of one page's weekly pace.
    static func entry(_ page: PacePage, reply: PaceReply, key: String, drop: Bool, at: Int64) -> JournalEntry {
        var message = PaceText.sentence(page, weeks: reply.weeks)
        if drop, let hint = reply.hint { message += ". " + hint.message }
        let priority: JournalPriority =
            switch page.verdict {
            case .stalled?: .warning
            case .slipping?: .notice
            default: .info
            }
        var fields = [
            JournalField("EDITORIAL_EVENT", "pace"), JournalField("EDITORIAL_PAGE", page.page),
            JournalField("EDITORIAL_CHANNEL", page.network), JournalField("EDITORIAL_TITLE", page.title),
        ]
        fields += page.channels.map { JournalField("EDITORIAL_CHANNEL_ID", $0) }
        fields += [
            JournalField("EDITORIAL_PACE_VERDICT", page.verdict?.rawValue ?? "none"),
            JournalField("EDITORIAL_PACE_WEEKS", String(reply.weeks)),
            JournalField("EDITORIAL_PACE_FROM", reply.from.description),
            JournalField("EDITORIAL_PACE_TOLERANCE", String(reply.tolerance)),
            JournalField("EDITORIAL_PACE_PLANNED", String(page.planned)),
            JournalField("EDITORIAL_PACE_ON_TIME", String(page.onTime)),
            JournalField("EDITORIAL_PACE_LATE", String(page.late)),
            JournalField("EDITORIAL_PACE_SKIPPED", String(page.skipped)),
            JournalField("EDITORIAL_PACE_OPEN", String(page.open)),
            JournalField("EDITORIAL_PACE_ON_TIME_PERCENT", String(PaceText.percent(page.onTime, of: page.planned))),
            JournalField("EDITORIAL_PACE_LATE_PRODUCTION", String(page.lateProduction)),
        ]
        if let m = page.lateMedian { fields.append(JournalField("EDITORIAL_PACE_LATE_MEDIAN", String(m))) }
        if let p = page.lateP90 { fields.append(JournalField("EDITORIAL_PACE_LATE_P90", String(p))) }
        if drop { fields.append(JournalField("EDITORIAL_PACE_DROP", "1")) }
        fields.append(JournalField("EDITORIAL_REMINDER_KEY", key))
        return JournalEntry(message, priority: priority, messageID: .pace, fields: fields)
    }

    /// The lines a delivery body lists: the figures week by week, oldest first.
    static func details(_ page: PacePage, reply: PaceReply, drop: Bool) -> [String] {
        var lines = page.weeks.map { w in
            "week of \(TimeText.utc(w.start.seconds).prefix(10)): \(w.planned) due, \(w.onTime) on time, "
                + "\(w.late) late, \(w.skipped) skipped, \(w.open) open"
        }
        if drop, let hint = reply.hint { lines.append(hint.message) }
        return lines
    }
}
