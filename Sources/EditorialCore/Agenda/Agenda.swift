import Dispatch
import Synchronization

/// The due things of a plan set on a time line: posts, slot occurrences, production items, preparations and
/// plan renewals, each with a stable id and a UTC due time.
///
/// One-off items are kept as a time line of small references into the plans and built when asked for; slot
/// occurrences (and their preparations) are expanded on demand for a window, so a year of daily slots costs
/// nothing until asked for.
public struct Agenda: Sendable {
    /// The plans.
    public let planSet: PlanSet
    /// Items that do not recur (content, posts, renewals), by id.
    public let fixedItems: FixedItems
    /// Fixed items with a due time, sorted by (due, id).
    private let fixedTimeline: [Timed]
    /// For each id some fixed item needs, the ids of the fixed items needing it, sorted.
    public let fixedDependents: [String: [String]]
    /// The longest preparation lead of any slot (to widen windows so preparations are not missed).
    private let longestPrepareLead: Int64
    /// How many plans' time-line entries were kept from the agenda this one was built from (see `init(planSet:reusing:)`).
    let keptPlans: Int

    /// A one-off item on the time line: 16 bytes, where an `AgendaItem` with its box and id took about 370.
    private struct Timed: Sendable {
        var due: Int64
        var ref: FixedItems.Ref
    }

    /// Builds the agenda of a plan set (a set with errors gives the agenda of what could be read). With `previous`,
    /// the agenda in force before a reload, the time line keeps its entries of every plan that is unchanged (the
    /// same posts and content, not copied, in the same zone): only the changed plans' due times are resolved and
    /// sorted, then merged into them. At a million posts, an edit of one file of 100 resolved and sorted every entry.
    public init(planSet: PlanSet, reusing previous: Agenda? = nil) {
        self.planSet = planSet
        let plans = planSet.plans
        var renewals: [Int32: AgendaItem] = [:]
        for p in plans.indices {
            if let renewal = Agenda.renewal(of: p, in: planSet) { renewals[Int32(p)] = renewal }
        }
        let fixed = FixedItems(planSet: planSet, renewals: renewals)
        // For each plan of `previous`, its index here when its entries are kept (else -1).
        let kept = previous.map { Agenda.keptPlans(of: $0, in: planSet, fixed) } ?? []
        var isKept = [Bool](repeating: false, count: plans.count)
        for p in kept where p >= 0 { isKept[Int(p)] = true }
        let rebuiltPlans = plans.indices.filter { !isKept[$0] }
        keptPlans = plans.count - rebuiltPlans.count
        // Each plan's due times are resolved in parallel (a million posts: resolving local times is most of the work),
        // then put in order all at once.
        let built = Mutex<[Int: [Timed]]>([:])
        DispatchQueue.concurrentPerform(iterations: rebuiltPlans.count) { k in
            let p = rebuiltPlans[k]
            let runs = Agenda.timeline(of: p, plans[p], fixed)
            built.withLock { $0[p] = runs }
        }
        var timeline = built.withLock { all in rebuiltPlans.flatMap { all[$0] ?? [] } }
        // A kept plan's renewal may come or go with the others (a following plan added or removed): built anew.
        for p in plans.indices where isKept[p] {
            if let due = fixed.renewal(ofPlan: Int32(p))?.due {
                timeline.append(Timed(due: due, ref: FixedItems.Ref(plan: Int32(p), index: -1)))
            }
        }
        // By due time in a radix sort; ties compare ids (within a plan bare ids, across plans qualified ones).
        let order = Agenda.crossPlanOrder(plans)
        let tie: (Timed, Timed) -> Bool = { a, b in
            if a.ref.plan == b.ref.plan { return fixed.bareID(a.ref) < fixed.bareID(b.ref) }
            return order(Int(a.ref.plan), Int(b.ref.plan)) ?? (fixed.id(a.ref) < fixed.id(b.ref))
        }
        timeline.radixSort(by: \.due, tie: tie)
        if let previous, keptPlans > 0 {
            timeline = Agenda.merge(previous.fixedTimeline, kept: kept, with: timeline, tie: tie)
        }
        fixedTimeline = timeline
        fixedItems = fixed
        var dependents: [String: [String]] = [:]
        for (p, plan) in plans.enumerated() {
            let prefix = plan.name + "/"
            func add(_ i: Int, _ id: String, _ needs: [Reference]) {
                guard !fixed.isHidden(FixedItems.Ref(plan: Int32(p), index: Int32(i))) else { return }
                for need in needs {
                    if let target = need.target { dependents[target, default: []].append(prefix + id) }
                }
            }
            for i in plan.content.indices where !plan.content[i].needs.isEmpty {
                add(i, plan.content[i].id, plan.content[i].needs)
            }
            for i in plan.posts.indices {
                let needs = plan.posts.needs(at: i)
                if !needs.isEmpty { add(plan.content.count + i, plan.posts.id(at: i), needs) }
            }
        }
        fixedDependents = dependents.mapValues { $0.sorted() }
        longestPrepareLead = plans.reduce(0) { max($0, Agenda.longestPrepareLead(of: $1)) }
    }

    /// For each plan of `previous`, its index in `planSet` when its time-line entries (not its renewal) hold there
    /// unchanged, else -1. None are kept where either set hides items (duplicate ids): which ones it hides depends on
    /// every plan.
    private static func keptPlans(of previous: Agenda, in planSet: PlanSet, _ fixed: FixedItems) -> [Int32] {
        let old = previous.planSet.plans
        guard fixed.hidden.isEmpty, previous.fixedItems.hidden.isEmpty else {
            return Array(repeating: -1, count: old.count)
        }
        return old.map { plan in
            guard let p = planSet.planIndex[plan.name], planSet.plans[p].hasSameDueOneOffItems(as: plan) else {
                return -1
            }
            return Int32(p)
        }
    }

    /// The entries of `old` whose plan is kept (renewals left out), renumbered, merged with `new` (sorted): both are
    /// in the time line's order, so one pass keeps it.
    private static func merge(
        _ old: [Timed], kept: [Int32], with new: [Timed], tie: (Timed, Timed) -> Bool
    ) -> [Timed] {
        var result: [Timed] = []
        result.reserveCapacity(old.count + new.count)
        var j = 0
        for var entry in old where entry.ref.index >= 0 {
            let p = kept[Int(entry.ref.plan)]
            guard p >= 0 else { continue }
            entry.ref.plan = p
            while j < new.count && (new[j].due < entry.due || (new[j].due == entry.due && tie(new[j], entry))) {
                result.append(new[j])
                j += 1
            }
            result.append(entry)
        }
        result += new[j...]
        return result
    }

    /// A plan's one-off items that have a due time, in the plan's order.
    private static func timeline(of p: Int, _ plan: Plan, _ fixed: FixedItems) -> [Timed] {
        var run: [Timed] = []
        run.reserveCapacity(plan.content.count + plan.posts.count + 1)
        let plan32 = Int32(p)
        // The spans of local time met so far that resolve with one offset (a zone has a few a year): most posts are
        // resolved with a comparison or two instead of a search of the zone's transitions.
        var spans: [LocalSpan] = []
        func add(_ i: Int, _ local: Int64) {
            let ref = FixedItems.Ref(plan: plan32, index: Int32(i))
            guard !fixed.isHidden(ref) else { return }
            if let span = spans.first(where: { local >= $0.lower && local < $0.upper }) {
                run.append(Timed(due: local - Int64(span.offset), ref: ref))
                return
            }
            let resolution = plan.zone.resolve(localSeconds: local, policy: plan.dstPolicy)
            guard let due = resolution.utc else { return }
            if resolution.kind == .normal, spans.count < 8, let span = plan.zone.normalSpan(containing: local) {
                spans.append(span)
            }
            run.append(Timed(due: due, ref: ref))
        }
        // By index, field by field: `for post in posts` builds each whole post to read its time.
        for i in plan.content.indices { add(i, plan.content[i].due.secondsSinceEpochAsUTC) }
        for i in plan.posts.indices { add(plan.content.count + i, plan.posts.localSeconds(at: i)) }
        let renewal = FixedItems.Ref(plan: plan32, index: -1)
        if let due = fixed.renewal(ofPlan: plan32)?.due {
            run.append(Timed(due: due, ref: renewal))
        }
        return run
    }

    /// How the qualified ids of two plans' items compare, where their plan names alone decide it (ASCII names,
    /// neither a prefix of the other); `nil` where the ids must be compared whole.
    private static func crossPlanOrder(_ plans: [Plan]) -> @Sendable (Int, Int) -> Bool? {
        let names = plans.map(\.name)
        let ascii = names.map { name in name.utf8.allSatisfy { $0 < 0x80 } }
        @Sendable func decide(_ a: Int, _ b: Int) -> Bool? {
            let (x, y) = (names[a], names[b])
            guard ascii[a], ascii[b], !x.hasPrefix(y), !y.hasPrefix(x) else { return nil }
            return x < y
        }
        // Every pair decided once (a table of a byte each): the time line's ties ask for it hundreds of thousands of
        // times. Past a few thousand plans, pairs are decided when asked.
        let n = names.count
        guard n <= 2048 else { return { a, b in decide(a, b) } }
        var table = [Int8](repeating: 0, count: n * n)
        for a in 0..<n {
            for b in 0..<n where a != b { table[a * n + b] = decide(a, b).map { $0 ? 1 : -1 } ?? 0 }
        }
        return { [table] a, b in
            let t = table[a * n + b]
            return t == 0 ? nil : t > 0
        }
    }

    /// The agenda of a plan set's slots only, without its one-off items: for walking slot occurrences (the
    /// strategy checks) without building an item per post.
    init(slotsOf planSet: PlanSet) {
        self.planSet = planSet
        fixedItems = FixedItems(empty: planSet)
        fixedTimeline = []
        fixedDependents = [:]
        keptPlans = 0
        longestPrepareLead = planSet.plans.reduce(0) { max($0, Agenda.longestPrepareLead(of: $1)) }
    }

    /// The longest preparation lead of a plan's slots, with two hours of margin (0 without preparations).
    private static func longestPrepareLead(of plan: Plan) -> Int64 {
        plan.slots.reduce(0) { longest, slot in
            slot.prepare.map { max(longest, Int64($0.lead.approximateSeconds) + 7200) } ?? longest
        }
    }

    /// The latest due time of a one-off item (nil without any).
    public var lastFixedDue: Int64? { fixedTimeline.last?.due }

    /// Orders items by due time (skipped ones by their local time read as UTC), then id.
    public static func timelineOrder(_ a: AgendaItem, _ b: AgendaItem) -> Bool {
        let ta = a.due ?? a.local.secondsSinceEpochAsUTC
        let tb = b.due ?? b.local.secondsSinceEpochAsUTC
        return ta != tb ? ta < tb : a.id < b.id
    }

    /// Every item due in `[from, to)` (epoch seconds), in time order. Items skipped by a DST policy are left out.
    /// With `fixedUntil`, one-off items (posts, content, renewals) are taken up to that later bound instead: the
    /// scheduler looks further ahead for them (a renewal notice weeks before) than for slot occurrences. With
    /// `needingOthers`, only items that need others are given (one-off items that need none are not even built).
    public func items(from: Int64, to: Int64, fixedUntil: Int64? = nil, needingOthers: Bool = false) -> [AgendaItem] {
        let window = fixedItems(from: from, to: max(to, fixedUntil ?? to))
        var result =
            needingOthers ? window.indices.filter { window.hasNeeds(at: $0) }.map { window[$0] } : Array(window)
        result += slotItems(from: from, to: to).filter { !needingOthers || !$0.needs.isEmpty }
        return Self.inTimeOrder(result)
    }

    /// `items(from:to:)` with the slot items handed in: `slots` are those of `slotItems` over a window holding
    /// `[from, to)`, and only the ones due in `[from, to)` are kept. A caller that walks a window in short chunks
    /// (an `agenda` page) expands the slots once rather than once per chunk: starting every slot's recurrence
    /// again was nine tenths of a page over a year of recurring slots.
    public func items(from: Int64, to: Int64, slotItems slots: [AgendaItem]) -> [AgendaItem] {
        var result: [AgendaItem] = []
        visitItems(from: from, to: to, slotItems: slots) { item in
            result.append(item)
            return true
        }
        return result
    }

    /// The items of `items(from:to:slotItems:)`, in the same order, handed to `visit` one at a time until it
    /// returns false: a one-off item is built only when its turn comes. The time line is already in (due, id)
    /// order, so only the slots' items are sorted and merged in; an `agenda` page built every item of its first
    /// chunk (an hour of a dense agenda: hundreds) to keep a hundred.
    public func visitItems(
        from: Int64, to: Int64, slotItems slots: [AgendaItem], _ visit: (AgendaItem) -> Bool
    ) {
        let window = fixedItems(from: from, to: to)
        let timed = Self.inTimeOrder(slots.filter { item in item.due.map { $0 >= from && $0 < to } ?? false })
        var i = window.startIndex
        var j = 0
        while i < window.endIndex || j < timed.count {
            let takeFixed: Bool
            if j == timed.count {
                takeFixed = true
            } else if i == window.endIndex {
                takeFixed = false
            } else {
                let (a, b) = (window.due(at: i), timed[j].due!)
                takeFixed = a != b ? a < b : window.id(at: i) < timed[j].id
            }
            let item: AgendaItem
            if takeFixed {
                item = window[i]
                i += 1
            } else {
                item = timed[j]
                j += 1
            }
            guard visit(item) else { return }
        }
    }

    /// The items by due time (or local time read as UTC when none), then id.
    private static func inTimeOrder(_ items: [AgendaItem]) -> [AgendaItem] {
        // Sort small keys, not the items: an `AgendaItem` is large, and moving tens of thousands of them in a
        // merge sort was most of the cost of a window over a million scheduled posts.
        let keys = items.indices.map { (items[$0].due ?? items[$0].local.secondsSinceEpochAsUTC, $0) }
        let order = keys.sorted { a, b in a.0 != b.0 ? a.0 < b.0 : items[a.1].id < items[b.1].id }
        return order.map { items[$0.1] }
    }

    /// The one-off items (posts, content, renewals) due in `[from, to)`, in time order, each built when read: a
    /// window over a slice of the time line.
    public func fixedItems(from: Int64, to: Int64) -> FixedWindow {
        FixedWindow(agenda: self, range: fixedRange(from: from, to: to))
    }

    /// The positions on the time line of the one-off items due in `[from, to)`.
    func fixedRange(from: Int64, to: Int64) -> Range<Int> {
        let start = fixedTimeline.partitioningIndex { $0.due >= from }
        let end = fixedTimeline.partitioningIndex { $0.due >= to }
        return start..<max(start, end)
    }

    /// The plans' renewals due in `[from, to)`, in time order: a scan of the time line that builds no other item.
    public func renewals(from: Int64, to: Int64) -> [AgendaItem] {
        fixedRange(from: from, to: to).compactMap { fixedRef(at: $0).index < 0 ? fixedItem(at: $0) : nil }
    }

    /// The one-off item at a position on the time line.
    func fixedItem(at position: Int) -> AgendaItem { fixedItems.item(fixedTimeline[position].ref) }

    /// Where the one-off item at a position on the time line lives.
    func fixedRef(at position: Int) -> FixedItems.Ref { fixedTimeline[position].ref }

    /// The due time of the one-off item at a position on the time line.
    func fixedDue(at position: Int) -> Int64 { fixedTimeline[position].due }

    /// The slot occurrences and preparations due in `[from, to)` (those daylight saving skips have no due time and
    /// are left out), in no particular order. Consecutive ranges partition them: `[a, b)` and `[b, c)` together
    /// hold what `[a, c)` holds.
    public func slotItems(from: Int64, to: Int64) -> [AgendaItem] {
        var result: [AgendaItem] = []
        // Plans without slots are passed over unread: `enumerated()` copied each plan (a retain and a release of
        // each of its fields) on every page.
        for p in planSet.plans.indices where !planSet.plans[p].slots.isEmpty {
            let plan = planSet.plans[p]
            for (s, slot) in plan.slots.enumerated() {
                // An occurrence that daylight saving skips is found by its local time read as UTC, up to 14 hours
                // off its zone's instants: the margin keeps its preparation (which is due) in the window.
                // Only a slot with preparations needs occurrences past `to` (those whose preparation is due in it).
                let reach = slot.prepare == nil ? 0 : longestPrepareLead + 50_400
                for occurrence in occurrences(plan: p, slot: s, from: from, to: to + reach) {
                    if let due = occurrence.due, due >= from && due < to { result.append(occurrence) }
                    if let prep = preparation(of: occurrence, plan, slot), let due = prep.due,
                        due >= from && due < to
                    {
                        result.append(prep)
                    }
                }
            }
        }
        return result
    }

    /// Occurrences of one slot whose due time is in `[from, to)`, plus ones skipped by DST whose local time is.
    public func occurrences(plan p: Int, slot s: Int, from: Int64, to: Int64) -> [AgendaItem] {
        let plan = planSet.plans[p]
        let slot = plan.slots[s]
        // Local bounds with a day of margin on each side: any zone offset is under 26 hours.
        let lastLocal = min(
            slot.end.secondsSinceEpochAsUTC - 1, max(to, from) + 93_600)
        guard lastLocal >= slot.start.secondsSinceEpochAsUTC else { return [] }
        let firstLocal = from - 93_600
        var result: [AgendaItem] = []
        let through = LocalDateTime(secondsSinceEpochAsUTC: lastLocal)
        // From a start moved near the window: the same occurrences in it, without iterating from the slot's start.
        let recurrence = slot.recurrence.skipping(to: LocalDateTime(secondsSinceEpochAsUTC: firstLocal))
        for zoned in recurrence.occurrences(in: plan.zone, policy: plan.dstPolicy, through: through) {
            let t = zoned.local.secondsSinceEpochAsUTC
            if t < firstLocal || zoned.local < slot.start || slot.exceptDays.contains(zoned.local.daysSinceEpoch) {
                continue
            }
            // The key before the item: the margins around the range hold occurrences that are not kept.
            let key = zoned.resolution.utc ?? t
            if key >= from && key < to { result.append(occurrenceItem(plan, slot, zoned: zoned)) }
        }
        return result
    }

    /// Every occurrence of a slot in its whole period (for checks).
    public func allOccurrences(plan p: Int, slot s: Int) -> [AgendaItem] {
        let slot = planSet.plans[p].slots[s]
        return occurrences(
            plan: p, slot: s, from: slot.start.secondsSinceEpochAsUTC - 93_600,
            to: slot.end.secondsSinceEpochAsUTC + 93_600)
    }

    /// The item with the given id: a fixed item, an occurrence `plan/slot@LOCAL` or its `…/prepare`.
    public func item(id: String) -> AgendaItem? {
        if let item = fixedItems[id] { return item }
        guard let at = id.lastIndex(of: "@") else { return nil }
        let slotID = String(id[..<at])
        var stamp = String(id[id.index(after: at)...])
        let wantsPreparation = stamp.hasSuffix("/prepare")
        if wantsPreparation { stamp.removeLast("/prepare".count) }
        guard case .slot(let p, let s) = planSet.items[slotID],
            case .success(.local(let local, dateOnly: false)) = TimeText.parse(stamp)
        else { return nil }
        let t = local.secondsSinceEpochAsUTC
        let found = occurrences(plan: p, slot: s, from: t - 93_600, to: t + 93_600).first { $0.local == local }
        guard let occurrence = found else { return nil }
        return wantsPreparation ? preparation(of: occurrence, plan: p, slot: s) : occurrence
    }

    // Plan and slot passed in, not looked up by position: copying them for each occurrence retained all their fields.
    private func occurrenceItem(_ plan: Plan, _ slot: Slot, zoned: ZonedOccurrence) -> AgendaItem {
        let id = "\(plan.name)/\(slot.id)@\(AgendaItem.stamp(zoned.local))"
        var needs = slot.needs.compactMap(\.target)
        if slot.prepare != nil { needs.append(id + "/prepare") }
        return AgendaItem(
            id: id, kind: .occurrence, plan: plan.name, channel: plan.channel?.target, title: slot.title ?? slot.id,
            owner: slot.owner, type: nil, local: zoned.local, due: zoned.resolution.utc,
            offset: zoned.resolution.offset, dst: zoned.resolution.kind, leads: slot.reminders ?? plan.reminders,
            needs: needs, progress: nil, zone: plan.zone, source: slot.location)
    }

    /// The preparation item of an occurrence, due `lead` before it.
    public func preparation(of occurrence: AgendaItem, plan p: Int, slot s: Int) -> AgendaItem? {
        preparation(of: occurrence, planSet.plans[p], planSet.plans[p].slots[s])
    }

    private func preparation(of occurrence: AgendaItem, _ plan: Plan, _ slot: Slot) -> AgendaItem? {
        guard let prep = slot.prepare else { return nil }
        let local = occurrence.local.addingDays(-prep.lead.days)
        // An occurrence skipped by daylight saving has no due instant; a lead of whole days still places its
        // preparation on the calendar.
        let anchor = occurrence.due ?? (prep.lead.days == 0 ? nil : plan.zone.resolve(local, policy: .default).utc)
        let due = anchor.map { prep.lead.instant(before: occurrence.local, due: $0, in: plan.zone) }
        let dueLocal = due.map { LocalDateTime(secondsSinceEpochAsUTC: $0 + Int64(plan.zone.offset(atUTC: $0))) }
        return AgendaItem(
            id: occurrence.id + "/prepare", kind: .preparation, plan: plan.name, channel: occurrence.channel,
            title: prep.title ?? "\(prep.type) for \(occurrence.title)", owner: prep.owner ?? occurrence.owner,
            type: prep.type, local: dueLocal ?? local, due: due, offset: due.map { plan.zone.offset(atUTC: $0) } ?? 0,
            dst: .normal, leads: plan.reminders, needs: [], progress: nil, zone: plan.zone, source: prep.location)
    }

    /// The renewal item of an editorial plan whose channel has no plan following it.
    static func renewal(of p: Int, in set: PlanSet) -> AgendaItem? {
        let plan = set.plans[p]
        guard plan.kind == .editorial, let channel = plan.channel?.target, let page = set.channel(channel)?.pageKey
        else { return nil }
        let end = plan.end
        // The next plan may name the page through another communication plan (the next semester's).
        let followed = set.plans.contains { other in
            other.kind == .editorial && other.name != plan.name
                && other.channel?.target.flatMap { set.channel($0)?.pageKey } == page && other.from <= end
                && other.end > end
        }
        guard !followed else { return nil }
        let r = plan.zone.resolve(end, policy: .default)
        return AgendaItem(
            id: "\(plan.name)/renewal", kind: .renewal, plan: plan.name, channel: channel,
            title: "write the editorial plan that follows \(plan.name) (ends \(plan.until.date))", owner: nil,
            type: "editorial-plan", local: end, due: r.utc, offset: r.offset, dst: r.kind,
            leads: Array(Set([plan.renewNotice, .zero])).sorted(by: >), needs: [], progress: nil, zone: plan.zone,
            source: plan.location)
    }
}
