/// The daemon's state machine: given the agenda, what is stored and `now`, it decides which entries go out
/// and when it must be woken next. It never reads a clock; the daemon passes `now` in.
///
/// Each item has stages: one reminder per lead time (lead zero is the due time), then an overdue warning
/// `overdueAfter` past due. Stages are materialized one window at a time, ordered by instant, then by where
/// the item is declared (plan order, then line), so equal deadlines fire in the order the plans list them.
///
/// Clock cases, named as OpenBSD cron names them:
/// - a step forward within `gapThreshold`: everything passed fires, in order;
/// - a longer gap (the daemon was down, the machine slept, the clock was set forward): a catch-up — per item
///   only its latest missed stage is sent, marked as catch-up; stages older than `catchUpHorizon` are only
///   counted; one summary follows;
/// - a step backward: nothing fires again (fired keys are kept with their instant), stages whose instant is
///   in the future again wait for it.
public struct Scheduler: Sendable {
    /// The agenda being scheduled.
    public private(set) var agenda: Agenda
    /// Tunables.
    public let configuration: SchedulerConfiguration
    /// Fired keys and the instant each was scheduled for.
    public internal(set) var fired: [String: Int64]
    /// Recorded progress and snoozes.
    public internal(set) var states: [String: ItemState]
    /// Items announced blocked, with their first blocker.
    public internal(set) var announced: [String: String]
    /// Everything up to this instant has been processed; `nil` before `start`.
    public internal(set) var processedThrough: Int64?

    /// Materialized stages after `processedThrough`, sorted; `cursor` is the next one.
    var pending: [Stage] = []
    var cursor = 0
    /// The materialized window ends here (exclusive of stages after it).
    var windowEnd: Int64 = 0
    /// The slot occurrences the last window expanded, for the next.
    var slotWindow = SlotWindow()
    /// Stages held back by a snooze, by item id.
    var held: [String: [Stage]] = [:]
    /// The longest time before its due instant that an item can have a stage, plus margin.
    var reach: Int64
    /// The same for posts and content items (renewals aside).
    var fixedReach: Int64
    /// The same for slot occurrences and preparations.
    var occurrenceReach: Int64
    /// After this instant no item has a stage.
    var lastInstant: Int64
    /// Plan position by name, for declaration order.
    var planOrder: [String: Int]
    /// Ids some item or slot needs (preparations aside, which their occurrence always needs).
    var needed: Set<String>

    /// Creates a scheduler over an agenda with what the store remembers. Call `start(now:)` next.
    public init(agenda: Agenda, configuration: SchedulerConfiguration = .init(), stored: StoredState = .init()) {
        self.agenda = agenda
        self.configuration = configuration
        self.fired = stored.fired
        self.states = stored.states
        self.announced = stored.announced
        self.processedThrough = nil
        (reach, fixedReach, occurrenceReach, lastInstant) = Scheduler.bounds(of: agenda, configuration)
        planOrder = Dictionary(
            agenda.planSet.plans.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        needed = Scheduler.neededIDs(agenda)
        storedThrough = stored.processedThrough
    }

    /// The `processedThrough` the store had, for the first catch-up.
    let storedThrough: Int64?

    /// The instant the daemon must be woken next, `nil` when nothing more is scheduled.
    public var nextDeadline: Int64? {
        var next: Int64? = cursor < pending.count ? pending[cursor].at : nil
        for (id, stages) in held {
            guard let until = states[id]?.snoozedUntil, !stages.isEmpty else { continue }
            next = min(next ?? until, until)
        }
        return next
    }

    /// The first start: catches up on what was missed since the stored `processedThrough` (or, on a very
    /// first start, within the horizon), then announces what is blocked now.
    public mutating func start(now: Int64) -> SchedulerStep {
        var step = SchedulerStep()
        let since = storedThrough
        if let since, now < since {
            step.clockWentBack = .init(from: since, to: now)
        } else {
            catchUp(from: since, to: now, into: &step)
        }
        processedThrough = now
        refreshBlocking(now: now, into: &step)
        rebuildWindow(after: now)
        step.processedThrough = now
        return step
    }

    /// Moves time to `now`: fires what is due, catches up after a gap, or notes a backward jump.
    ///
    /// `sending` receives each event of the ordinary path the moment it is decided, in order, so
    /// the daemon can send the first entry before the rest of the step is worked out; the returned step still
    /// lists every event (those passed to `sending` first).
    public mutating func advance(to now: Int64, sending: (SchedulerEvent) -> Void = { _ in }) -> SchedulerStep {
        guard let through = processedThrough else { return start(now: now) }
        var step = SchedulerStep()
        if now < through {
            step.clockWentBack = .init(from: through, to: now)
            processedThrough = now
            rebuildWindow(after: now)
            releaseSnoozes(now: now, into: &step)
        } else if now - through > configuration.gapThreshold {
            catchUp(from: through, to: now, into: &step)
            processedThrough = now
            refreshBlocking(now: now, into: &step)
            rebuildWindow(after: now)
            releaseSnoozes(now: now, into: &step)
        } else {
            var passed = 0
            func pass(_ step: SchedulerStep) {
                while passed < step.events.count {
                    sending(step.events[passed])
                    passed += 1
                }
            }
            releaseSnoozes(now: now, into: &step)
            pass(step)
            var context = EvaluationContext()
            while true {
                while cursor < pending.count, pending[cursor].at <= now {
                    let stage = pending[cursor]
                    cursor += 1
                    fire(stage, now: now, catchUp: false, context: &context, into: &step)
                    pass(step)
                }
                guard cursor >= pending.count, windowEnd <= now, windowEnd < lastInstant else { break }
                materialize(after: windowEnd)
            }
            processedThrough = now
            fillWindow()
        }
        step.processedThrough = now
        return step
    }

    /// Swaps in a new agenda (a reload) at `now`: nothing already processed fires again; stages of new or
    /// moved items after `processedThrough` are scheduled; blocks are re-evaluated.
    public mutating func replace(agenda new: Agenda, now: Int64) -> (step: SchedulerStep, changes: PlanChanges) {
        let changes = PlanChanges.between(agenda, new, from: now, to: now + PlanChanges.horizon)
        return (install(new, now: now), changes)
    }

    /// Swaps in a new agenda at `now` whose changes are already known (`PlanReplacement` compared it off the
    /// daemon's queue); returns the step to perform.
    public mutating func install(_ new: Agenda, now: Int64) -> SchedulerStep {
        // The old set first brings time up to `now`, so nothing due before the reload is lost or judged by the
        // new plans; the new set takes over from there.
        var step = advance(to: now)
        agenda = new
        slotWindow.reset()
        (reach, fixedReach, occurrenceReach, lastInstant) = Scheduler.bounds(of: new, configuration)
        planOrder = Dictionary(new.planSet.plans.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        needed = Scheduler.neededIDs(new)
        refreshBlocking(now: now, into: &step)
        rebuildWindow(after: processedThrough ?? now)
        return step
    }

    /// Records a state change for one item (done, published, skipped, snoozed) and re-evaluates blocks.
    public mutating func setState(_ state: ItemState, for id: String, now: Int64) -> SchedulerStep {
        states[id] = state
        if state.snoozedUntil == nil || state.snoozedUntil! <= now, let stages = held[id] {
            held[id] = nil
            if state.progress == nil, let latest = stages.last {
                var step = SchedulerStep()
                var context = EvaluationContext()
                for stage in stages.dropLast() { step.firings.append(firing(stage, catchUp: false)) }
                fire(latest, now: now, catchUp: false, context: &context, into: &step)
                refreshBlocking(now: now, into: &step)
                step.processedThrough = processedThrough ?? now
                return step
            }
        }
        var step = SchedulerStep()
        // Only an item something needs (a preparation is always needed by its occurrence) or one announced
        // blocked can change what is blocked; re-evaluating the window for a published post is wasted work.
        if needed.contains(id) || announced[id] != nil || agenda.item(id: id)?.kind == .preparation {
            refreshBlocking(now: now, into: &step)
        }
        step.processedThrough = processedThrough ?? now
        return step
    }

    /// The next stage that will really fire (closed items' stages are passed over), without counting anything:
    /// cheap enough for every control request.
    public var nextEvent: (kind: EventKind, item: String, at: Int64)? {
        guard let next = pending[cursor...].first(where: { isOpen($0.item) && fired[$0.key] != $0.at }) else {
            return nil
        }
        return (next.eventKind, next.item.id, next.at)
    }

    /// True when the item is not done, published or skipped (by the store, else by the plan file).
    public func isOpen(_ item: AgendaItem) -> Bool { (states[item.id]?.progress ?? item.progress) == nil }

    /// Fired keys scheduled before this instant may be forgotten now (see `FiredRetention`).
    public func keepFiredSince(now: Int64) -> Int64 {
        FiredRetention.keepSince(now: now, reach: reach, configuration: configuration)
    }

    /// Forgets fired keys scheduled before `instant` (the store drops the same rows); returns how many.
    @discardableResult
    public mutating func forgetFired(before instant: Int64) -> Int {
        let count = fired.count
        fired = fired.filter { $0.value >= instant }
        return count - fired.count
    }
}
