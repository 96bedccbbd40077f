/// What a reload changed, by item id: fixed items and the occurrences of the coming weeks.
public struct PlanChanges: Hashable, Sendable {
    /// Items that are new.
    public var added: [String] = []
    /// Items that are gone.
    public var removed: [String] = []
    /// Items whose due time changed.
    public var moved: [String] = []
    /// Items whose title, owner, needs, channel or lead times changed.
    public var edited: [String] = []

    /// How far ahead a reload compares occurrences: 30 days.
    public static let horizon: Int64 = 30 * 86_400

    /// No change.
    public init() {}

    /// True when nothing changed.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && moved.isEmpty && edited.isEmpty }

    /// "2 added, 1 removed, 3 moved, 0 edited".
    public var summary: String {
        "\(added.count) added, \(removed.count) removed, \(moved.count) moved, \(edited.count) edited"
    }

    /// Compares the items of two agendas: all fixed items, and occurrences due in `[from, to)`.
    public static func between(_ old: Agenda, _ new: Agenda, from: Int64, to: Int64) -> PlanChanges {
        // A plan whose content and posts are the very arrays of the old one (an unchanged file, served resolved
        // from the parse cache), with the same zone and lead times, has the same one-off items: its million
        // posts are not compared one by one. Renewals depend on other plans and are always compared.
        let unchanged = Self.unchangedPlans(old.planSet, new.planSet)
        var before: [String: AgendaItem] = [:]
        var after: [String: AgendaItem] = [:]
        Self.collect(old, skipping: unchanged, into: &before)
        Self.collect(new, skipping: unchanged, into: &after)
        for item in old.items(from: from, to: to) where item.kind == .occurrence || item.kind == .preparation {
            before[item.id] = item
        }
        for item in new.items(from: from, to: to) where item.kind == .occurrence || item.kind == .preparation {
            after[item.id] = item
        }
        var changes = PlanChanges()
        for (id, item) in after {
            guard let was = before[id] else {
                changes.added.append(id)
                continue
            }
            if was.due != item.due {
                changes.moved.append(id)
            } else if was.title != item.title || was.owner != item.owner || was.needs != item.needs
                || was.channel != item.channel || was.leads != item.leads || was.progress != item.progress
            {
                changes.edited.append(id)
            }
        }
        changes.removed = before.keys.filter { after[$0] == nil }
        changes.added.sort()
        changes.removed.sort()
        changes.moved.sort()
        changes.edited.sort()
        return changes
    }

    /// Names of the plans of `new` whose one-off items are those of the plan of the same name in `old`.
    private static func unchangedPlans(_ old: PlanSet, _ new: PlanSet) -> Set<String> {
        var names = Set<String>()
        for plan in new.plans {
            guard let o = old.planIndex[plan.name].map({ old.plans[$0] }), o.zone.identifier == plan.zone.identifier,
                o.dstPolicy == plan.dstPolicy, o.reminders == plan.reminders,
                Self.same(o.posts, plan.posts), Self.same(o.content, plan.content)
            else { continue }
            names.insert(plan.name)
        }
        return names
    }

    /// True when both arrays are one storage (so equal, without comparing their elements).
    private static func same<T>(_ a: [T], _ b: [T]) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
            && a.count == b.count
    }

    /// The one-off items of the plans not in `skipping`, and every renewal, by id.
    private static func collect(_ agenda: Agenda, skipping: Set<String>, into items: inout [String: AgendaItem]) {
        for plan in agenda.planSet.plans {
            if let renewal = agenda.fixedItems["\(plan.name)/renewal"] { items[renewal.id] = renewal }
            guard !skipping.contains(plan.name) else { continue }
            for id in plan.content.map(\.id) + plan.posts.map(\.id) {
                let qualified = "\(plan.name)/\(id)"
                if let item = agenda.fixedItems[qualified] { items[qualified] = item }
            }
        }
    }
}
