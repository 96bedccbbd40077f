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

    /// Items sorted by (due, id) with prefix counts of the open ones: built items (slot occurrences), or a window
    /// of the agenda's time line whose items are built only when read (a million posts, half of them overdue, are
    /// not built to be counted).
    struct SortedItems: Sendable {
        /// The items, when built.
        private let built: [AgendaItem]
        /// The one-off items, when they come from the time line.
        private let window: FixedWindow?
        let dues: [Int64]
        /// `openBefore[i]`: open items among the first `i`.
        let openBefore: [Int]
        let open: [Bool]

        /// How many items there are.
        var count: Int { dues.count }

        /// The `i`-th item (built, for a window).
        subscript(i: Int) -> AgendaItem {
            guard let window else { return built[i] }
            return window[window.startIndex + i]
        }

        /// The id of the `i`-th item (for a window, without building the item).
        func id(at i: Int) -> String {
            guard let window else { return built[i].id }
            return window.id(at: window.startIndex + i)
        }

        init(_ unsorted: [AgendaItem], isOpen: (AgendaItem) -> Bool) {
            let order = unsorted.indices.sorted { a, b in
                let (da, db) = (unsorted[a].due!, unsorted[b].due!)
                return da != db ? da < db : unsorted[a].id < unsorted[b].id
            }
            self.init(sorted: order.map { unsorted[$0] }, isOpen: isOpen)
        }

        init(sorted: [AgendaItem], isOpen: (AgendaItem) -> Bool) {
            self.init(built: sorted, window: nil, dues: sorted.map { $0.due! }, open: sorted.map(isOpen))
        }

        /// The one-off items of a time line window: open unless the plan file or a recorded state says otherwise
        /// (the states, a few, are looked up by position; the window's items are not built).
        init(window: FixedWindow, states: [String: ItemState]) {
            var open = window.indices.map { window.progress(at: $0) == nil }
            if states.count * 4 < window.count {
                for (id, state) in states {
                    guard let position = window.position(of: id) else { continue }
                    open[position - window.startIndex] = (state.progress ?? window.progress(at: position)) == nil
                }
            } else {
                // Many states (a year of publishing recorded): each item's id looked up instead.
                for position in window.indices {
                    // A recorded progress closes the item; without one the plan file's stands.
                    if states[window.id(at: position)]?.progress != nil { open[position - window.startIndex] = false }
                }
            }
            self.init(built: [], window: window, dues: window.indices.map { window.due(at: $0) }, open: open)
        }

        private init(built: [AgendaItem], window: FixedWindow?, dues: [Int64], open: [Bool]) {
            self.built = built
            self.window = window
            self.dues = dues
            self.open = open
            var running = 0
            var prefix = [0]
            prefix.reserveCapacity(open.count + 1)
            for o in open {
                running += o ? 1 : 0
                prefix.append(running)
            }
            openBefore = prefix
        }

        /// The same items, open or not by `scheduler`'s states.
        func reopened(for scheduler: Scheduler) -> SortedItems {
            guard let window else { return SortedItems(sorted: built, isOpen: scheduler.isOpen) }
            return SortedItems(window: window, states: scheduler.states)
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
            var (low, high) = (0, count)
            while low < high {
                let mid = (low + high) / 2
                if (dues[mid], id(at: mid)) > position { high = mid } else { low = mid + 1 }
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
            span: span, fixed: fixed.reopened(for: scheduler), recurring: recurring.reopened(for: scheduler),
            withNeeds: withNeeds,
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
        // The time line is already in (due, id) order: half a million overdue posts are neither sorted again nor
        // built; only those with prerequisites are.
        let window = agenda.fixedItems(from: .min, to: span.upperBound)
        self.span = span
        self.agenda = agenda
        states = scheduler.states
        fixed = SortedItems(window: window, states: scheduler.states)
        recurring = SortedItems(recurringItems, isOpen: scheduler.isOpen)
        withNeeds =
            window.indices.filter { window.hasNeeds(at: $0) }.map { window[$0] }
            + recurringItems.filter { !$0.needs.isEmpty }
    }
}
