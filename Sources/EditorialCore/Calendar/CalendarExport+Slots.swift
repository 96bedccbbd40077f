extension CalendarExport {
    /// A slot's entry (its master event with EXDATEs and overrides) and its preparations' to-dos.
    func slotEntries(plan p: Int, slot s: Int, states recorded: [LocalDateTime: ItemState]?) -> [CalendarEntry] {
        let set = agenda.planSet
        let plan = set.plans[p]
        let slot = plan.slots[s]
        let channel = plan.channel?.target
        let keepsSlot = filter.keeps(plan: plan.name, channel: channel, owner: slot.owner, in: set)
        let keepsPlanAndChannel = filter.keeps(plan: plan.name, channel: channel, owner: nil, in: set)
        var result: [CalendarEntry] = []
        if keepsSlot { result += masterEntry(plan: plan, slot: slot, recorded: recorded ?? [:]) }
        guard slot.prepare != nil, filter.owner != nil ? keepsPlanAndChannel : keepsSlot else { return result }
        let parent = CalendarExport.uid("\(plan.name)/\(slot.id)")
        for occurrence in agenda.occurrences(plan: p, slot: s, from: Int64.min / 4, to: Int64.max / 4) {
            guard let prep = agenda.preparation(of: occurrence, plan: p, slot: s), let due = prep.due,
                filter.contains(due), filter.owner == nil || filter.owner == prep.owner
            else { continue }
            var w = ICalendarWriter()
            writeTime(&w, "DUE", local: prep.local, utc: due, zone: plan.zone)
            writeCommon(&w, item: prep, state: state(of: prep), isEvent: false, parent: parent)
            result.append(
                CalendarEntry(
                    uid: CalendarExport.uid(prep.id), plan: plan.name, channel: channel, owner: prep.owner,
                    zone: plan.zone.identifier == "UTC" ? nil : plan.zone, span: due...due,
                    components: [.init(name: "VTODO", body: w)]))
        }
        return result
    }

    /// The slot's recurring event (none when it has no occurrence in the window), then the occurrences it cannot
    /// hold: an occurrence the plan's daylight-saving policy moves onto the instant of another (a time in a
    /// spring-forward gap shifted onto the next hour's occurrence) is, by RFC 5545, the same instance of a
    /// recurrence set, so it is written as an event of its own, with its own UID (its item id's).
    private func masterEntry(plan: Plan, slot: Slot, recorded: [LocalDateTime: ItemState]) -> [CalendarEntry] {
        let zone = plan.zone
        let last = LocalDateTime(secondsSinceEpochAsUTC: slot.end.secondsSinceEpochAsUTC - 1)
        // What the agenda lists: the occurrences in the slot's span, minus its exceptions and what the plan's
        // daylight-saving policy skips, at the instants that policy gives.
        var truth: [(local: LocalDateTime, utc: Int64)] = []
        var rawLast: LocalDateTime?
        var rawNext: LocalDateTime?
        var inWindow = false
        let single =
            slot.recurrence.rules.count == 1 && slot.recurrence.dates.isEmpty && slot.recurrence.rules[0].count == nil
            && slot.recurrence.rules[0].until == nil
        // Two days past the end, to learn the first occurrence after it (see `until(last:next:)`).
        for z in slot.recurrence.occurrences(in: zone, policy: plan.dstPolicy, through: last.addingDays(single ? 2 : 0))
        {
            if z.local > last {
                rawNext = z.local
                break
            }
            rawLast = z.local
            if z.local < slot.start || slot.exceptDays.contains(z.local.daysSinceEpoch) { continue }
            guard let utc = z.resolution.utc else { continue }
            truth.append((z.local, utc))
            if filter.contains(utc) { inWindow = true }
        }
        guard inWindow, !truth.isEmpty else { return [] }
        // Of the occurrences at one instant, the latest local time stays in the set (it reads alike everywhere);
        // the earlier ones, moved there by the policy, go out on their own.
        var latestAt: [Int64: LocalDateTime] = [:]
        for t in truth where latestAt[t.utc].map({ t.local > $0 }) ?? true { latestAt[t.utc] = t.local }
        let apart = truth.filter { latestAt[$0.utc] != $0.local }
        if !apart.isEmpty { truth.removeAll { latestAt[$0.utc] != $0.local } }
        let first = truth[0]
        // DTSTART gives the rules what they leave out (the time of day, the weekday): it must be one of the rules'
        // occurrences, not an extra date before them.
        var start = first.local
        if !slot.recurrence.dates.isEmpty, !slot.recurrence.rules.isEmpty {
            let rulesAlone = RecurrenceSet(start: slot.recurrence.start, rules: slot.recurrence.rules)
            for z in rulesAlone.occurrences(in: zone, policy: .default, through: last) where z.local >= slot.start {
                start = z.local
                break
            }
        }

        // The rules as a client will read them: from the first occurrence (the set is the same from there on,
        // and every client agrees on it, whereas an unmatched DTSTART is read differently), COUNT turned into
        // the UNTIL it amounts to, in UTC as RFC 5545 requires with a TZID.
        var rules: [RecurrenceRule] = []
        var until = first.utc
        // Hourly, minutely and secondly rules across a change of offset are read wrongly by libical (it steps them
        // in elapsed time, and some never end): such a slot, when not too large, is written as its dates.
        let lastUTC = truth.last.map(\.utc) ?? first.utc
        let explode =
            slot.recurrence.rules.contains { $0.frequency.rank <= 2 } && truth.count <= Self.explodedLimit
            && !zone.transitions(from: first.utc - 86_400, to: lastUTC + 86_400).isEmpty
        if explode { start = first.local }
        for rule in slot.recurrence.rules where !explode {
            var lastOfRule = rawLast
            var nextOfRule = rawNext
            var open = rule
            open.count = nil
            open.until = nil
            if !single {
                lastOfRule = nil
                nextOfRule = nil
                let alone = RecurrenceSet(start: slot.recurrence.start, rules: [rule])
                for z in alone.occurrences(in: zone, policy: .default, through: last) { lastOfRule = z.local }
                if let lastOfRule {
                    // The first occurrence after it of the rule as exported (without its COUNT).
                    let unbounded = RecurrenceSet(start: slot.recurrence.start, rules: [open])
                    for z in unbounded.occurrences(in: zone, policy: .default, through: lastOfRule.addingDays(2))
                    where z.local > lastOfRule {
                        nextOfRule = z.local
                        break
                    }
                }
            }
            guard let lastOfRule, lastOfRule >= start,
                let end = Self.until(last: lastOfRule, next: nextOfRule, in: zone)
            else { continue }
            // What the rule takes from DTSTART written out, so that clients built on dateutil read it alike.
            var r = rule.spellingOutDefaults(from: start)
            r.count = nil
            r.until = .utc(end)
            rules.append(r)
            until = max(until, end)
        }
        func find(_ local: LocalDateTime) -> (local: LocalDateTime, utc: Int64)? {
            var lo = 0
            var hi = truth.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if truth[mid].local < local { lo = mid + 1 } else { hi = mid }
            }
            return lo < truth.count && truth[lo].local == local ? truth[lo] : nil
        }
        // Only extra dates that are occurrences: one the plan excepts or its policy skips would need an EXDATE,
        // which by RFC 5545 could also remove a wanted occurrence at the same instant.
        var dates = explode ? truth.map(\.local) : slot.recurrence.dates.filter { find($0) != nil }

        // Where a client's reading differs from the agenda: EXDATEs for what it would add, overrides for what it
        // would place at another instant, RDATEs for what it would miss.
        let exported = RecurrenceSet(start: start, rules: rules, dates: dates)
        // An EXDATE at a time in a gap names, by RFC 5545, the instant a gap later: when that is a wanted
        // occurrence (RFC 5545 merges the two), the EXDATE is left out.
        var instants: Set<Int64>?
        func wanted(_ utc: Int64?) -> Bool {
            guard let utc else { return false }
            if instants == nil { instants = Set(truth.map(\.utc)) }
            return instants!.contains(utc)
        }
        var exceptions: [LocalDateTime] = []
        var moved: [LocalDateTime: Int64] = [:]
        var i = 0
        for z in exported.occurrences(in: zone, policy: .default, through: last) {
            while i < truth.count, truth[i].local < z.local {
                dates.append(truth[i].local)
                if !Self.readsAlike(truth[i].local, truth[i].utc, in: zone) { moved[truth[i].local] = truth[i].utc }
                i += 1
            }
            if i < truth.count, truth[i].local == z.local {
                // Clients read a local time in a gap or a repeated hour differently (libical takes the later
                // offset), so those occurrences get an override with their instant in UTC as well.
                if z.resolution.utc != truth[i].utc || z.resolution.kind != .normal { moved[z.local] = truth[i].utc }
                i += 1
            } else if z.resolution.kind == .normal || !wanted(z.resolution.utc) {
                exceptions.append(z.local)
            }
        }
        for t in truth[i...] {
            dates.append(t.local)
            if !Self.readsAlike(t.local, t.utc, in: zone) { moved[t.local] = t.utc }
        }
        dates.sort()

        let slotID = "\(plan.name)/\(slot.id)"
        let item = AgendaItem(
            id: slotID, kind: .occurrence, plan: plan.name, channel: plan.channel?.target, title: slot.title ?? slot.id,
            owner: slot.owner, type: nil, local: first.local, due: first.utc, offset: zone.offset(atUTC: first.utc),
            dst: .normal, leads: slot.reminders ?? plan.reminders, needs: slot.needs.compactMap(\.target),
            progress: nil, zone: zone, source: slot.location)
        let utcOnly = zone.identifier == "UTC"
        let tz = utcOnly ? [] : [ICalendarParameter("TZID", zone.identifier)]
        func stamp(_ t: LocalDateTime) -> String { utcOnly ? ICalendarTime.local(t) + "Z" : ICalendarTime.local(t) }

        var w = ICalendarWriter()
        w.property("DTSTART", tz, raw: stamp(start))
        for rule in rules { w.property("RRULE", raw: rule.description) }
        // DTSTART is the first instance already; an RDATE of it would be a duplicate for some readers.
        let extra = explode ? dates.filter { $0 != start } : dates
        if !extra.isEmpty { w.property("RDATE", tz, raw: extra.map(stamp).joined(separator: ",")) }
        if !exceptions.isEmpty { w.property("EXDATE", tz, raw: exceptions.map(stamp).joined(separator: ",")) }
        writeCommon(&w, item: item, state: ItemState(), isEvent: true)
        var components = [CalendarEntry.Component(name: "VEVENT", body: w)]

        // Overrides: occurrences placed elsewhere by the plan's daylight-saving policy, and recorded states.
        var overridden = Set(moved.keys)
        for local in recorded.keys where find(local) != nil { overridden.insert(local) }
        for local in overridden.sorted() {
            guard let t = find(local) else { continue }
            var o = ICalendarWriter()
            o.property("RECURRENCE-ID", tz, raw: stamp(local))
            writeTime(&o, "DTSTART", local: local, utc: t.utc, zone: zone)
            var occurrence = item
            occurrence.local = local
            occurrence.due = t.utc
            let id = "\(slotID)@\(AgendaItem.stamp(local))"
            writeCommon(&o, item: occurrence, state: recorded[local] ?? ItemState(), isEvent: true, itemID: id)
            components.append(.init(name: "VEVENT", body: o))
        }
        var entries = [
            CalendarEntry(
                uid: CalendarExport.uid(slotID), plan: plan.name, channel: plan.channel?.target, owner: slot.owner,
                zone: utcOnly ? nil : zone, span: first.utc...max(lastUTC, until), components: components)
        ]
        for t in apart where filter.contains(t.utc) {
            var e = ICalendarWriter()
            writeTime(&e, "DTSTART", local: t.local, utc: t.utc, zone: zone)
            var occurrence = item
            occurrence.local = t.local
            occurrence.due = t.utc
            let id = "\(slotID)@\(AgendaItem.stamp(t.local))"
            writeCommon(&e, item: occurrence, state: recorded[t.local] ?? ItemState(), isEvent: true, itemID: id)
            entries.append(
                CalendarEntry(
                    uid: CalendarExport.uid(id), plan: plan.name, channel: plan.channel?.target, owner: slot.owner,
                    zone: utcOnly ? nil : zone, span: t.utc...t.utc, components: [.init(name: "VEVENT", body: e)]))
        }
        return entries
    }

    /// The UNTIL (UTC) that ends a rule after its occurrence `last`: an hour later, or halfway to the next
    /// occurrence when that comes sooner. Any instant from `last` to just before `next` is right by RFC 5545; the
    /// slack covers clients that compare UNTIL in DTSTART's offset rather than each occurrence's, which would
    /// otherwise drop a last occurrence on the other side of a daylight-saving change.
    static func until(last: LocalDateTime, next: LocalDateTime?, in zone: ZoneRules) -> Int64? {
        guard let end = zone.resolve(last, policy: .default).utc else { return nil }
        var slack: Int64 = 3_600
        if let next { slack = min(slack, (next.secondsSinceEpochAsUTC - last.secondsSinceEpochAsUTC) / 2) }
        return end + max(0, slack)
    }

    /// Whether every client reads `local` in `zone` as `utc`: a time that is neither in a gap nor in a repeated
    /// hour, and is that instant.
    static func readsAlike(_ local: LocalDateTime, _ utc: Int64, in zone: ZoneRules) -> Bool {
        let r = zone.resolve(local, policy: .default)
        return r.kind == .normal && r.utc == utc
    }

    /// At most this many occurrences of a sub-daily slot are written as dates rather than as its rule.
    static let explodedLimit = 5_000
}
