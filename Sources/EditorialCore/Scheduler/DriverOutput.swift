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

    /// What a console line shows of the entry: its sentence, priority and `MESSAGE_ID` (an event's fields are not
    /// formatted: a dry run written as text never shows them).
    public func headline(_ formatter: EventFormatter) -> (message: String, priority: JournalPriority, id: MessageID?) {
        switch self {
        case .event(let event):
            let (message, priority, id) = formatter.headline(event)
            return (message, priority, id)
        case .digest(_, let entry), .catchUp(_, let entry): return (entry.message, entry.priority, entry.messageID)
        }
    }
}
