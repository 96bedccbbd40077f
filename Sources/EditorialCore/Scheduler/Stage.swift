/// One stage of one item: a reminder at a lead time, the due time, or the overdue warning.
struct Stage: Sendable {
    /// What kind of stage.
    enum Step: Hashable, Sendable, Comparable {
        /// A lead time before due (lead zero is the due time itself).
        case lead(NominalDuration)
        /// The overdue warning.
        case overdue

        /// Orders a day before, an hour before, due, overdue.
        static func < (a: Step, b: Step) -> Bool {
            switch (a, b) {
            case (.lead(let x), .lead(let y)): return x > y
            case (.lead, .overdue): return true
            default: return false
            }
        }
    }

    /// When it fires (epoch seconds).
    var at: Int64
    /// Which stage.
    var step: Step
    /// The item.
    var item: AgendaItem
    /// Where the item is declared: plan position, line, column; ties between equal instants break by it.
    var declared: (Int, Int, Int)

    /// The once-only key.
    var key: String {
        switch step {
        case .lead(let lead): item.reminderKey(lead)
        case .overdue: ReminderKey.overdue(item.id)
        }
    }

    /// The journal event kind.
    var eventKind: EventKind {
        switch step {
        case .overdue: .overdue
        case .lead: item.kind == .renewal ? .renewal : (isDue ? .due : .reminder)
        }
    }

    /// The lead time, for reminders and due times.
    var lead: NominalDuration? {
        if case .lead(let lead) = step { return lead }
        return nil
    }

    /// True for the due-time stage.
    var isDue: Bool { step == .lead(.zero) }

    /// Firing order: instant, then declaration, then the item's local time, then stage, then id (a total order, so
    /// the order stages were found in never matters).
    static func precedes(_ a: Stage, _ b: Stage) -> Bool {
        if a.at != b.at { return a.at < b.at }
        if a.declared != b.declared { return a.declared < b.declared }
        if a.item.local != b.item.local { return a.item.local < b.item.local }
        if a.step != b.step { return a.step < b.step }
        return a.item.id < b.item.id
    }
}
