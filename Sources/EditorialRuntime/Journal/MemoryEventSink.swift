import EditorialCore
import Synchronization

/// An event sink that keeps every entry in memory, in order: for tests that build a daemon in process.
public final class MemoryEventSink: EventSink {
    private let stored = Mutex<[JournalEntry]>([])

    /// An empty sink.
    public init() {}

    /// Keeps the entry.
    public func send(_ entry: JournalEntry) { stored.withLock { $0.append(entry) } }

    /// Every entry so far, in order.
    public var entries: [JournalEntry] { stored.withLock { $0 } }
}
