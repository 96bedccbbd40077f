extension Scheduler {
    /// How far before its due time an item may have a stage (longest lead, with two days of margin for calendar
    /// days across daylight saving): any item (`reach`); a post or content item (`fixedReach`: a renewal's notice
    /// reaches weeks ahead, and building every post that far at each window was most of a start with a million
    /// posts); a slot's occurrence or preparation (`occurrenceReach`, for the same reason with a million
    /// occurrences); and the last instant any stage can have.
    static func bounds(of agenda: Agenda, _ configuration: SchedulerConfiguration) -> (
        reach: Int64, fixedReach: Int64, occurrenceReach: Int64, last: Int64
    ) {
        var longest = 0
        var longestFixed = 0
        var longestOccurrence = 0
        var last: Int64 = Int64.min
        for plan in agenda.planSet.plans {
            let leads =
                plan.reminders + plan.content.flatMap { $0.reminders ?? [] }
                + plan.posts.ownReminders
            // Occurrences take the slot's lead times or the plan's; preparations the plan's.
            let slotLeads =
                plan.slots.isEmpty
                ? [] : plan.reminders + plan.slots.flatMap { ($0.reminders ?? []) + [$0.prepare?.lead ?? .zero] }
            longestFixed = max(longestFixed, leads.map(\.approximateSeconds).max() ?? 0)
            longest = max(longest, (leads + slotLeads + [plan.renewNotice]).map(\.approximateSeconds).max() ?? 0)
            longestOccurrence = max(longestOccurrence, slotLeads.map(\.approximateSeconds).max() ?? 0)
            for slot in plan.slots { last = max(last, slot.end.secondsSinceEpochAsUTC + 93_600) }
            last = max(last, plan.end.secondsSinceEpochAsUTC + 93_600)
        }
        if let due = agenda.lastFixedDue { last = max(last, due) }
        let margin: Int64 = 2 * 86_400
        return (
            Int64(longest) + margin, Int64(longestFixed) + margin, Int64(longestOccurrence) + margin,
            last + configuration.overdueAfter
        )
    }

    /// The ids that fixed items and slots need.
    static func neededIDs(_ agenda: Agenda) -> Set<String> {
        var ids = Set(agenda.fixedDependents.keys)
        for plan in agenda.planSet.plans {
            for slot in plan.slots { ids.formUnion(slot.needs.compactMap(\.target)) }
        }
        return ids
    }

    /// Every stage with an instant in `(after, through]`, in firing order.
    func stages(after: Int64, through: Int64) -> [Stage] {
        guard through > after else { return [] }
        let due = dueRange(after: after, through: through)
        return stages(
            after: after, through: through, slotItems: agenda.slotItems(from: due.lowerBound, to: due.upperBound))
    }

    /// `stages(after:through:)` for the next window, with the slot occurrences the last window expanded kept.
    mutating func windowStages(after: Int64, through: Int64) -> [Stage] {
        guard through > after else { return [] }
        let due = dueRange(after: after, through: through)
        let slotItems = slotWindow.items(of: agenda, from: due.lowerBound, to: due.upperBound)
        return stages(after: after, through: through, slotItems: slotItems)
    }

    /// The due times of slot items that can have a stage in `(after, through]`: from the overdue delay before it to
    /// the longest occurrence lead after it.
    private func dueRange(after: Int64, through: Int64) -> Range<Int64> {
        (after - configuration.overdueAfter)..<(through + occurrenceReach + 1)
    }

    /// The stages in `(after, through]` of the fixed items that can have one there and of `slotItems`, in firing
    /// order.
    private func stages(after: Int64, through: Int64, slotItems: some Collection<AgendaItem>) -> [Stage] {
        let overdueAfter = configuration.overdueAfter
        var result: [Stage] = []
        func collect(_ item: AgendaItem) {
            guard let due = item.due else { return }
            let declared = (planOrder[item.plan] ?? Int.max, item.source.line, item.source.column)
            var hasDue = false
            // Unordered: the stages are sorted below.
            for reminder in item.reminderInstants {
                if reminder.lead == .zero { hasDue = true }
                if reminder.at > after && reminder.at <= through {
                    result.append(Stage(at: reminder.at, step: .lead(reminder.lead), item: item, declared: declared))
                }
            }
            if !hasDue && due > after && due <= through {
                result.append(Stage(at: due, step: .lead(.zero), item: item, declared: declared))
            }
            let late = due + overdueAfter
            if item.kind != .renewal && late > after && late <= through {
                result.append(Stage(at: late, step: .overdue, item: item, declared: declared))
            }
        }
        let from = dueRange(after: after, through: through).lowerBound
        let fixedTo = through + max(fixedReach, occurrenceReach) + 1
        for item in agenda.fixedItems(from: from, to: fixedTo) { collect(item) }
        // Only renewals reach further: the few due beyond are picked from the time line without building the rest.
        if through + reach + 1 > fixedTo {
            for renewal in agenda.renewals(from: fixedTo, to: through + reach + 1) { collect(renewal) }
        }
        for item in slotItems { collect(item) }
        // Sort positions, not the stages: each carries an `AgendaItem`, and moving them was 15% of a dry run.
        let order = result.indices.sorted { Stage.precedes(result[$0], result[$1]) }
        return order.map { result[$0] }
    }

    /// Drops the materialized window and starts again right after `instant`.
    mutating func rebuildWindow(after instant: Int64) {
        pending = []
        cursor = 0
        windowEnd = instant
        fillWindow()
    }

    /// Materializes windows until one holds a stage or the timeline ends.
    mutating func fillWindow() {
        while cursor >= pending.count && windowEnd < lastInstant {
            materialize(after: windowEnd)
        }
    }

    /// Replaces the exhausted window by the next one; empty stretches are crossed in growing steps.
    mutating func materialize(after start: Int64) {
        var span = configuration.window
        var found: [Stage] = []
        var end = start
        while found.isEmpty && end < lastInstant {
            end = min(lastInstant, end + span)
            found = windowStages(after: start, through: end)
            span *= 2
        }
        pending = found
        cursor = 0
        windowEnd = end
    }
}
