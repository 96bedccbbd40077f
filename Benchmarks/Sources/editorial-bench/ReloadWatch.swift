import EditorialClient
import EditorialCore
import Foundation
import Synchronization

/// Sends `status` on its own connection in a loop while a reload runs: each round trip's time, and when the
/// reply first showed more upcoming posts than `before` (the reloaded plans in force).
final class ReloadWatch: Sendable {
    private struct State {
        var times: [Double] = []
        var seen: Double?
        var done = false
        var finished = false
    }

    private let state = Mutex(State())

    /// Starts the loop on a new thread; times count from `start` (`Measure.now()`).
    init(client: ControlClient, before: Int64, start: Double) {
        let line = ControlRequest(command: .status).line
        let box = UncheckedClient(client)
        Thread { [self] in
            while !state.withLock({ $0.done }) {
                let t0 = Measure.now()
                guard (try? box.client.send(line)) != nil, let reply = try? box.client.readLine(timeout: 30) else {
                    break
                }
                let t1 = Measure.now()
                let upcoming = (try? JSONParser.parse(reply))?["result"]?["counts"]?["upcoming_7_days"]?.int ?? before
                state.withLock {
                    $0.times.append((t1 - t0) * 1e6)
                    if $0.seen == nil && upcoming > before { $0.seen = t1 - start }
                }
            }
            state.withLock { $0.finished = true }
        }.start()
    }

    /// Seconds from the start until the new plans showed, if they did.
    var seen: Double? { state.withLock { $0.seen } }

    /// Stops the loop (after the round trip in flight) and returns the round trips' microseconds.
    func stop() -> [Double] {
        state.withLock { $0.done = true }
        while !state.withLock({ $0.finished }) { Thread.sleep(forTimeInterval: 0.001) }
        return state.withLock { $0.times }
    }

    /// The client, used by the loop's thread alone.
    private struct UncheckedClient: @unchecked Sendable {
        let client: ControlClient
        init(_ client: ControlClient) { self.client = client }
    }
}
