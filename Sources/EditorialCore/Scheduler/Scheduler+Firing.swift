extension Scheduler {
    /// A status evaluator built once per step, when the first question about blocks comes up.
    struct EvaluationContext {
        private var evaluator: StatusEvaluator?

        /// The evaluator for `now`, seeing the fixed items and `scope` (only computed when the evaluator is built:
        /// copying the window for every stage cost milliseconds per wake-up).
        mutating func get(_ scheduler: Scheduler, now: Int64, scope: @autoclosure () -> [AgendaItem])
            -> StatusEvaluator
        {
            if let evaluator { return evaluator }
            let made = StatusEvaluator(agenda: scheduler.agenda, state: scheduler.states, now: now, scope: scope())
            evaluator = made
            return made
        }
    }

    /// The items of the materialized window, for the evaluator's scope.
    var windowItems: [AgendaItem] { pending.map(\.item) }

    /// Sends one stage unless it is closed, already fired for this instant, or snoozed (then it is held).
    /// A blocked item is announced before its stage; a due time passing checks what needs the item.
    mutating func fire(
        _ stage: Stage, now: Int64, catchUp: Bool, context: inout EvaluationContext, into step: inout SchedulerStep
    ) {
        let item = stage.item
        // Built once: a key is a new string each time it is asked for.
        let key = stage.key
        guard isOpen(item), fired[key] != stage.at else { return }
        if let until = states[item.id]?.snoozedUntil, until > now {
            held[item.id, default: []].append(stage)
            return
        }
        var blame: [Blame] = []
        if !item.needs.isEmpty {
            blame = context.get(self, now: now, scope: windowItems).blame(item)
            if !blame.isEmpty && announced[item.id] == nil {
                announce(item, blame: blame, now: now, catchUp: catchUp, into: &step)
            }
        }
        step.events.append(
            SchedulerEvent(
                kind: stage.eventKind, key: key, item: item, at: stage.at, lead: stage.lead, blame: blame,
                catchUp: catchUp, late: item.due.map { max(0, now - $0) } ?? 0))
        step.firings.append(firing(stage, key: key, catchUp: catchUp))
        fired[key] = stage.at
        // Most items are needed by nothing: skip building an evaluator for them.
        if stage.isDue && (item.kind == .preparation || needed.contains(item.id)) {
            announceDependents(of: item, now: now, context: &context, into: &step)
        }
    }

    /// The record of a fired (or folded) stage.
    func firing(_ stage: Stage, key: String? = nil, catchUp: Bool) -> Firing {
        Firing(key: key ?? stage.key, item: stage.item.id, kind: stage.eventKind, scheduled: stage.at, catchUp: catchUp)
    }

    /// Announces a block.
    mutating func announce(
        _ item: AgendaItem, blame: [Blame], now: Int64, catchUp: Bool, into step: inout SchedulerStep
    ) {
        announced[item.id] = blame[0].item
        step.announce[item.id] = blame[0].item
        step.events.append(
            SchedulerEvent(
                kind: .blocked, key: ReminderKey.blocked(item.id), item: item, at: now, blame: blame, catchUp: catchUp,
                late: item.due.map { max(0, now - $0) } ?? 0))
    }

    /// When `item` comes due undone, what needs it and is already inside its reminder window is blocked.
    mutating func announceDependents(
        of item: AgendaItem, now: Int64, context: inout EvaluationContext, into step: inout SchedulerStep
    ) {
        let evaluator = context.get(self, now: now, scope: windowItems)
        for id in evaluator.blocked(by: item.id) where announced[id] == nil {
            guard let dependent = evaluator.lookup(id), isOpen(dependent), inReminderWindow(dependent, now: now)
            else { continue }
            let blame = evaluator.blame(dependent)
            if !blame.isEmpty { announce(dependent, blame: blame, now: now, catchUp: false, into: &step) }
        }
    }

    /// True once the item's longest lead time has passed (or it is past due).
    func inReminderWindow(_ item: AgendaItem, now: Int64) -> Bool {
        guard let due = item.due else { return false }
        return now >= due - Int64(item.leads.first?.approximateSeconds ?? 0)
    }

    /// Re-evaluates every announced block (unblocking what no longer is) and announces blocks of items
    /// inside their reminder window: at start, after a reload, after a state change.
    mutating func refreshBlocking(now: Int64, into step: inout SchedulerStep) {
        let candidates = agenda.items(
            from: now - configuration.catchUpHorizon, to: now + occurrenceReach, fixedUntil: now + fixedReach,
            needingOthers: true
        ).filter {
            !$0.needs.isEmpty
        }
        var context = EvaluationContext()
        let evaluator = context.get(self, now: now, scope: candidates + windowItems)
        for (id, _) in announced.sorted(by: { $0.key < $1.key }) {
            let item = evaluator.lookup(id)
            let stale = item.map { !isOpen($0) || ($0.due ?? now) < now - configuration.catchUpHorizon } ?? true
            if stale || evaluator.blame(item!).isEmpty {
                announced[id] = nil
                step.unannounce.append(id)
                if !stale, let item {
                    step.events.append(
                        SchedulerEvent(
                            kind: .unblocked, key: ReminderKey.unblocked(id), item: item, at: now,
                            late: item.due.map { max(0, now - $0) } ?? 0))
                }
            }
        }
        for item in candidates where announced[item.id] == nil && isOpen(item) && inReminderWindow(item, now: now) {
            let blame = evaluator.blame(item)
            if !blame.isEmpty { announce(item, blame: blame, now: now, catchUp: false, into: &step) }
        }
    }

    /// Collapses what was missed in `(since, now]`: per item only the latest stage is sent (marked catch-up),
    /// earlier ones are recorded as folded; stages older than the horizon are counted, not sent.
    mutating func catchUp(from since: Int64?, to now: Int64, into step: inout SchedulerStep) {
        let horizonStart = now - configuration.catchUpHorizon
        var beyond = 0
        if let since, since < horizonStart {
            // Count at most a year back: the summary needs an order of magnitude, not a census of old plans.
            beyond = stages(after: max(since, horizonStart - 366 * 86_400), through: horizonStart).count {
                isOpen($0.item) && fired[$0.key] != $0.at
            }
        }
        let missed = stages(after: max(since ?? horizonStart, horizonStart), through: now).filter {
            isOpen($0.item) && fired[$0.key] != $0.at
        }
        var latest: [String: Int] = [:]
        // A short gap (a quick restart) sends everything missed, in order; a long one collapses per item.
        let collapse = since.map { now - $0 > configuration.gapThreshold } ?? true
        for (i, stage) in missed.enumerated() { latest[collapse ? stage.item.id : stage.key] = i }
        var folded = 0
        var context = EvaluationContext()
        let before = step.events.count
        for (i, stage) in missed.enumerated() {
            if latest[collapse ? stage.item.id : stage.key] == i {
                fire(stage, now: now, catchUp: true, context: &context, into: &step)
            } else if states[stage.item.id]?.snoozedUntil.map({ $0 > now }) ?? false {
                held[stage.item.id, default: []].append(stage)
            } else {
                step.firings.append(firing(stage, catchUp: true))
                fired[stage.key] = stage.at
                folded += 1
            }
        }
        recoverHeld(now: now)
        let sent = step.events[before...].count { $0.kind != .blocked }
        if sent > 0 || folded > 0 || beyond > 0 {
            step.catchUp = CatchUpSummary(
                since: since, until: now, sent: sent, folded: folded, beyondHorizon: beyond)
        }
    }

    /// Stages held by a snooze live in memory; after a restart they are found again among the unfired
    /// stages of snoozed items within the horizon.
    mutating func recoverHeld(now: Int64) {
        let snoozed = Set(states.filter { ($0.value.snoozedUntil ?? 0) > now }.keys)
        guard !snoozed.isEmpty else { return }
        let known = Set(held.values.flatMap { $0.map(\.key) })
        for stage in stages(after: now - configuration.catchUpHorizon, through: now)
        where snoozed.contains(stage.item.id) && fired[stage.key] != stage.at && !known.contains(stage.key) {
            held[stage.item.id, default: []].append(stage)
        }
        for id in held.keys { held[id]!.sort(by: Stage.precedes) }
    }

    /// Sends, for each item whose snooze has ended by `now`, its latest held stage; earlier ones are folded.
    mutating func releaseSnoozes(now: Int64, into step: inout SchedulerStep) {
        var context = EvaluationContext()
        for id in held.keys.sorted() {
            guard let stages = held[id], (states[id]?.snoozedUntil ?? Int64.min) <= now else { continue }
            held[id] = nil
            guard let last = stages.last, isOpen(last.item) else { continue }
            for stage in stages.dropLast() where fired[stage.key] != stage.at {
                step.firings.append(firing(stage, catchUp: false))
                fired[stage.key] = stage.at
            }
            fire(last, now: now, catchUp: false, context: &context, into: &step)
        }
    }
}
