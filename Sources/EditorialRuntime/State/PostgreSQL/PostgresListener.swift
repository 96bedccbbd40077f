import Foundation
import Synchronization

/// Listens on the channel `editoriald` on a session of its own, on a thread of its own (a wait in `poll(2)`),
/// and hands each batch of payloads to `received`. When the session was lost and opened again, notifications may
/// have been missed: `received` gets `nil` then, and the receiver reads everything again.
public final class PostgresListener: Sendable {
    private let stopped = Atomic<Bool>(false)

    /// Starts listening; `received` runs on the listener's thread.
    public init(store: PostgreSQLStateStore, received: @escaping @Sendable ([String]?) -> Void) throws(StateStoreError)
    {
        let session = try store.session(prepare: { c throws(PostgresError) in try c.execute("LISTEN editoriald") })
        let thread = Thread { [self, session] in
            var connections = session.connections
            while !stopped.load(ordering: .relaxed) {
                do throws(PostgresError) {
                    let payloads = try session.notifications(waiting: 1)
                    if session.connections != connections {
                        connections = session.connections
                        received(nil)
                    }
                    if !payloads.isEmpty { received(payloads) }
                } catch {
                    // The database is gone: try again in a second (the lease's session reports the loss).
                    Thread.sleep(forTimeInterval: 1)
                }
            }
            session.disconnect()
        }
        thread.name = "editoriald.listener"
        thread.start()
    }

    /// Stops listening within a second.
    public func stop() { stopped.store(true, ordering: .relaxed) }
}
