/// The slot occurrences and preparations the scheduler expanded for its last windows, kept for the next ones. A window
/// of a day reaches days past its end (the longest lead) and an hour before its start (overdue), and expanding a slot
/// costs a set-up per slot and days of margin around the range: expanding each window's range again was most of a
/// dry run over a million posts. So the range moves forward a week at a time, and each window takes its part.
struct SlotWindow: Sendable {
    /// How far past what a window asks for the expansion runs, so the next windows find it done.
    static let ahead: Int64 = 7 * 86_400

    /// The range expanded, `[from, to)`; empty at first.
    private var from: Int64 = 0
    private var to: Int64 = 0
    /// The occurrences and preparations due in it, by due time.
    private var items: [AgendaItem] = []

    /// The occurrences and preparations of `agenda` due in `[from, to)`, by due time. A range that starts inside the
    /// expanded one reuses it (and drops what is due before `from` when it must expand further); any other starts
    /// over.
    mutating func items(of agenda: Agenda, from: Int64, to: Int64) -> ArraySlice<AgendaItem> {
        if self.from < self.to, from >= self.from, from <= self.to {
            if to > self.to {
                let end = max(to, self.to + Self.ahead)
                items.removeFirst(items.partitioningIndex { $0.due! >= from })
                items += Self.byDue(agenda.slotItems(from: self.to, to: end))
                self.from = from
                self.to = end
            }
        } else {
            let end = max(to, from + Self.ahead)
            items = Self.byDue(agenda.slotItems(from: from, to: end))
            self.from = from
            self.to = end
        }
        let start = items.partitioningIndex { $0.due! >= from }
        return items[start..<max(start, items.partitioningIndex { $0.due! >= to })]
    }

    /// Forgets what was expanded (the agenda changed).
    mutating func reset() {
        self = SlotWindow()
    }

    /// `items` by due time (sorting positions: an `AgendaItem` is large to move).
    private static func byDue(_ items: [AgendaItem]) -> [AgendaItem] {
        items.indices.sorted { items[$0].due! < items[$1].due! }.map { items[$0] }
    }
}
