import EditorialCore

/// Carries out what the team changes over the control socket, as `ControlResponder` decided it: the store write
/// and its audit row first (one transaction), then the scheduler, then the journal entry. A store failure changes
/// nothing and is an `internal` error. It also owns the acknowledgements and audits refusals and reloads.
/// Runs on the daemon's queue.
final class ChangeApplier: @unchecked Sendable {
    // `acknowledged` is touched only on the daemon's queue.
    let store: any StateStore
    let loop: SchedulingLoop
    let outlet: EventOutlet
    /// Acknowledged reminder keys and when.
    private(set) var acknowledged: [String: Int64]
    /// Runs after each recorded change (the daemon updates `STATUS=`).
    var changed: (Int64) -> Void = { _ in }
    /// Runs after an item's outcome changed (published, done, skipped, or reopened: `nil`), for the pace index.
    var recordedOutcome: (String, PaceRecord?, AgendaItem?, Int64) -> Void = { _, _, _, _ in }
    /// Runs after a delivery was queued again (the delivery worker looks at once).
    var retried: () -> Void = {}

    /// An applier writing to `store`, telling `loop`, journaling through `outlet`.
    init(store: any StateStore, loop: SchedulingLoop, outlet: EventOutlet, acknowledged: [String: Int64]) {
        self.store = store
        self.loop = loop
        self.outlet = outlet
        self.acknowledged = acknowledged
    }

    /// Learns of acknowledgements another daemon sharing the database recorded (`at` when heard, if unknown).
    func heardAcknowledged(_ keys: [String: Int64]) {
        for (key, at) in keys where acknowledged[key] == nil { acknowledged[key] = at }
    }

    /// Records an effective change with its audit row, tells the scheduler, journals it.
    func apply(_ change: StateChange, by peer: ControlPeer, now: Int64) throws(ControlFailure) {
        // The pace history: what became of the item, when, and the due time it has in the plans right now.
        let progressed = change.after.progress != change.before.progress
        let planItem = progressed ? loop.scheduler.agenda.item(id: change.item) : nil
        let outcome = change.after.progress.flatMap { progress -> PaceRecord? in
            guard progressed else { return nil }
            guard let planItem else {
                return PaceRecord(
                    item: change.item, plan: change.plan, kind: nil, progress: progress, at: now, due: nil)
            }
            return PaceRecord(planItem, progress: progress, at: now, in: loop.scheduler.agenda.planSet)
        }
        do {
            try store.setState(
                change.after, for: change.item, audit: change.audit(by: peer, at: now), outcome: outcome)
        } catch {
            throw ControlFailure(.internal, "cannot record the change in the state database; nothing changed: \(error)")
        }
        loop.setState(change.after, for: change.item, now: now)
        if progressed { recordedOutcome(change.item, outcome, planItem, now) }
        outlet.emit(
            JournalEntry(
                change.sentence(by: peer), priority: .notice, messageID: .stateChanged,
                fields: [
                    JournalField("EDITORIAL_ITEM", change.item), JournalField("EDITORIAL_PLAN", change.plan),
                    JournalField("EDITORIAL_ACTION", change.action.rawValue),
                ] + Self.actor(peer) + [
                    JournalField("EDITORIAL_BEFORE", change.before.text),
                    JournalField("EDITORIAL_AFTER", change.after.text),
                ]))
        changed(now)
    }

    /// Records an acknowledgement unless it was recorded already; returns the reply.
    func acknowledge(_ ack: Acknowledgement, by peer: ControlPeer, now: Int64) throws(ControlFailure) -> AckReply {
        guard ack.existing == nil else { return ack.reply(changed: false, at: now) }
        let added: Bool
        do {
            added = try store.acknowledge(key: ack.key, audit: ack.audit(by: peer, at: now))
        } catch {
            throw ControlFailure(.internal, "cannot record the acknowledgement; nothing changed: \(error)")
        }
        guard added else { return ack.reply(changed: false, at: now) }
        acknowledged[ack.key] = now
        outlet.emit(
            JournalEntry(
                ack.sentence(by: peer), priority: .info, messageID: .stateChanged,
                fields: [
                    JournalField("EDITORIAL_ITEM", ack.item), JournalField("EDITORIAL_REMINDER_KEY", ack.key),
                    JournalField("EDITORIAL_ACTION", "ack"),
                ] + Self.actor(peer)))
        return ack.reply(changed: true, at: now)
    }

    /// Queues a delivery again for an attempt now (`retry`), with its audit row and a journal entry; the worker is
    /// woken through `retried`.
    func retryDelivery(_ id: Int64, by peer: ControlPeer, now: Int64) throws(ControlFailure) -> RetryReply {
        let entry: OutboxEntry?
        do {
            let before = try store.delivery(id: id)
            guard let before else { throw ControlFailure(.notFound, "no delivery \(id) in the outbox") }
            guard before.state != .delivered else {
                throw ControlFailure(
                    .invalidState,
                    "delivery \(id) was delivered at \(TimeText.utc(before.delivered ?? before.queued)); nothing to retry"
                )
            }
            entry = try store.retryDelivery(
                id: id, now: now,
                audit: AuditRecord(
                    id: 0, at: now, actor: peer.description, action: "retry", item: before.item,
                    before: before.state.rawValue, after: "pending",
                    detail: "delivery \(id) to route \(before.route) (\(before.event) \(before.reminderKey))"))
        } catch let failure as ControlFailure {
            throw failure
        } catch {
            throw ControlFailure(.internal, "cannot queue delivery \(id) again; nothing changed: \(error)")
        }
        guard let entry else { throw ControlFailure(.notFound, "no delivery \(id) in the outbox") }
        outlet.emit(
            JournalEntry(
                "\(peer.userName) queued delivery \(id) to route '\(entry.route)' again (\(entry.event) \(entry.reminderKey))",
                priority: .info, messageID: .stateChanged,
                fields: [
                    JournalField("EDITORIAL_ITEM", entry.item ?? ""),
                    JournalField("EDITORIAL_REMINDER_KEY", entry.reminderKey),
                    JournalField("EDITORIAL_ACTION", "retry"), JournalField("EDITORIAL_DELIVERY_ID", String(id)),
                ] + Self.actor(peer)))
        retried()
        return RetryReply(delivery: DeliveryEntry(entry))
    }

    /// A refused change: a warning in the journal and a row in the audit log.
    func refused(_ refusal: Refusal, by peer: ControlPeer, now: Int64) {
        outlet.emit(
            JournalEntry(
                refusal.sentence(to: peer), priority: .warning, messageID: .controlRefused,
                fields: [
                    JournalField("EDITORIAL_ACTION", refusal.command.rawValue),
                    JournalField("EDITORIAL_ITEM", refusal.target ?? ""),
                ] + Self.actor(peer)))
        _ = try? store.appendAudit(refusal.audit(by: peer, at: now))
    }

    /// The audit row of a reload asked for over the socket.
    func reloaded(by peer: ControlPeer, accepted: Bool, detail: String, now: Int64) {
        _ = try? store.appendAudit(
            AuditRecord(
                id: 0, at: now, actor: peer.description, action: "reload", item: nil,
                detail: (accepted ? "accepted: " : "rejected: ") + detail))
    }

    /// The fields naming who asked.
    private static func actor(_ peer: ControlPeer) -> [JournalField] {
        [
            JournalField("EDITORIAL_ACTOR", peer.userName), JournalField("EDITORIAL_ACTOR_UID", String(peer.uid)),
            JournalField("EDITORIAL_ACTOR_PID", String(peer.pid)),
        ]
    }
}
