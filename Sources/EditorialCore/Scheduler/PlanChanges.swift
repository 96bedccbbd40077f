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
        var before: [String: AgendaItem] = old.fixedItems
        var after: [String: AgendaItem] = new.fixedItems
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
}
