/// Where everything stands at one moment, for the control socket: the open items past due (most late
/// first), the blocked ones (worst first), and counts. Computed from the scheduler's agenda and recorded
/// state; it holds until `validUntil` or until the state changes, whichever comes first.
public struct StatusSnapshot: Sendable {
    /// How far back open past-due recurring items are looked for; one-off items are looked at whatever their
    /// age (a production item months late still blocks its posts).
    public static let lookback: Int64 = 7 * 86_400
    /// How far ahead "upcoming" counts.
    public static let ahead: Int64 = 7 * 86_400
    /// The longest a snapshot is reused even when nothing fires: items crossing into the upcoming week
    /// change counts without any event.
    public static let maxAge: Int64 = 60

    /// The moment it describes.
    public let now: Int64
    /// Recompute after this instant (the next scheduled event, the end of the local day, or `maxAge`).
    public let validUntil: Int64
    /// Open items past due, most late first (then by id); blocked ones included.
    public let overdue: [ItemEvaluation]
    /// Blocked items, worst first: the latest blocker, then the item's own due time, then id.
    public let blocked: [ItemEvaluation]
    /// Open items due between `dayStart` and `dayEnd` (the local day).
    public let dueToday: Int
    /// Open items due in the next seven days.
    public let upcoming: Int
    /// The evaluator the lists came from (for `show` and `gate` answers consistent with them).
    public let evaluator: StatusEvaluator

    /// The span of the agenda a snapshot at `now` looks at (besides older one-off items).
    public static func window(now: Int64, dayStart: Int64, dayEnd: Int64) -> Range<Int64> {
        min(now - lookback, dayStart)..<max(now + ahead, dayEnd)
    }

    /// Computes the snapshot of `scheduler` at `now`; `dayStart..<dayEnd` is today in the team's zone.
    /// `cached` may hold the agenda's items over a span that covers `window(…)` (expanding a million
    /// scheduled posts' occurrences is most of the cost, and they change only with the plans).
    public init(
        of scheduler: Scheduler, now: Int64, dayStart: Int64, dayEnd: Int64,
        cached: (span: Range<Int64>, items: [AgendaItem])? = nil
    ) {
        let agenda = scheduler.agenda
        let window = Self.window(now: now, dayStart: dayStart, dayEnd: dayEnd)
        let (windowStart, windowEnd) = (window.lowerBound, window.upperBound)
        var items: [AgendaItem]
        if let cached, cached.span.lowerBound <= windowStart, cached.span.upperBound >= windowEnd {
            items = cached.items.filter { item in item.due.map { window.contains($0) } ?? false }
        } else {
            items = agenda.items(from: windowStart, to: windowEnd)
        }
        var inWindow = Set<String>()
        inWindow.reserveCapacity(items.count)
        for item in items { inWindow.insert(item.id) }
        for item in agenda.fixedItems.values {
            guard let due = item.due, due < windowStart, scheduler.isOpen(item) else { continue }
            items.append(item)
        }
        let evaluator = StatusEvaluator(agenda: agenda, state: scheduler.states, now: now, scope: items)
        var overdue: [ItemEvaluation] = []
        var blocked: [ItemEvaluation] = []
        var dueToday = 0
        var upcoming = 0
        for item in items where scheduler.isOpen(item) {
            guard let due = item.due else { continue }
            if due >= dayStart && due < dayEnd { dueToday += 1 }
            if due >= now && due < now + Self.ahead { upcoming += 1 }
            // Only items that can be late or blocked need the full evaluation (and its chain of blame).
            guard due < now || !item.needs.isEmpty else { continue }
            let e = evaluator.evaluate(item)
            if e.status == .blocked { blocked.append(e) }
            if due < now { overdue.append(e) }
        }
        overdue.sort { ($0.item.due!, $0.item.id) < ($1.item.due!, $1.item.id) }
        blocked.sort { a, b in
            let la = a.blockers.first?.late ?? 0
            let lb = b.blockers.first?.late ?? 0
            if la != lb { return la > lb }
            let (da, db) = (a.item.due ?? .max, b.item.due ?? .max)
            return da != db ? da < db : a.item.id < b.item.id
        }
        self.now = now
        self.overdue = overdue
        self.blocked = blocked
        self.dueToday = dueToday
        self.upcoming = upcoming
        self.evaluator = evaluator
        validUntil = min(scheduler.nextDeadline ?? .max, dayEnd, now + Self.maxAge)
    }
}
