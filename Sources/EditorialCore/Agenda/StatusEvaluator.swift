import Synchronization

/// Computes statuses and chains of blame at a given moment: a pure function of the agenda, the recorded
/// state and `now`.
///
/// An item is *overdue* when past due and not closed. An item with prerequisites is *blocked* when some
/// prerequisite, directly or through others, is open and overdue, skipped, never due, or due after the item
/// itself (so it cannot be ready in time). Closed prerequisites end the search: what they needed no longer
/// matters.
public struct StatusEvaluator: Sendable {
    /// The agenda.
    public let agenda: Agenda
    /// Recorded state by item id (overrides the plan file's `status:`).
    public let state: [String: ItemState]
    /// The moment of evaluation (epoch seconds).
    public let now: Int64
    /// Items needing each id, for "what else it blocks".
    private let dependents: [String: [String]]
    /// Items known to the evaluator beyond the fixed ones (occurrences and preparations in scope).
    private let scope: [String: AgendaItem]
    /// `blocked(by:)` answers already computed: one late item blocking thousands of posts is asked once.
    private let blockedCache = BlockedCache()

    /// A memo shared by copies of the evaluator (the answers depend only on its immutable inputs).
    private final class BlockedCache: Sendable {
        let answers = Mutex<[String: [String]]>([:])
    }

    /// Creates an evaluator; `scope` are the recurring items (occurrences, preparations) to consider when
    /// answering "what else does it block" besides the fixed items.
    public init(agenda: Agenda, state: [String: ItemState] = [:], now: Int64, scope: [AgendaItem] = []) {
        self.agenda = agenda
        self.state = state
        self.now = now
        var known: [String: AgendaItem] = [:]
        for item in scope { known[item.id] = item }
        self.scope = known
        // The fixed items' dependents come with the agenda (a million posts are not walked per request); only the
        // lists that the scope's items add to are sorted again.
        var dependents = agenda.fixedDependents
        var touched = Set<String>()
        for item in known.values where !agenda.fixedItems.contains(item.id) {
            for need in item.needs {
                dependents[need, default: []].append(item.id)
                touched.insert(need)
            }
        }
        for need in touched { dependents[need]?.sort() }
        self.dependents = dependents
    }

    /// The recorded state of an item (store first, then the plan file).
    public func recorded(_ item: AgendaItem) -> ItemState { ItemState.recorded(item, in: state) }

    /// The status of one item, with its chain of blame.
    public func evaluate(_ item: AgendaItem) -> ItemEvaluation {
        let s = recorded(item)
        if let progress = s.progress {
            let status: ItemStatus =
                switch progress {
                case .done: .done
                case .published: .published
                case .skipped: .skipped
                }
            return ItemEvaluation(item: item, status: status, late: 0, blockers: [], state: s)
        }
        let late = item.due.map { max(0, now - $0) } ?? 0
        let blockers = blame(item)
        let status: ItemStatus
        if !blockers.isEmpty {
            status = .blocked
        } else if let due = item.due, now >= due {
            status = .overdue
        } else if let due = item.due, let lead = item.leads.first,
            now >= due - Int64(lead.approximateSeconds)
        {
            status = .due
        } else {
            status = .planned
        }
        return ItemEvaluation(item: item, status: status, late: late, blockers: blockers, state: s)
    }

    /// An item by id, from the scope first, then the agenda.
    public func lookup(_ id: String) -> AgendaItem? { scope[id] ?? agenda.item(id: id) }

    /// The open prerequisites that block `item`, worst first (most late, then by id).
    public func blame(_ item: AgendaItem) -> [Blame] {
        var found: [Blame] = []
        var seen: Set<String> = [item.id]
        var queue: [(String, [String])] = item.needs.map { ($0, [item.id, $0]) }
        var head = 0
        while head < queue.count {
            let (id, path) = queue[head]
            head += 1
            guard seen.insert(id).inserted, let need = lookup(id) else { continue }
            let s = recorded(need)
            if s.progress == .done || s.progress == .published { continue }
            var reason: Blame.Reason? = nil
            var late: Int64 = 0
            if s.progress == .skipped {
                reason = .skipped
            } else if let due = need.due {
                if now >= due {
                    reason = .overdue
                    late = now - due
                } else if let mine = item.due, due > mine {
                    reason = .dueTooLate
                    late = due - mine
                }
            } else {
                reason = .neverDue
            }
            if let reason {
                found.append(
                    Blame(
                        item: need.id, title: need.title, owner: need.owner, due: need.due, reason: reason, late: late,
                        path: path, blocks: blocked(by: need.id)))
            }
            for next in need.needs where !seen.contains(next) { queue.append((next, path + [next])) }
        }
        return found.sorted { ($0.late, $1.item) > ($1.late, $0.item) }
    }

    /// Every open item that needs `id`, directly or transitively.
    public func blocked(by id: String) -> [String] {
        if let known = blockedCache.answers.withLock({ $0[id] }) { return known }
        let result = computeBlocked(by: id)
        blockedCache.answers.withLock { $0[id] = result }
        return result
    }

    private func computeBlocked(by id: String) -> [String] {
        var result: [String] = []
        var seen: Set<String> = [id]
        var stack = dependents[id] ?? []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            if let item = lookup(next), recorded(item).progress == nil { result.append(next) }
            stack += dependents[next] ?? []
        }
        return result.sorted()
    }
}
