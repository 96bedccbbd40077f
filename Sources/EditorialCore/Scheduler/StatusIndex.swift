/// The items a `StatusSnapshot` looks at, sorted by due time with running counts of the open ones, so that a
/// snapshot at any moment inside `span` is a few binary searches away. It depends on the agenda and the
/// recorded states only, not on the clock: it is rebuilt after a reload, a state change, or when `now`
/// leaves the span (about once a day), never because time passed.
public struct StatusIndex: Sendable {
    /// Recurring items (occurrences, preparations) are indexed for due times in this span.
    public let span: Range<Int64>
    /// One-off items (posts, content, renewals) due before `span.upperBound`, whatever their age.
    let fixed: SortedItems
    /// Occurrences and preparations due inside `span`.
    let recurring: SortedItems
    /// Every indexed item with prerequisites: the only ones that can be blocked or block others.
    let withNeeds: [AgendaItem]
    /// The agenda.
    let agenda: Agenda
    /// Recorded states when the index was built.
    let states: [String: ItemState]

    /// Items sorted by (due, id) with prefix counts of the open ones.
    struct SortedItems: Sendable {
        let items: [AgendaItem]
        let dues: [Int64]
        /// `openBefore[i]`: open items among `items[0..<i]`.
        let openBefore: [Int]
        let open: [Bool]

        init(_ unsorted: [AgendaItem], isOpen: (AgendaItem) -> Bool) {
            let order = unsorted.indices.sorted { a, b in
                let (da, db) = (unsorted[a].due!, unsorted[b].due!)
                return da != db ? da < db : unsorted[a].id < unsorted[b].id
            }
            self.init(sorted: order.map { unsorted[$0] }, isOpen: isOpen)
        }

        init(sorted: [AgendaItem], isOpen: (AgendaItem) -> Bool) {
            items = sorted
            dues = items.map { $0.due! }
            open = items.map(isOpen)
            var running = 0
            var prefix = [0]
            prefix.reserveCapacity(items.count + 1)
            for o in open {
                running += o ? 1 : 0
                prefix.append(running)
            }
            openBefore = prefix
        }

        /// The first index whose due time is at or after `t`.
        func index(_ t: Int64) -> Int {
            var (low, high) = (0, dues.count)
            while low < high {
                let mid = (low + high) / 2
                if dues[mid] < t { low = mid + 1 } else { high = mid }
            }
            return low
        }

        /// The first index after the position `(due, id)`.
        func index(after position: (Int64, String)) -> Int {
            var (low, high) = (0, items.count)
            while low < high {
                let mid = (low + high) / 2
                if (dues[mid], items[mid].id) > position { high = mid } else { low = mid + 1 }
            }
            return low
        }

        /// Open items due in `[from, to)`.
        func openCount(from: Int64, to: Int64) -> Int {
            let (a, b) = (index(from), index(to))
            return b > a ? openBefore[b] - openBefore[a] : 0
        }
    }

    /// The same items with the open counts and states of `scheduler` (after a state change: no expansion, no
    /// sort; the agenda must be the one indexed).
    public func refreshed(for scheduler: Scheduler) -> StatusIndex {
        StatusIndex(
            span: span, fixed: SortedItems(sorted: fixed.items, isOpen: scheduler.isOpen),
            recurring: SortedItems(sorted: recurring.items, isOpen: scheduler.isOpen), withNeeds: withNeeds,
            agenda: agenda, states: scheduler.states)
    }

    private init(
        span: Range<Int64>, fixed: SortedItems, recurring: SortedItems, withNeeds: [AgendaItem], agenda: Agenda,
        states: [String: ItemState]
    ) {
        self.span = span
        self.fixed = fixed
        self.recurring = recurring
        self.withNeeds = withNeeds
        self.agenda = agenda
        self.states = states
    }

    /// Indexes the scheduler's agenda over `span`; `cached` may hold the agenda's items over a span that
    /// covers it (expanding a million scheduled posts' occurrences is the expensive part).
    public init(of scheduler: Scheduler, span: Range<Int64>, cached: (span: Range<Int64>, items: [AgendaItem])? = nil) {
        let agenda = scheduler.agenda
        var recurringItems: [AgendaItem]
        if let cached, cached.span.lowerBound <= span.lowerBound, cached.span.upperBound >= span.upperBound {
            recurringItems = cached.items.filter { item in item.due.map { span.contains($0) } ?? false }
            recurringItems.removeAll { agenda.fixedItems.contains($0.id) }
        } else {
            // Slot items only: the one-off items come from the agenda's timeline below.
            recurringItems = agenda.slotItems(from: span.lowerBound, to: span.upperBound)
        }
        // The timeline is already in (due, id) order: half a million overdue posts are not sorted again.
        let fixedItems = Array(agenda.fixedItems(from: .min, to: span.upperBound))
        self.span = span
        self.agenda = agenda
        states = scheduler.states
        fixed = SortedItems(sorted: fixedItems, isOpen: scheduler.isOpen)
        recurring = SortedItems(recurringItems, isOpen: scheduler.isOpen)
        withNeeds = fixedItems.filter { !$0.needs.isEmpty } + recurringItems.filter { !$0.needs.isEmpty }
    }
}
