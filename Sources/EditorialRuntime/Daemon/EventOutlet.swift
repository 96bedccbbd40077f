import EditorialCore
import Synchronization

/// Where the daemon's entries go out: the event sink (the journal), and each as a `watch` event to the control
/// server's watchers once the server is up. Safe from any queue.
public final class EventOutlet: Sendable {
    private let sink: any EventSink
    private let clock: any Clock
    private let server = Mutex<ControlServer?>(nil)

    /// An outlet to `sink`; events are stamped with `clock`.
    public init(sink: any EventSink, clock: any Clock) {
        self.sink = sink
        self.clock = clock
    }

    /// Watchers of `server` receive every entry from now on (`nil`: none).
    func attach(_ server: ControlServer?) { self.server.withLock { $0 = server } }

    /// Sends an entry to the sink and, as an event, to watchers.
    public func emit(_ entry: JournalEntry) {
        sink.send(entry)
        guard let server = server.withLock({ $0 }), server.hasWatchers else { return }
        server.broadcast(WatchEvent(entry, at: clock.seconds()))
    }
}
