import Dispatch
import EditorialCore
import Foundation

extension Daemon {
    /// Opens the control socket (systemd's, else bound at the configured path); a failure is logged and the
    /// daemon runs on without it.
    func startControl() {
        let (access, unknown) = ControlAccess.resolve(users: config.controlUsers, groups: config.controlGroups)
        for name in unknown {
            logger.warning(
                "control access: the system has no \(name); it is ignored until it exists and editoriald restarts")
        }
        let handler = ControlHandler(
            answer: { [unowned self] request, peer in self.answer(request, from: peer) },
            refused: { [unowned self] request, peer in self.refuse(request, from: peer) })
        do {
            control = try ControlServer(
                path: config.socketPath, inherited: ListenFDs.take().first?.fd, stateQueue: queue, access: access,
                limits: ControlLimits(idleTimeout: Int(config.controlIdleTimeout)), handler: handler)
        } catch {
            logger.error("control socket unavailable: \(error)")
        }
    }

    /// Answers one request (on the state queue).
    func answer(_ request: ControlRequest, from peer: PeerCredentials) -> Result<JSONValue, ControlFailure> {
        dispatchPrecondition(condition: .onQueue(queue))
        let now = WallClock.seconds()
        do throws(ControlFailure) {
            switch request.command {
            case .status: return .success(status(now: now))
            case .agenda: return .success(try agenda(request, now: now))
            case .overdue: return .success(try overdueList(request, now: now))
            case .blocked: return .success(try blockedList(request, now: now))
            case .show: return .success(try show(request, now: now))
            case .gate: return .success(try gate(request, now: now))
            case .done, .publish, .skip, .snooze, .reopen:
                return .success(try change(request, by: peer, now: now))
            case .ack: return .success(try acknowledge(request, by: peer, now: now))
            case .reload: return .success(reloadReply(by: peer, now: now))
            case .watch: return .failure(ControlFailure(.badRequest, "watch is answered by the server"))
            }
        } catch {
            return .failure(error)
        }
    }

    /// The snapshot for `now`, recomputed when state changed or it expired.
    func currentSnapshot(now: Int64) -> StatusSnapshot {
        if let snapshot, now >= snapshot.now, now < snapshot.validUntil { return snapshot }
        let (start, end) = today(now)
        let window = StatusSnapshot.window(now: now, dayStart: start, dayEnd: end)
        if let index = statusIndex, index.span.lowerBound <= window.lowerBound,
            index.span.upperBound >= window.upperBound
        {
        } else {
            // A day of margin either side: the agenda is expanded about once a day, or after a reload or a
            // state change (which drop the index).
            let span = (window.lowerBound - 86_400)..<(window.upperBound + 86_400)
            statusIndex = StatusIndex(of: scheduler, span: span)
        }
        let fresh = StatusSnapshot(of: scheduler, now: now, dayStart: start, dayEnd: end, index: statusIndex)
        snapshot = fresh
        return fresh
    }

    /// The local day around `now` in the team's zone (the first plan's), as epoch seconds.
    func today(_ now: Int64) -> (Int64, Int64) {
        guard let zone = current.planSet.plans.first?.zone else {
            let start = now - ((now % 86_400) + 86_400) % 86_400
            return (start, start + 86_400)
        }
        let local = LocalDateTime(secondsSinceEpochAsUTC: now + Int64(zone.offset(atUTC: now)))
        let start = zone.resolve(LocalDateTime(daysSinceEpoch: local.daysSinceEpoch), policy: .default).utc ?? now
        let end = zone.resolve(LocalDateTime(daysSinceEpoch: local.daysSinceEpoch + 1), policy: .default).utc ?? now
        return (start, end)
    }

    private func status(now: Int64) -> JSONValue {
        let snap = currentSnapshot(now: now)
        var next: JSONValue = .null
        if let (kind, item, at) = scheduler.nextEvent {
            next = .object([
                "kind": .string(kind.rawValue), "item": .string(item), "at": .string(TimeText.utc(at)),
                "at_local": .string(localInstant(at)), "in_seconds": .int(max(0, at - now)),
            ])
        }
        var rejectedJSON: JSONValue = .null
        if let rejected {
            rejectedJSON = .object([
                "errors": .int(Int64(rejected.errors.count)),
                "first": .array(rejected.errors.prefix(5).map(Self.diagnostic)),
            ])
        }
        let stats = control?.statistics ?? ControlStatistics()
        return .object([
            "daemon": .string("editoriald"), "version": .string(EditorialdVersion.current),
            "protocol": .int(ControlProtocol.version), "pid": .int(Int64(getpid())),
            "started": .string(TimeText.utc(startedAt)), "uptime_seconds": .int(now - startedAt),
            "now": .string(TimeText.utc(now)), "now_local": .string(localInstant(now)),
            "plans": .object([
                "count": .int(Int64(current.planSet.plans.count)), "files": .int(Int64(current.files.count)),
                "directory": .string(config.plansDirectory), "loaded_at": .string(TimeText.utc(loadedAt)),
                "warnings": .int(Int64(current.warnings.count)),
                "names": .array(current.planSet.plans.prefix(50).map { .string($0.name) }),
            ]),
            "rejected": rejectedJSON,
            "counts": .object([
                "due_today": .int(Int64(snap.dueToday)), "overdue": .int(Int64(snap.overdueCount)),
                "blocked": .int(Int64(snap.blocked.count)), "upcoming_7_days": .int(Int64(snap.upcoming)),
            ]),
            "next": next, "state_directory": .string(config.stateDirectory),
            "control": .object([
                "connections": .int(Int64(stats.open)), "watchers": .int(Int64(stats.watching)),
                "replies": .int(Int64(stats.replies)), "refused": .int(Int64(stats.refused)),
            ]),
        ])
    }

    /// A diagnostic as JSON: file, line, column, severity, message.
    static func diagnostic(_ d: Diagnostic) -> JSONValue {
        .object([
            "file": .string(d.location.file), "line": .int(Int64(d.location.line)),
            "column": .int(Int64(d.location.column)), "severity": .string(d.severity.rawValue),
            "message": .string(d.message), "text": .string(d.description),
        ])
    }

    // MARK: Lists

    private func agenda(_ request: ControlRequest, now: Int64) throws(ControlFailure) -> JSONValue {
        let limit = try request.limit()
        let from = try instant(request, "from") ?? today(now).0
        let to = try instant(request, "to") ?? from + 7 * 86_400
        guard to > from else { throw ControlFailure(.badArgument, "\"to\" must be after \"from\"") }
        guard to - from <= 400 * 86_400 else {
            throw ControlFailure(.badArgument, "the window is longer than 400 days; ask for less and page")
        }
        let plan = try request.optionalString("plan")
        let channel = try request.optionalString("channel")
        if let plan, current.planSet.planIndex[plan] == nil {
            let names = current.planSet.plans.map(\.name)
            let hint = Suggestion.nearest(to: plan, among: names).map { "; did you mean '\($0)'?" } ?? ""
            throw ControlFailure(.notFound, "no plan named '\(plan)'\(hint)")
        }
        var position: (Int64, String)? = nil
        if let cursor = try request.optionalString("cursor") {
            guard let parsed = Self.cursor(cursor) else {
                throw ControlFailure(.badArgument, "a cursor that this daemon did not give")
            }
            position = parsed
        }
        // Day by day from the cursor until a page is full: a page costs the same anywhere in a long window.
        var page: [AgendaItem] = []
        var chunkStart = max(from, position?.0 ?? from)
        var more = false
        let agenda = scheduler.agenda
        while chunkStart < to && !more {
            let chunkEnd = min(to, chunkStart + 86_400)
            for item in agenda.items(from: chunkStart, to: chunkEnd) {
                if let (t, id) = position, let due = item.due, due == t && item.id <= id { continue }
                if let plan, item.plan != plan { continue }
                if let channel, !current.planSet.channel(item.channel, matches: channel) { continue }
                guard page.count < limit else {
                    more = true
                    break
                }
                page.append(item)
            }
            chunkStart = chunkEnd
        }
        let evaluator = StatusEvaluator(agenda: agenda, state: scheduler.states, now: now, scope: page)
        let entries = page.map { entry(evaluator.evaluate($0)) }
        let last = page.last.flatMap { item in item.due.map { Self.cursorText($0, item.id) } }
        return .object([
            "now": .string(TimeText.utc(now)), "from": .string(TimeText.utc(from)), "to": .string(TimeText.utc(to)),
            "items": .array(entries), "next_cursor": more ? JSONValue.optional(last) : .null,
        ])
    }

    private func overdueList(_ request: ControlRequest, now: Int64) throws(ControlFailure) -> JSONValue {
        let limit = try request.limit()
        let snap = currentSnapshot(now: now)
        var after: (Int64, String)? = nil
        if let cursor = try request.optionalString("cursor") {
            guard let position = Self.cursor(cursor) else {
                throw ControlFailure(.badArgument, "a cursor that this daemon did not give")
            }
            after = position
        }
        let (page, more) = snap.overduePage(after: after, limit: limit)
        let last = page.last.map { Self.cursorText($0.item.due!, $0.item.id) }
        return .object([
            "now": .string(TimeText.utc(now)), "total": .int(Int64(snap.overdueCount)),
            "items": .array(page.map(entry)), "next_cursor": more ? JSONValue.optional(last) : .null,
        ])
    }

    private func blockedList(_ request: ControlRequest, now: Int64) throws(ControlFailure) -> JSONValue {
        let limit = try request.limit()
        let snap = currentSnapshot(now: now)
        var start = 0
        if let cursor = try request.optionalString("cursor") {
            guard let offset = Int(cursor.dropFirst(2)), cursor.hasPrefix("b:"), offset >= 0 else {
                throw ControlFailure(.badArgument, "a cursor that this daemon did not give")
            }
            // The blocked list is ordered by how late its blockers are, which changes with time; an offset
            // into this snapshot is the honest cursor (a page may repeat or miss an item that moved).
            start = min(offset, snap.blocked.count)
        }
        let page = snap.blocked[start...].prefix(limit)
        let more = start + page.count < snap.blocked.count
        return .object([
            "now": .string(TimeText.utc(now)), "total": .int(Int64(snap.blocked.count)),
            "items": .array(page.map(entry)), "next_cursor": more ? .string("b:\(start + page.count)") : .null,
        ])
    }

    /// One entry with live additions: the acknowledged keys among its fired reminders.
    func entry(_ e: ItemEvaluation) -> JSONValue {
        guard case .object(var o) = ItemJSON.entry(e) else { return .null }
        let keys = e.item.reminders.map(\.key) + ["\(e.item.id)!overdue", "\(e.item.id)!blocked"]
        let acked = keys.filter { acknowledged[$0] != nil }
        if !acked.isEmpty { o["acknowledged"] = .array(acked.map(JSONValue.string)) }
        return .object(o)
    }

    /// `due|id` cursors: the position after the last item of a page, stable while items come and go.
    static func cursorText(_ due: Int64, _ id: String) -> String { "\(due)|\(id)" }

    static func cursor(_ text: String) -> (Int64, String)? {
        guard let bar = text.firstIndex(of: "|"), let t = Int64(text[..<bar]) else { return nil }
        return (t, String(text[text.index(after: bar)...]))
    }

    /// An instant argument: RFC 3339 with `Z` or an offset, or epoch seconds.
    func instant(_ request: ControlRequest, _ name: String) throws(ControlFailure) -> Int64? {
        guard let value = request.arguments[name], value != .null else { return nil }
        if let i = value.int { return i }
        guard let text = value.string else {
            throw ControlFailure(.badArgument, "\"\(name)\" must be an RFC 3339 time or epoch seconds")
        }
        if case .success(.instant(let t)) = TimeText.parse(text) { return t }
        throw ControlFailure(
            .badArgument,
            "\"\(name)\" must be an RFC 3339 time with Z or an offset (2027-01-05T09:30:00Z), not '\(text)'")
    }

    // MARK: One item

    /// The item named by `"item"`, or `not-found` with the nearest ids.
    func item(_ request: ControlRequest) throws(ControlFailure) -> AgendaItem {
        let id = try request.string("item")
        if let item = scheduler.agenda.item(id: id) { return item }
        let candidates = Array(scheduler.agenda.fixedItems.keys)
        let hint = Suggestion.nearest(to: id, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
        throw ControlFailure(
            .notFound, "no item '\(id)'\(hint) (ids: plan/id, plan/slot@YYYY-MM-DDTHH:MM, …/prepare, plan/renewal)")
    }

    private func show(_ request: ControlRequest, now: Int64) throws(ControlFailure) -> JSONValue {
        let item = try item(request)
        let e = currentSnapshot(now: now).evaluator.evaluate(item)
        guard case .object(var o) = entry(e) else { return .null }
        let records: [FiredRecord]
        let history: [AuditRecord]
        do {
            records = try store.fired(item: item.id)
            history = try store.audit(item: item.id, limit: 50)
        } catch {
            throw ControlFailure(.internal, "cannot read the state database: \(error)")
        }
        let firedAt = Dictionary(records.map { ($0.key, $0) }, uniquingKeysWith: { _, b in b })
        var stages: [JSONValue] = item.reminders.map { r in
            stage(
                key: r.key, kind: r.lead == .zero ? "due" : "reminder", lead: r.lead.description, at: r.at, now: now,
                firedAt)
        }
        if let due = item.due, item.kind != .renewal {
            stages.append(
                stage(
                    key: "\(item.id)!overdue", kind: "overdue", lead: nil,
                    at: due + scheduler.configuration.overdueAfter, now: now, firedAt))
        }
        o["stages"] = .array(stages)
        o["blocks"] = .array(
            currentSnapshot(now: now).evaluator.blocked(by: item.id).prefix(ControlProtocol.blocksShown).map(
                JSONValue.string))
        o["source"] = .string(item.source.description)
        if let announced = scheduler.announced[item.id] { o["announced_blocked_by"] = .string(announced) }
        o["history"] = .array(history.map(Self.audit))
        return .object(o)
    }

    private func stage(
        key: String, kind: String, lead: String?, at: Int64, now: Int64, _ fired: [String: FiredRecord]
    ) -> JSONValue {
        var o: [String: JSONValue] = ["key": .string(key), "kind": .string(kind), "at": .string(TimeText.utc(at))]
        if let lead { o["lead"] = .string(lead) }
        if let record = fired[key], record.scheduled == at {
            o["fired_at"] = .string(TimeText.utc(record.fired))
            if record.catchUp { o["catch_up"] = .bool(true) }
        } else if scheduler.fired[key] == at {
            o["fired_at"] = .string("")
        }
        o["state"] = .string(o["fired_at"] != nil ? "fired" : at <= now ? "missed" : "pending")
        if let ackAt = acknowledged[key] { o["acknowledged_at"] = .string(TimeText.utc(ackAt)) }
        return .object(o)
    }

    /// An audit row as JSON.
    static func audit(_ r: AuditRecord) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .int(r.id), "at": .string(TimeText.utc(r.at)), "actor": .string(r.actor), "action": .string(r.action),
        ]
        if let item = r.item { o["item"] = .string(item) }
        if let before = r.before { o["before"] = .string(before) }
        if let after = r.after { o["after"] = .string(after) }
        if let detail = r.detail { o["detail"] = .string(detail) }
        return .object(o)
    }

    private func gate(_ request: ControlRequest, now: Int64) throws(ControlFailure) -> JSONValue {
        let item = try item(request)
        let e = currentSnapshot(now: now).evaluator.evaluate(item)
        let may: Bool
        let reason: String
        switch e.status {
        case .blocked:
            may = false
            reason = "blocked by " + e.blockers.map { "\($0.item) (\($0.reason.rawValue))" }.joined(separator: ", ")
        case .skipped:
            may = false
            reason = "the item is skipped"
        case .published:
            may = true
            reason = "already published"
        default:
            may = true
            reason = e.item.needs.isEmpty ? "nothing blocks it" : "everything it needs is done or on time"
        }
        return .object([
            "item": .string(item.id), "status": .string(e.status.rawValue), "may_publish": .bool(may),
            "reason": .string(reason), "blocked_by": .array(e.blockers.map(ItemJSON.blame)),
        ])
    }
}
