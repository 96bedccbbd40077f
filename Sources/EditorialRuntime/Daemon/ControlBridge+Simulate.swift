import Dispatch
import EditorialCore

extension ControlBridge {
    /// Dry runs, one at a time, off the daemon's queue: a month of a large plan set takes a second or two.
    private static let simulations = DispatchQueue(label: "editoriald.simulate")

    /// `simulate`: a page of the dry run from where the daemon stands. The driver (scheduler, fired keys, states,
    /// announcements, snoozes, digests) is copied here, which is O(1) for its copy-on-write values, and run on a
    /// queue of its own; the daemon is not touched. The reply comes back to the daemon's queue, as the handler
    /// expects.
    func simulate(
        _ call: SimulateCall, now: Int64, reply: @escaping @Sendable (ControlHandler.Outcome) -> Void
    ) throws(ControlFailure) {
        if let problem = Simulation.problem(
            from: call.from.seconds, to: call.to.seconds, down: call.down, earliest: now)
        {
            throw ControlFailure(.badArgument, problem)
        }
        let simulation = Simulation(
            continuing: loop.driver, now: now, from: call.from.seconds, to: call.to.seconds, down: call.down)
        let cursor = call.cursor.flatMap(SimulationCursor.init(text:))
        let queue = loop.queue
        Self.simulations.async {
            let page = simulation.page(limit: call.pageSize, after: cursor)
            queue.async { reply(.success(page)) }
        }
    }
}
