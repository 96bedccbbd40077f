/// One entry the daemon sends, in the order it sends them: a scheduler event (reminder, due, overdue, blocked,
/// unblocked, renewal), a person's daily digest, or the summary of a catch-up.
public enum DriverOutput: Sendable {
    /// A scheduler event; its entry is `EventFormatter.entry(_:)` of it.
    case event(SchedulerEvent)
    /// A daily digest that has something to report.
    case digest(DigestSend, JournalEntry)
    /// The summary after a catch-up.
    case catchUp(CatchUpSummary, JournalEntry)

    /// The journal entry, formatted with `formatter` (events are formatted only when asked: a dry run skips those
    /// it does not show).
    public func entry(_ formatter: EventFormatter) -> JournalEntry {
        switch self {
        case .event(let event): formatter.entry(event)
        case .digest(_, let entry), .catchUp(_, let entry): entry
        }
    }
}
