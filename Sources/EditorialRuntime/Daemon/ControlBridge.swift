import Dispatch
import EditorialCore

/// Answers control requests on the daemon's queue: reads go to a `ControlResponder` built on the current
/// scheduler and snapshot; changes are decided by it and carried out by the `ChangeApplier`; `reload` goes to the
/// daemon. Its replies are typed values, encoded on the server's queue.
final class ControlBridge: Sendable {
    let loop: SchedulingLoop
    let applier: ChangeApplier
    let store: any StateStore
    let clock: any Clock
    /// Renders exports off the queue.
    let calendar: CalendarPublisher
    /// Counts the pace off the queue.
    let pace: PaceKeeper
    /// What `status` reports of the daemon itself.
    let facts: @Sendable () -> DaemonFacts
    /// Reloads the plans and replies when done.
    let reload: @Sendable (ControlPeer, @escaping @Sendable (ReloadReply) -> Void) -> Void

    /// A bridge over the daemon's parts.
    init(
        loop: SchedulingLoop, applier: ChangeApplier, store: any StateStore, clock: any Clock,
        calendar: CalendarPublisher, pace: PaceKeeper, facts: @escaping @Sendable () -> DaemonFacts,
        reload: @escaping @Sendable (ControlPeer, @escaping @Sendable (ReloadReply) -> Void) -> Void
    ) {
        self.loop = loop
        self.applier = applier
        self.store = store
        self.clock = clock
        self.calendar = calendar
        self.pace = pace
        self.facts = facts
        self.reload = reload
    }

    /// The handler the control server calls.
    var handler: ControlHandler {
        ControlHandler(
            answer: { [self] request, peer, reply in answer(request, from: peer, reply: reply) },
            refused: { [self] request, credentials in
                applier.refused(Refusal(request), by: credentials.peer, now: clock.seconds())
            })
    }

    /// The responder for `now`.
    func responder(now: Int64) -> ControlResponder {
        let store = store
        return ControlResponder(
            now: now, scheduler: loop.scheduler, acknowledged: applier.acknowledged,
            snapshot: { [loop] in loop.snapshot(now: now) },
            history: { id in
                ItemHistory(
                    fired: try store.fired(item: id), audit: try store.audit(item: id, limit: ItemHistory.auditShown),
                    deliveries: try store.deliveries(item: id))
            })
    }

    /// `outbox`: a page of deliveries from the store, newest first.
    private func outbox(_ call: OutboxCall) throws(ControlFailure) -> OutboxPage {
        do {
            let rows = try store.outbox(state: call.state, before: call.before, limit: call.pageSize + 1)
            let page = rows.prefix(call.pageSize)
            return OutboxPage(
                deliveries: page.map(DeliveryEntry.init), counts: OutboxCounts(try store.outboxCounts()),
                next: rows.count > call.pageSize ? page.last?.id : nil)
        } catch {
            throw ControlFailure(.internal, "cannot read the outbox: \(error)")
        }
    }

    /// Answers one request.
    func answer(
        _ request: ControlRequest, from credentials: PeerCredentials,
        reply: @escaping @Sendable (ControlHandler.Outcome) -> Void
    ) {
        dispatchPrecondition(condition: .onQueue(loop.queue))
        let now = clock.seconds()
        do throws(ControlFailure) {
            let responder = responder(now: now)
            switch try AnyControlCall(request) {
            case .status: reply(.success(responder.status(facts())))
            case .agenda(let call): reply(.success(try responder.agenda(call)))
            case .list(let call): reply(.success(try responder.list(call)))
            case .show(let call): reply(.success(try responder.show(call)))
            case .gate(let call): reply(.success(try responder.gate(call)))
            case .change(let call):
                let change = try responder.change(call)
                if change.isEffective { try applier.apply(change, by: credentials.peer, now: now) }
                let status = self.responder(now: now).status(of: change.item) ?? .planned
                reply(.success(ChangeReply(change, changed: change.isEffective, status: status)))
            case .ack(let call):
                reply(
                    .success(try applier.acknowledge(responder.acknowledgement(call), by: credentials.peer, now: now)))
            case .export(let call):
                // Rendered on the publisher's queue; the reply comes back to this one, as the handler expects.
                let queue = loop.queue
                calendar.export(loop.calendarSnapshot, filter: call.filter, alarms: call.alarms) { result in
                    queue.async { reply(result.map { $0 as any Encodable & Sendable }) }
                }
            case .reload: reload(credentials.peer) { reply(.success($0)) }
            case .watch: reply(.failure(ControlFailure(.badRequest, "watch is answered by the server")))
            case .outbox(let call): reply(.success(try outbox(call)))
            case .retry(let call):
                let answer = try applier.retryDelivery(call.delivery, by: credentials.peer, now: now)
                reply(.success(answer))
            case .grid(let call):
                // Four weeks of a million posts take a moment to count: off the queue, on a copy of the scheduler.
                let (scheduler, queue) = (loop.scheduler, loop.queue)
                DispatchQueue.global(qos: .userInitiated).async {
                    let grid = ControlResponder.grid(call, scheduler: scheduler, now: now)
                    queue.async { reply(.success(grid)) }
                }
            case .pace(let call):
                // Counted on the pace keeper's queue; the reply comes back to this one, as the handler expects.
                let queue = loop.queue
                pace.report(call, now: now) { result in
                    queue.async { reply(result.map { $0 as any Encodable & Sendable }) }
                }
            case .simulate(let call): try simulate(call, now: now, reply: reply)
            }
        } catch {
            reply(.failure(error))
        }
    }
}
