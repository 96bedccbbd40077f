/// Where everything stands at one moment, for the control socket: the open items past due (most late
/// first), the blocked ones (worst first), and counts. Built from a `StatusIndex` in a few binary searches
/// plus the evaluation of the items that have prerequisites; the overdue list is paged, and only a page's
/// items are evaluated.
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
    /// Blocked items, worst first: the latest blocker, then the item's own due time, then id.
    public let blocked: [ItemEvaluation]
    /// Open items past due (blocked ones included).
    public let overdueCount: Int
    /// Open items due between `dayStart` and `dayEnd` (the local day).
    public let dueToday: Int
    /// Open items due in the next seven days.
    public let upcoming: Int
    /// The evaluator the lists come from (for `show` and `gate` answers consistent with them).
    public let evaluator: StatusEvaluator
    /// The index it reads.
    public let index: StatusIndex

    /// The span an index must cover for a snapshot at `now`.
    public static func window(now: Int64, dayStart: Int64, dayEnd: Int64) -> Range<Int64> {
        min(now - lookback, dayStart)..<max(now + ahead, dayEnd)
    }

    /// Computes the snapshot of `scheduler` at `now`; `dayStart..<dayEnd` is today in the team's zone. `index`
    /// is used when it covers the window and was built from the same states; else one is built.
    public init(of scheduler: Scheduler, now: Int64, dayStart: Int64, dayEnd: Int64, index given: StatusIndex? = nil) {
        let window = Self.window(now: now, dayStart: dayStart, dayEnd: dayEnd)
        let index: StatusIndex
        if let given, given.span.lowerBound <= window.lowerBound, given.span.upperBound >= window.upperBound {
            index = given
        } else {
            index = StatusIndex(of: scheduler, span: window)
        }
        let evaluator = StatusEvaluator(agenda: index.agenda, state: index.states, now: now, scope: index.withNeeds)
        var blocked: [ItemEvaluation] = []
        for item in index.withNeeds {
            guard let due = item.due, due < window.upperBound,
                due >= window.lowerBound || index.agenda.fixedItems.contains(item.id)
            else { continue }
            let e = evaluator.evaluate(item)
            if e.status == .blocked { blocked.append(e) }
        }
        blocked.sort { a, b in
            let la = a.blockers.first?.late ?? 0
            let lb = b.blockers.first?.late ?? 0
            if la != lb { return la > lb }
            let (da, db) = (a.item.due ?? .max, b.item.due ?? .max)
            return da != db ? da < db : a.item.id < b.item.id
        }
        func count(_ from: Int64, _ to: Int64) -> Int {
            index.fixed.openCount(from: from, to: to) + index.recurring.openCount(from: from, to: to)
        }
        self.now = now
        self.blocked = blocked
        self.evaluator = evaluator
        self.index = index
        overdueCount =
            index.fixed.openCount(from: .min, to: now) + index.recurring.openCount(from: now - Self.lookback, to: now)
        dueToday = count(dayStart, dayEnd)
        upcoming = count(now, now + Self.ahead)
        validUntil = min(scheduler.nextDeadline ?? .max, dayEnd, now + Self.maxAge)
    }

    /// Up to `limit` overdue items after the position `after` (due, id), most late first, evaluated; and
    /// whether more follow.
    public func overduePage(after: (Int64, String)?, limit: Int) -> (items: [ItemEvaluation], more: Bool) {
        let fixed = index.fixed
        let recurring = index.recurring
        var i = after.map(fixed.index(after:)) ?? 0
        var j = max(after.map(recurring.index(after:)) ?? 0, recurring.index(now - Self.lookback))
        let fixedEnd = fixed.index(now)
        let recurringEnd = recurring.index(now)
        var page: [ItemEvaluation] = []
        while true {
            while i < fixedEnd && !fixed.open[i] { i += 1 }
            while j < recurringEnd && !recurring.open[j] { j += 1 }
            let takeFixed: Bool
            switch (i < fixedEnd, j < recurringEnd) {
            case (false, false): return (page, false)
            case (true, false): takeFixed = true
            case (false, true): takeFixed = false
            case (true, true):
                takeFixed = (fixed.dues[i], fixed.id(at: i)) < (recurring.dues[j], recurring.id(at: j))
            }
            guard page.count < limit else { return (page, true) }
            if takeFixed {
                page.append(evaluator.evaluate(fixed[i]))
                i += 1
            } else {
                page.append(evaluator.evaluate(recurring[j]))
                j += 1
            }
        }
    }

    /// Every overdue item, most late first (evaluated: for tests and small plan sets).
    public var overdue: [ItemEvaluation] { overduePage(after: nil, limit: .max).items }
}
