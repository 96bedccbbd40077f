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
        var changes = PlanChanges()
        func judge(_ id: String, _ was: AgendaItem?, _ item: AgendaItem?) {
            switch (was, item) {
            case (nil, nil): break
            case (nil, .some): changes.added.append(id)
            case (.some, nil): changes.removed.append(id)
            case (let was?, let item?):
                if was.due != item.due {
                    changes.moved.append(id)
                } else if was.title != item.title || was.owner != item.owner || was.needs != item.needs
                    || was.channel != item.channel || was.leads != item.leads || was.progress != item.progress
                {
                    changes.edited.append(id)
                }
            }
        }
        // One-off items of the plans that changed, looked up in both indexes (no copy of either).
        for plan in new.planSet.plans where !unchanged.contains(plan.name) {
            for id in Self.oneOffIDs(of: plan) { judge(id, old.fixedItems[id], new.fixedItems[id]) }
        }
        for plan in old.planSet.plans where !unchanged.contains(plan.name) {
            for id in Self.oneOffIDs(of: plan) where new.fixedItems[id] == nil && old.fixedItems[id] != nil {
                changes.removed.append(id)
            }
        }
        let names = Set(old.planSet.plans.map(\.name)).union(new.planSet.plans.map(\.name))
        for name in names {
            let id = name + "/renewal"
            judge(id, old.fixedItems[id], new.fixedItems[id])
        }
        // Occurrences and preparations of the window.
        var before: [String: AgendaItem] = [:]
        var after: [String: AgendaItem] = [:]
        for item in old.slotItems(from: from, to: to) { before[item.id] = item }
        for item in new.slotItems(from: from, to: to) { after[item.id] = item }
        for (id, item) in after { judge(id, before[id], item) }
        for id in before.keys where after[id] == nil { changes.removed.append(id) }
        // Sorted, and each id once (a plan with a duplicate id has errors, but is compared all the same).
        changes.added = Self.sortedOnce(changes.added)
        changes.removed = Self.sortedOnce(changes.removed)
        changes.moved = Self.sortedOnce(changes.moved)
        changes.edited = Self.sortedOnce(changes.edited)
        return changes
    }

    /// Names of the plans of `new` whose one-off items are those of the plan of the same name in `old`.
    static func unchangedPlans(_ old: PlanSet, _ new: PlanSet) -> Set<String> {
        var names = Set<String>()
        for plan in new.plans {
            guard let o = old.planIndex[plan.name].map({ old.plans[$0] }), o.reminders == plan.reminders,
                plan.hasSameDueOneOffItems(as: o)
            else { continue }
            names.insert(plan.name)
        }
        return names
    }

    /// The ids sorted, each once.
    private static func sortedOnce(_ ids: [String]) -> [String] {
        let sorted = ids.sorted()
        return sorted.indices.compactMap { i in i > 0 && sorted[i - 1] == sorted[i] ? nil : sorted[i] }
    }

    /// The qualified ids of a plan's content items and posts.
    private static func oneOffIDs(of plan: Plan) -> [String] {
        let prefix = plan.name + "/"
        return plan.content.map { prefix + $0.id } + plan.posts.indices.map { prefix + plan.posts.id(at: $0) }
    }
}
