import Dispatch
import EditorialCore
import Foundation

extension Daemon {
    /// done, publish, skip, snooze, reopen: writes the new state with its audit row first (one transaction),
    /// then tells the scheduler, then journals it. A store failure changes nothing.
    func change(_ request: ControlRequest, by peer: PeerCredentials, now: Int64) throws(ControlFailure) -> JSONValue {
        let item = try item(request)
        let evaluation = currentSnapshot(now: now).evaluator.evaluate(item)
        let before = evaluation.state
        var after = before
        var detail: String? = nil
        let isPost = item.kind == .post || item.kind == .occurrence
        switch request.command {
        case .done:
            guard !isPost else {
                throw ControlFailure(.invalidState, "\(item.id) is a post: mark it published (or skipped), not done")
            }
            after = ItemState(progress: .done)
        case .publish:
            guard isPost else {
                throw ControlFailure(
                    .invalidState, "\(item.id) is a \(item.kind.rawValue), not a post: mark it done, not published")
            }
            let force = try request.flag("force")
            if evaluation.status == .blocked && !force {
                let names = evaluation.blockers.map { b in
                    "\(b.item) (\(b.reason.rawValue)\(b.owner.map { ", owner \($0)" } ?? ""))"
                }
                throw ControlFailure(
                    .blocked,
                    "\(item.id) is blocked by \(names.joined(separator: ", ")); publish with force to override",
                    details: ["blocked_by": .array(evaluation.blockers.map(ItemJSON.blame))])
            }
            if evaluation.status == .blocked {
                detail = "forced past " + evaluation.blockers.map(\.item).joined(separator: ", ")
            }
            after = ItemState(progress: .published)
        case .skip:
            let reason = try request.string("reason")
            guard reason.count <= 1_000 else {
                throw ControlFailure(.badArgument, "the reason is longer than 1000 characters")
            }
            detail = reason
            after = ItemState(progress: .skipped)
        case .snooze:
            guard before.progress == nil && item.progress == nil else {
                throw ControlFailure(
                    .invalidState, "\(item.id) is \(evaluation.status.rawValue); only open items can be snoozed")
            }
            let until: Int64
            if let t = try instant(request, "until") {
                until = t
            } else if let seconds = try request.optionalInt("seconds", in: 1...(366 * 86_400)) {
                until = now + seconds
            } else {
                throw ControlFailure(.badArgument, "snooze needs \"until\" (RFC 3339) or \"seconds\"")
            }
            guard until > now else { throw ControlFailure(.badArgument, "\"until\" is in the past") }
            guard until <= now + 366 * 86_400 else { throw ControlFailure(.badArgument, "snooze for at most a year") }
            detail = "until " + TimeText.utc(until)
            after = ItemState(progress: nil, snoozedUntil: until)
        case .reopen:
            after = ItemState()
        default:
            throw ControlFailure(.internal, "not a state change: \(request.command.rawValue)")
        }
        guard after != before else {
            return changeReply(item, request.command, before: before, after: after, changed: false, now: now)
        }
        do {
            try store.setState(
                after, for: item.id, actor: peer.description, action: request.command.rawValue, detail: detail, at: now)
        } catch {
            throw ControlFailure(.internal, "cannot record the change in the state database; nothing changed: \(error)")
        }
        snapshot = nil
        let step = scheduler.setState(after, for: item.id, now: now)
        // Same items, new open counts: no re-expansion of the agenda for one changed item.
        statusIndex = statusIndex?.refreshed(for: scheduler)
        perform(step, now: now)
        arm()
        var message = "\(item.id) \(Self.pastTense(request.command)) by \(peer.description)"
        if let detail { message += " (\(detail))" }
        emit(
            JournalEntry(
                message, priority: .notice, messageID: .stateChanged,
                fields: [
                    JournalField("EDITORIAL_ITEM", item.id), JournalField("EDITORIAL_PLAN", item.plan),
                    JournalField("EDITORIAL_ACTION", request.command.rawValue),
                    JournalField("EDITORIAL_ACTOR", peer.userName),
                    JournalField("EDITORIAL_ACTOR_UID", String(peer.uid)),
                    JournalField("EDITORIAL_ACTOR_PID", String(peer.pid)),
                    JournalField("EDITORIAL_BEFORE", Self.stateText(before)),
                    JournalField("EDITORIAL_AFTER", Self.stateText(after)),
                ]))
        updateStatus(now: now)
        return changeReply(item, request.command, before: before, after: after, changed: true, now: now)
    }

    private func changeReply(
        _ item: AgendaItem, _ command: ControlCommand, before: ItemState, after: ItemState, changed: Bool, now: Int64
    ) -> JSONValue {
        let e = currentSnapshot(now: now).evaluator.evaluate(item)
        return .object([
            "item": .string(item.id), "action": .string(command.rawValue), "changed": .bool(changed),
            "before": .string(Self.stateText(before)), "after": .string(Self.stateText(after)),
            "status": .string(e.status.rawValue),
        ])
    }

    /// `open`, `done`, `published`, `skipped`, `snoozed until …`.
    static func stateText(_ s: ItemState) -> String {
        if let p = s.progress { return p.rawValue }
        if let until = s.snoozedUntil { return "snoozed until " + TimeText.utc(until) }
        return "open"
    }

    private static func pastTense(_ c: ControlCommand) -> String {
        switch c {
        case .done: "marked done"
        case .publish: "marked published"
        case .skip: "skipped"
        case .snooze: "snoozed"
        case .reopen: "reopened"
        default: c.rawValue
        }
    }

    /// ack: records that someone saw a fired reminder, due notice, overdue warning or block.
    func acknowledge(_ request: ControlRequest, by peer: PeerCredentials, now: Int64) throws(ControlFailure)
        -> JSONValue
    {
        let key = try request.string("key")
        guard let bang = key.lastIndex(of: "!") else {
            throw ControlFailure(
                .badArgument, "a reminder key is ITEM!LEAD, ITEM!overdue or ITEM!blocked, not '\(key)'")
        }
        let id = String(key[..<bang])
        guard let item = scheduler.agenda.item(id: id) else {
            throw ControlFailure(.notFound, "no item '\(id)' (from the key '\(key)')")
        }
        let known = Set(item.reminders.map(\.key) + ["\(id)!overdue", "\(id)!blocked"])
        guard known.contains(key) else {
            throw ControlFailure(
                .notFound, "\(id) has no reminder '\(key)' (its keys: \(known.sorted().joined(separator: ", ")))")
        }
        let hasFired = scheduler.fired[key] != nil || (key.hasSuffix("!blocked") && scheduler.announced[id] != nil)
        guard hasFired else {
            throw ControlFailure(.invalidState, "'\(key)' has not fired; only sent reminders can be acknowledged")
        }
        let added: Bool
        do {
            added = try store.acknowledge(key: key, item: id, actor: peer.description, at: now)
        } catch {
            throw ControlFailure(.internal, "cannot record the acknowledgement; nothing changed: \(error)")
        }
        if added {
            acknowledged[key] = now
            emit(
                JournalEntry(
                    "\(key) acknowledged by \(peer.description)", priority: .info, messageID: .stateChanged,
                    fields: [
                        JournalField("EDITORIAL_ITEM", id), JournalField("EDITORIAL_REMINDER_KEY", key),
                        JournalField("EDITORIAL_ACTION", "ack"), JournalField("EDITORIAL_ACTOR", peer.userName),
                        JournalField("EDITORIAL_ACTOR_UID", String(peer.uid)),
                        JournalField("EDITORIAL_ACTOR_PID", String(peer.pid)),
                    ]))
        }
        return .object([
            "key": .string(key), "item": .string(id), "changed": .bool(added),
            "acknowledged_at": .string(TimeText.utc(acknowledged[key] ?? now)),
        ])
    }

    /// reload: re-reads the plans now and says what happened.
    func reloadReply(by peer: PeerCredentials, now: Int64) -> JSONValue {
        let (load, changes) = reload()
        _ = try? store.appendAudit(
            actor: peer.description, action: "reload", item: nil,
            detail: load.accepted ? "accepted: \(changes?.summary ?? "")" : "rejected: \(load.errors.count) errors",
            at: now)
        var o: [String: JSONValue] = [
            "accepted": .bool(load.accepted), "files": .int(Int64(load.files.count)),
            "seconds": .double((load.seconds * 1000).rounded() / 1000), "warnings": .int(Int64(load.warnings.count)),
            "errors": .array(load.errors.prefix(50).map(Self.diagnostic)),
            "error_count": .int(Int64(load.errors.count)),
            "running_plans": .int(Int64(current.planSet.plans.count)),
            "running_since": .string(TimeText.utc(loadedAt)),
        ]
        if let changes {
            o["plans"] = .int(Int64(load.planSet.plans.count))
            var c: [String: JSONValue] = [:]
            for (name, ids) in [
                ("added", changes.added), ("removed", changes.removed), ("moved", changes.moved),
                ("edited", changes.edited),
            ] {
                c[name] = .object([
                    "count": .int(Int64(ids.count)), "first": .array(ids.prefix(20).map(JSONValue.string)),
                ])
            }
            o["changes"] = .object(c)
            o["summary"] = .string(changes.summary)
        }
        return .object(o)
    }

    /// A refused change: a warning in the journal and a row in the audit log.
    func refuse(_ request: ControlRequest, from peer: PeerCredentials) {
        let target = request.arguments["item"]?.string ?? request.arguments["key"]?.string
        emit(
            JournalEntry(
                "Refused '\(request.command.rawValue)'\(target.map { " of \($0)" } ?? "") to \(peer.description): "
                    + "not allowed to change state",
                priority: .warning, messageID: .controlRefused,
                fields: [
                    JournalField("EDITORIAL_ACTION", request.command.rawValue),
                    JournalField("EDITORIAL_ITEM", target ?? ""), JournalField("EDITORIAL_ACTOR", peer.userName),
                    JournalField("EDITORIAL_ACTOR_UID", String(peer.uid)),
                    JournalField("EDITORIAL_ACTOR_PID", String(peer.pid)),
                ]))
        _ = try? store.appendAudit(
            actor: peer.description, action: "refused:\(request.command.rawValue)", item: target,
            detail: "not allowed to change state", at: WallClock.seconds())
    }
}
