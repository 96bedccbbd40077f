import EditorialCore

/// Where the daemon's journal entries go: `Journal` (journald, or the console), or `MemoryEventSink` in tests.
public protocol EventSink: Sendable {
    /// Takes one entry; never fails (a sink that cannot deliver falls back on its own).
    func send(_ entry: JournalEntry)
}
