import Dispatch
import Synchronization

/// The items of a plan set by qualified id (`plan/id`): one index per plan, by bare id.
///
/// A million posts indexed by qualified id kept a million strings of their own (`bench-e001/p0000001` is too long
/// to be stored inline) and a 24-byte location each, about 100 bytes a post; by bare id the key is usually inline
/// and the value four bytes. The per-plan indexes are built in parallel.
public struct ItemIndex: Sendable {
    /// Plan indexes by name.
    private let plans: [String: Int]
    /// For each plan, its items' places by bare id: the kind in the top two bits, the index below.
    private let byPlan: [[String: UInt32]]
    /// How many items are indexed.
    public let count: Int
    /// How many of them are slots.
    public let slotCount: Int

    private static let contentTag: UInt32 = 0
    private static let postTag: UInt32 = 1 << 30
    private static let slotTag: UInt32 = 2 << 30
    private static let indexMask: UInt32 = (1 << 30) - 1

    /// Ids declared again in a plan: the later declaration's place and the first's, in plan and declaration
    /// order.
    public let duplicates: [Duplicate]

    /// Indexes the content items, posts and slots of `plans` (whose indexes by name are `planIndex`), each plan in
    /// parallel; of an id declared twice in a plan, the first declaration is indexed. A plan whose items are the
    /// very ones (the same storage) of the plan of that name in `previous` (the index and plans of the set in force,
    /// on a reload) takes its index from there: a reload of one changed file indexes that file's plans only.
    init(_ plans: [Plan], planIndex: [String: Int], reusing previous: (index: ItemIndex, plans: [Plan])? = nil) {
        self.plans = planIndex
        let built = Mutex<[Int: (index: [String: UInt32], again: [Duplicate])]>([:])
        let withDuplicates = Set(previous?.index.duplicates.map(\.location.plan) ?? [])
        DispatchQueue.concurrentPerform(iterations: plans.count) { p in
            let plan = plans[p]
            if let previous, let q = previous.index.plans[plan.name], q < previous.plans.count,
                q < previous.index.byPlan.count, !withDuplicates.contains(q)
            {
                let old = previous.plans[q]
                if plan.posts.sharesStorage(with: old.posts) && plan.content.sharesStorage(with: old.content)
                    && plan.slots.sharesStorage(with: old.slots)
                {
                    built.withLock { $0[p] = (previous.index.byPlan[q], []) }
                    return
                }
            }
            let one = Self.index(plan, p)
            built.withLock { $0[p] = one }
        }
        let all = built.withLock { all in plans.indices.map { all[$0]! } }
        byPlan = all.map(\.index)
        count = byPlan.reduce(0) { $0 + $1.count }
        duplicates = all.flatMap(\.again)
        // Every slot is indexed but one declared again: no pass over a million entries to count them.
        slotCount =
            plans.reduce(0) { $0 + $1.slots.count }
            - duplicates.count { if case .slot = $0.location { true } else { false } }
    }

    /// An empty index.
    init() {
        plans = [:]
        byPlan = []
        count = 0
        slotCount = 0
        duplicates = []
    }

    /// An id declared again: where, and where first.
    public typealias Duplicate = (id: String, location: PlanSet.ItemLocation, first: PlanSet.ItemLocation)

    /// One plan's index, and its ids declared again.
    private static func index(_ plan: Plan, _ p: Int) -> (index: [String: UInt32], again: [Duplicate]) {
        var index: [String: UInt32] = [:]
        index.reserveCapacity(plan.content.count + plan.posts.count + plan.slots.count)
        var again: [Duplicate] = []
        func claim(_ id: String, _ code: UInt32) {
            if let first = index.updateValue(code, forKey: id) {
                index[id] = first
                again.append((id, location(code, plan: p), location(first, plan: p)))
            }
        }
        // By index: `for post in posts` copies each whole post (a dozen retains) to read its id.
        for i in plan.content.indices { claim(plan.content[i].id, contentTag | UInt32(i)) }
        for i in plan.posts.indices { claim(plan.posts.id(at: i), postTag | UInt32(i)) }
        for i in plan.slots.indices { claim(plan.slots[i].id, slotTag | UInt32(i)) }
        return (index, again)
    }

    /// The place of the item with that qualified id.
    public subscript(id: String) -> PlanSet.ItemLocation? {
        guard let slash = id.utf8.firstIndex(of: UInt8(ascii: "/")), let p = plans[String(id[..<slash])] else {
            return nil
        }
        return self[plan: p, String(id[id.utf8.index(after: slash)...])]
    }

    /// The place of the item with that bare id in plan `p`.
    public subscript(plan p: Int, id: String) -> PlanSet.ItemLocation? {
        byPlan[p][id].map { Self.location($0, plan: p) }
    }

    /// Whether an item has that qualified id.
    public func contains(_ id: String) -> Bool { self[id] != nil }

    /// Every indexed item as `(qualified id, place)`, plan by plan, in no particular order within a plan.
    public var all: [(id: String, location: PlanSet.ItemLocation)] {
        var result: [(id: String, location: PlanSet.ItemLocation)] = []
        result.reserveCapacity(count)
        let names = plans.sorted { $0.value < $1.value }.map(\.key)
        for (p, index) in byPlan.enumerated() {
            let prefix = names[p] + "/"
            for (id, code) in index { result.append((prefix + id, Self.location(code, plan: p))) }
        }
        return result
    }

    private static func location(_ code: UInt32, plan p: Int) -> PlanSet.ItemLocation {
        let i = Int(code & indexMask)
        switch code & ~indexMask {
        case contentTag: return .content(plan: p, index: i)
        case postTag: return .post(plan: p, index: i)
        default: return .slot(plan: p, index: i)
        }
    }
}
