/// Builds every reply of the control protocol from the request, the scheduler (agenda, recorded states, fired
/// keys, announcements), the status snapshot, the acknowledgements, what the store recorded of one item, and
/// `now`; and decides what a change may do. Pure: the daemon reads the clock and the store, writes the changes
/// and owns the socket.
public struct ControlResponder {
    /// The moment of the request.
    public let now: Int64
    /// The scheduler: agenda, recorded states, fired keys, announced blocks, the next event.
    public let scheduler: Scheduler
    /// Acknowledged keys with when.
    public let acknowledged: [String: Int64]
    private let snapshotAt: () -> StatusSnapshot
    private let historyOf: (String) throws -> ItemHistory

    /// A responder at `now`. `snapshot` gives the status snapshot for `now` (asked only by the replies that read
    /// it); `history` reads what the store recorded of one item (for `show`; its errors become `internal`).
    public init(
        now: Int64, scheduler: Scheduler, acknowledged: [String: Int64],
        snapshot: @escaping () -> StatusSnapshot, history: @escaping (String) throws -> ItemHistory
    ) {
        self.now = now
        self.scheduler = scheduler
        self.acknowledged = acknowledged
        snapshotAt = snapshot
        historyOf = history
    }

    private var planSet: PlanSet { scheduler.agenda.planSet }

    // MARK: Reading

    /// `status`.
    public func status(_ facts: DaemonFacts) -> StatusReply {
        let snap = snapshotAt()
        let next = scheduler.nextEvent.map { kind, item, at in
            StatusReply.Next(
                kind: kind, item: item, at: Instant(at), atLocal: planSet.teamLocal(at), inSeconds: max(0, at - now))
        }
        let current = facts.current
        return StatusReply(
            version: facts.version, pid: facts.pid, started: Instant(facts.startedAt), now: Instant(now),
            nowLocal: planSet.teamLocal(now),
            plans: StatusReply.Plans(
                count: current.planSet.plans.count, files: current.files.count, directory: facts.plansDirectory,
                loadedAt: Instant(facts.loadedAt), warnings: facts.warnings,
                names: current.planSet.plans.prefix(50).map(\.name)),
            rejected: facts.rejected.map { r in
                StatusReply.Rejected(errors: r.errors.count, first: r.errors.prefix(5).map(DiagnosticEntry.init))
            },
            counts: StatusReply.Counts(
                dueToday: snap.dueToday, overdue: snap.overdueCount, blocked: snap.blocked.count,
                upcoming7Days: snap.upcoming),
            next: next, stateDirectory: facts.stateDirectory, control: facts.control, outbox: facts.outbox,
            pace: facts.pace, cluster: facts.cluster)
    }

    /// `agenda`: day by day from the cursor until a page is full, so a page costs the same anywhere in a long
    /// window; only the page's items are evaluated.
    public func agenda(_ call: AgendaCall) throws(ControlFailure) -> AgendaPage {
        let limit = call.limit ?? ControlProtocol.defaultLimit
        let from = call.from?.seconds ?? planSet.teamDay(containing: now).start
        let to = call.to?.seconds ?? from + 7 * 86_400
        guard to > from else { throw ControlFailure(.badArgument, "\"to\" must be after \"from\"") }
        guard to - from <= 400 * 86_400 else {
            throw ControlFailure(.badArgument, "the window is longer than 400 days; ask for less and page")
        }
        if let plan = call.plan, planSet.planIndex[plan] == nil {
            let hint = Suggestion.nearest(to: plan, among: planSet.plans.map(\.name)).map { "; did you mean '\($0)'?" }
            throw ControlFailure(.notFound, "no plan named '\(plan)'\(hint ?? "")")
        }
        var position: (Int64, String)? = nil
        if case .after(let due, let id)? = try PageCursor.read(call.cursor, offset: false) { position = (due, id) }
        var page: [AgendaItem] = []
        var chunkStart = max(from, position?.0 ?? from)
        var more = false
        let agenda = scheduler.agenda
        // Expanded a chunk at a time, an hour first, then twice as long each time up to a day: a page of a dense
        // agenda (thousands of posts a day) builds little more than its own items, a sparse one few chunks.
        var chunk: Int64 = 3600
        // The slots' items a day at a time: a slot's expansion costs the same for an hour as for a day.
        var slots: [AgendaItem] = []
        var slotsEnd = chunkStart
        while chunkStart < to && !more {
            let chunkEnd = min(to, chunkStart + chunk)
            chunk = min(chunk * 2, 86_400)
            if chunkEnd > slotsEnd {
                slotsEnd = min(to, max(chunkEnd, chunkStart + 86_400))
                slots = agenda.slotItems(from: chunkStart, to: slotsEnd)
            }
            agenda.visitItems(from: chunkStart, to: chunkEnd, slotItems: slots) { item in
                if let (t, id) = position, let due = item.due, due == t && item.id <= id { return true }
                if let plan = call.plan, item.plan != plan { return true }
                if let channel = call.channel, !planSet.channel(item.channel, matches: channel) { return true }
                guard page.count < limit else {
                    more = true
                    return false
                }
                page.append(item)
                return true
            }
            chunkStart = chunkEnd
        }
        let evaluator = StatusEvaluator(agenda: agenda, state: scheduler.states, now: now, scope: page)
        let last = page.last.flatMap { item in item.due.map { PageCursor.after(due: $0, id: item.id).text } }
        return AgendaPage(
            now: Instant(now), from: Instant(from), to: Instant(to), items: page.map { entry(evaluator.evaluate($0)) },
            nextCursor: more ? last : nil)
    }

    /// `grid`: the next days of the agenda counted by channel and local day in the team's zone, each cell with its
    /// first items, in one reply: expanded and evaluated a week at a time (each expansion reaches a few days past
    /// its window, so a day at a time did that work several times over).
    public func grid(_ call: GridCall) -> GridReply { Self.grid(call, scheduler: scheduler, now: now) }

    /// `grid` from a scheduler's agenda and states at `now` (a value: the daemon counts it off its queue).
    public static func grid(_ call: GridCall, scheduler: Scheduler, now: Int64) -> GridReply {
        let zone = scheduler.agenda.planSet.teamZone ?? ZoneRules(identifier: "UTC")!
        var calendar = ReportCalendar(now: now, zone: zone, days: call.days ?? 28, titlesPerCell: call.titles ?? 3)
        let agenda = scheduler.agenda
        var start = calendar.from
        while start < calendar.to {
            let end = min(calendar.to, start + 7 * 86_400)
            let week = agenda.items(from: start, to: end)
            let evaluator = StatusEvaluator(agenda: agenda, state: scheduler.states, now: now, scope: week)
            for item in week {
                calendar.add(
                    id: item.id, title: item.title, status: evaluator.evaluate(item).status, kind: item.kind,
                    channel: item.channel, due: item.due.map(Instant.init), planned: item.local)
            }
            start = end
        }
        return calendar.grid(now: now)
    }

    /// `overdue` (most late first, paged by position) or `blocked` (worst first, paged by offset).
    public func list(_ call: ListCall) throws(ControlFailure) -> ListPage {
        let limit = call.limit ?? ControlProtocol.defaultLimit
        let snap = snapshotAt()
        if call.command == .blocked {
            var start = 0
            if case .offset(let n)? = try PageCursor.read(call.cursor, offset: true) {
                start = min(n, snap.blocked.count)
            }
            let page = snap.blocked[start...].prefix(limit)
            let more = start + page.count < snap.blocked.count
            return ListPage(
                now: Instant(now), total: snap.blocked.count, items: page.map(entry),
                nextCursor: more ? PageCursor.offset(start + page.count).text : nil)
        }
        var after: (Int64, String)? = nil
        if case .after(let due, let id)? = try PageCursor.read(call.cursor, offset: false) { after = (due, id) }
        let (page, more) = snap.overduePage(after: after, limit: limit)
        let last = page.last.flatMap { e in e.item.due.map { PageCursor.after(due: $0, id: e.item.id).text } }
        return ListPage(
            now: Instant(now), total: snap.overdueCount, items: page.map(entry), nextCursor: more ? last : nil)
    }

    /// `show`: the entry, each stage (fired, missed or pending), what it blocks, where it is declared, its history.
    public func show(_ call: ShowCall) throws(ControlFailure) -> ItemDetail {
        let item = try self.item(call.item)
        let snap = snapshotAt()
        let history: ItemHistory
        do {
            history = try historyOf(item.id)
        } catch {
            throw ControlFailure(.internal, "cannot read the state database: \(error)")
        }
        let records = Dictionary(history.fired.map { ($0.key, $0) }, uniquingKeysWith: { _, b in b })
        var stages = item.reminders.map { r in
            stage(key: r.key, kind: r.lead == .zero ? .due : .reminder, lead: r.lead.description, at: r.at, records)
        }
        if let due = item.due, item.kind != .renewal {
            stages.append(
                stage(
                    key: ReminderKey.overdue(item.id), kind: .overdue, lead: nil,
                    at: due + scheduler.configuration.overdueAfter, records))
        }
        return ItemDetail(
            entry: entry(snap.evaluator.evaluate(item)), stages: stages,
            blocks: Array(snap.evaluator.blocked(by: item.id).prefix(ControlProtocol.blocksShown)),
            source: item.source.description, announcedBlockedBy: scheduler.announced[item.id],
            history: history.audit.map(AuditEntry.init), deliveries: history.deliveries.map(DeliveryEntry.init))
    }

    /// `gate`: may the item be published now.
    public func gate(_ call: GateCall) throws(ControlFailure) -> GateReply {
        GateReply(snapshotAt().evaluator.evaluate(try item(call.item)))
    }

    /// The item's status now (the reply to a change is built on a fresh snapshot).
    public func status(of id: String) -> ItemStatus? {
        scheduler.agenda.item(id: id).map { snapshotAt().evaluator.evaluate($0).status }
    }

    // MARK: Deciding changes

    /// What `done`, `publish`, `skip`, `snooze` or `reopen` may record, or why it may not.
    public func change(_ call: ChangeCall) throws(ControlFailure) -> StateChange {
        let item = try self.item(call.item)
        let evaluation = snapshotAt().evaluator.evaluate(item)
        let before = evaluation.state
        let isPost = item.kind == .post || item.kind == .occurrence
        var detail: String? = nil
        let after: ItemState
        switch call.action {
        case .done:
            guard !isPost else {
                throw ControlFailure(.invalidState, "\(item.id) is a post: mark it published (or skipped), not done")
            }
            after = ItemState(progress: .done)
        case .publish(let force):
            guard isPost else {
                throw ControlFailure(
                    .invalidState, "\(item.id) is a \(item.kind.rawValue), not a post: mark it done, not published")
            }
            if evaluation.status == .blocked {
                guard force else {
                    let names = evaluation.blockers.map { b in
                        "\(b.item) (\(b.reason.rawValue)\(b.owner.map { ", owner \($0)" } ?? ""))"
                    }
                    throw ControlFailure(
                        .blocked,
                        "\(item.id) is blocked by \(names.joined(separator: ", ")); publish with force to override",
                        blockedBy: evaluation.blockers.map(BlameEntry.init))
                }
                detail = "forced past " + evaluation.blockers.map(\.item).joined(separator: ", ")
            }
            after = ItemState(progress: .published)
        case .skip(let reason):
            detail = reason
            after = ItemState(progress: .skipped)
        case .snooze(let untilArgument, let seconds):
            guard before.progress == nil && item.progress == nil else {
                throw ControlFailure(
                    .invalidState, "\(item.id) is \(evaluation.status.rawValue); only open items can be snoozed")
            }
            let until = untilArgument?.seconds ?? now + (seconds ?? 0)
            guard until > now else { throw ControlFailure(.badArgument, "\"until\" is in the past") }
            guard until <= now + ChangeCall.maxSnooze else {
                throw ControlFailure(.badArgument, "snooze for at most a year")
            }
            detail = "until " + TimeText.utc(until)
            after = ItemState(progress: nil, snoozedUntil: until)
        case .reopen:
            after = ItemState()
        }
        return StateChange(
            item: item.id, plan: item.plan, action: call.command, before: before, after: after, detail: detail)
    }

    /// What `ack` may record: only a key of a known item that has fired (a block counts while announced).
    public func acknowledgement(_ call: AckCall) throws(ControlFailure) -> Acknowledgement {
        let key = call.key
        guard let id = ReminderKey.item(of: key) else {
            throw ControlFailure(
                .badArgument, "a reminder key is ITEM!LEAD, ITEM!overdue or ITEM!blocked, not '\(key)'")
        }
        guard let item = scheduler.agenda.item(id: id) else {
            throw ControlFailure(.notFound, "no item '\(id)' (from the key '\(key)')")
        }
        let known = Set(ReminderKey.acknowledgeable(item))
        guard known.contains(key) else {
            throw ControlFailure(
                .notFound, "\(id) has no reminder '\(key)' (its keys: \(known.sorted().joined(separator: ", ")))")
        }
        let hasFired = scheduler.fired[key] != nil || (ReminderKey.isBlocked(key) && scheduler.announced[id] != nil)
        guard hasFired else {
            throw ControlFailure(.invalidState, "'\(key)' has not fired; only sent reminders can be acknowledged")
        }
        return Acknowledgement(key: key, item: id, existing: acknowledged[key])
    }

    // MARK: Pieces

    /// The item with that id, or `not-found` with the nearest fixed id.
    public func item(_ id: String) throws(ControlFailure) -> AgendaItem {
        if let item = scheduler.agenda.item(id: id) { return item }
        let candidates = scheduler.agenda.fixedItems.ids
        let hint = Suggestion.nearest(to: id, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
        throw ControlFailure(
            .notFound, "no item '\(id)'\(hint) (ids: plan/id, plan/slot@YYYY-MM-DDTHH:MM, …/prepare, plan/renewal)")
    }

    /// An entry with the acknowledged keys among its reminders, overdue warning and block.
    public func entry(_ e: ItemEvaluation) -> ItemEntry {
        var entry = ItemEntry(e)
        guard !acknowledged.isEmpty else { return entry }
        // The entry's reminders are worked out already: no second pass over the item's lead times.
        let keys = entry.reminders.map(\.key) + [ReminderKey.overdue(e.item.id), ReminderKey.blocked(e.item.id)]
        let acked = keys.filter { acknowledged[$0] != nil }
        entry.acknowledged = acked.isEmpty ? nil : acked
        return entry
    }

    private func stage(
        key: String, kind: StageEntry.Kind, lead: String?, at: Int64, _ records: [String: FiredRecord]
    ) -> StageEntry {
        var s = StageEntry(key: key, kind: kind, at: Instant(at), lead: lead, state: at <= now ? .missed : .pending)
        if let record = records[key], record.scheduled == at {
            s.firedAt = TimeText.utc(record.fired)
            s.catchUp = record.catchUp ? true : nil
        } else if scheduler.fired[key] == at {
            s.firedAt = ""
        }
        if s.firedAt != nil {
            s.state = .fired
        } else if at < scheduler.keepFiredSince(now: now) {
            s.state = .forgotten
        }
        s.acknowledgedAt = acknowledged[key].map(Instant.init)
        return s
    }
}
