/// The one-off items of an agenda (content items, posts, plan renewals), by id, built from their plans when asked
/// for.
///
/// An agenda over a million hand-listed posts kept one `AgendaItem` per post (its box, its qualified id and an
/// index entry: about 370 bytes each, a third of the daemon's memory at rest). The plans already hold every field,
/// so an item is built from its post or content item on demand: for a window, a page or a look-up. Only renewals,
/// a few per set, are kept built.
public struct FixedItems: Sendable {
    /// Where one item lives: its plan, and its place there (content items first, then posts; -1 for the renewal).
    struct Ref: Hashable, Sendable {
        /// The plan's index in the set.
        var plan: Int32
        /// `content[index]`, `posts[index - content.count]`, or the plan's renewal when -1.
        var index: Int32
    }

    /// The plans the items are built from.
    let planSet: PlanSet
    /// Renewal items by plan index.
    private let renewals: [Int32: AgendaItem]
    /// The plans with a renewal, by the renewal's id.
    private let renewalPlans: [String: Int32]
    /// Items that are declared but not reachable by id (a set with errors: the later of duplicate ids, an item named
    /// `renewal` in a plan whose renewal is due); usually empty.
    let hidden: Set<Ref>
    /// How many items there are.
    public let count: Int

    /// The items of `planSet`, with the renewals already built.
    init(planSet: PlanSet, renewals: [Int32: AgendaItem]) {
        self.planSet = planSet
        self.renewals = renewals
        var renewalPlans: [String: Int32] = [:]
        for (p, renewal) in renewals { renewalPlans[renewal.id] = p }
        self.renewalPlans = renewalPlans
        // Looking every item up by its qualified id costs a string per item: done only where the set says an id was
        // declared twice, or a renewal's id is also an item's.
        var hidden = Set<Ref>()
        if planSet.hasDuplicateItemIDs || renewalPlans.keys.contains(where: { planSet.items[$0] != nil }) {
            for (p, plan) in planSet.plans.enumerated() {
                let prefix = plan.name + "/"
                let refs =
                    plan.content.indices.map { (plan.content[$0].id, Ref(plan: Int32(p), index: Int32($0))) }
                    + plan.posts.indices.map {
                        (plan.posts.id(at: $0), Ref(plan: Int32(p), index: Int32(plan.content.count + $0)))
                    }
                for (id, ref) in refs {
                    let qualified = prefix + id
                    if renewalPlans[qualified] != nil || Self.ref(planSet.items[qualified], in: planSet) != ref {
                        hidden.insert(ref)
                    }
                }
            }
        }
        self.hidden = hidden
        count = planSet.plans.reduce(renewals.count) { $0 + $1.content.count + $1.posts.count } - hidden.count
    }

    /// No items (an agenda of slots only).
    init(empty planSet: PlanSet) {
        self.planSet = planSet
        renewals = [:]
        renewalPlans = [:]
        hidden = []
        count = 0
    }

    /// The item with that id (`plan/id` or `plan/renewal`), built from its plan.
    public subscript(id: String) -> AgendaItem? {
        ref(id).map(item)
    }

    /// Whether an item has that id (nothing is built).
    public func contains(_ id: String) -> Bool { ref(id) != nil }

    /// Every id, plan by plan: content items, posts, then the renewal.
    public var ids: [String] {
        var result: [String] = []
        result.reserveCapacity(count)
        for (p, plan) in planSet.plans.enumerated() {
            let n = plan.content.count + plan.posts.count
            for i in 0..<n {
                let ref = Ref(plan: Int32(p), index: Int32(i))
                if !isHidden(ref) { result.append(id(ref)) }
            }
            if let renewal = renewals[Int32(p)] { result.append(renewal.id) }
        }
        return result
    }

    /// Whether an item is declared but not reachable by id (see `hidden`).
    func isHidden(_ ref: Ref) -> Bool { !hidden.isEmpty && hidden.contains(ref) }

    /// The renewal item of a plan, if it has one.
    func renewal(ofPlan p: Int32) -> AgendaItem? { renewals[p] }

    /// Where the item with that id lives.
    func ref(_ id: String) -> Ref? {
        if let p = renewalPlans[id] { return Ref(plan: p, index: -1) }
        guard let ref = Self.ref(planSet.items[id], in: planSet), !isHidden(ref) else { return nil }
        return ref
    }

    private static func ref(_ location: PlanSet.ItemLocation?, in set: PlanSet) -> Ref? {
        switch location {
        case .content(let p, let i): Ref(plan: Int32(p), index: Int32(i))
        case .post(let p, let i): Ref(plan: Int32(p), index: Int32(set.plans[p].content.count + i))
        case .slot, nil: nil
        }
    }

    // The three readers below reach into the plan without binding it: `let plan = planSet.plans[p]` copies the
    // plan (a retain of each of its fields) for every one of the time line's sort comparisons and counted items.

    /// The id of the item within its plan (`renewal` for the renewal).
    func bareID(_ ref: Ref) -> String {
        let (p, i) = (Int(ref.plan), Int(ref.index))
        if i < 0 { return "renewal" }
        let n = planSet.plans[p].content.count
        return i < n ? planSet.plans[p].content[i].id : planSet.plans[p].posts.id(at: i - n)
    }

    /// The qualified id of an item, without building it.
    func id(_ ref: Ref) -> String {
        ref.index < 0 ? renewals[ref.plan]!.id : planSet.plans[Int(ref.plan)].name + "/" + bareID(ref)
    }

    /// The progress an item's plan file records.
    func progress(_ ref: Ref) -> Progress? {
        let (p, i) = (Int(ref.plan), Int(ref.index))
        if i < 0 { return nil }
        let n = planSet.plans[p].content.count
        return i < n ? planSet.plans[p].content[i].progress : planSet.plans[p].posts.progress(at: i - n)
    }

    /// Whether an item needs others done first.
    func hasNeeds(_ ref: Ref) -> Bool {
        let (p, i) = (Int(ref.plan), Int(ref.index))
        if i < 0 { return false }
        let n = planSet.plans[p].content.count
        return i < n ? !planSet.plans[p].content[i].needs.isEmpty : !planSet.plans[p].posts.needs(at: i - n).isEmpty
    }

    /// The item, built from its plan.
    func item(_ ref: Ref) -> AgendaItem {
        let i = Int(ref.index)
        if i < 0 { return renewals[ref.plan]! }
        // Read in place: `let plan = planSet.plans[p]` copied the whole plan (a retain and a release of each of its
        // fields) for every item built, a seventh of an agenda page.
        return planSet.plans.withUnsafeBufferPointer { plans in
            precondition(plans.indices.contains(Int(ref.plan)), "a reference into another plan set")
            let plan = plans.baseAddress! + Int(ref.plan)
            let zone = plan.pointee.zone
            let contentCount = plan.pointee.content.count
            if i < contentCount {
                let item = plan.pointee.content[i]
                let r = zone.resolve(item.due, policy: plan.pointee.dstPolicy)
                return AgendaItem(
                    id: plan.pointee.name + "/" + item.id, kind: .content, plan: plan.pointee.name,
                    channel: item.channels.first?.target, title: item.title ?? "\(item.type) \(item.id)",
                    owner: item.owner, type: item.type, local: item.due, due: r.utc, offset: r.offset, dst: r.kind,
                    leads: item.reminders ?? plan.pointee.reminders, needs: item.needs.compactMap(\.target),
                    progress: item.progress, zone: zone, source: item.location)
            }
            // Field by field: building the whole `Post` of a compact row costs more than the item.
            let k = i - contentCount
            let id = plan.pointee.posts.id(at: k)
            let at = plan.pointee.posts.time(at: k)
            let r = zone.resolve(at, policy: plan.pointee.dstPolicy)
            return AgendaItem(
                id: plan.pointee.name + "/" + id, kind: .post, plan: plan.pointee.name,
                channel: plan.pointee.posts.channelTarget(at: k), title: plan.pointee.posts.title(at: k) ?? id,
                owner: plan.pointee.posts.owner(at: k), type: nil, local: at, due: r.utc, offset: r.offset, dst: r.kind,
                leads: plan.pointee.posts.reminders(at: k) ?? plan.pointee.reminders,
                needs: plan.pointee.posts.needs(at: k).compactMap(\.target),
                progress: plan.pointee.posts.progress(at: k), zone: zone, source: plan.pointee.posts.location(at: k))
        }
    }
}
