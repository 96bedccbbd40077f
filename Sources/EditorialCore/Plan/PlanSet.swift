/// Every plan of a team, read from several files, with references resolved across plans, and the people of the
/// files' `people:` documents by owner id.
///
/// Ids are unique per plan; other plans refer to them as `plan/id`. A bare `id` means the item of the
/// same plan, or else the only plan in the set that has it. Dependency cycles are errors with the path.
public struct PlanSet: Sendable {
    /// The plans, in the order read.
    public private(set) var plans: [Plan]
    /// Every error and warning found while reading and resolving (not the strategy checks); past
    /// `DiagnosticBudget.perFile` in a file, a count.
    public private(set) var diagnostics: [Diagnostic]
    /// What resolving lists and what it only counts.
    private var budget = DiagnosticBudget(what: "problems with ids, references or cycles")

    /// Where a production item or post lives.
    public enum ItemLocation: Hashable, Sendable {
        /// `plans[plan].content[index]`.
        case content(plan: Int, index: Int)
        /// `plans[plan].posts[index]`.
        case post(plan: Int, index: Int)
        /// `plans[plan].slots[index]`.
        case slot(plan: Int, index: Int)

        /// The plan's index.
        public var plan: Int {
            switch self {
            case .content(let p, _), .post(let p, _), .slot(let p, _): p
            }
        }
    }

    /// Items by qualified id (`plan/id`).
    public private(set) var items = ItemIndex()
    /// Channels by qualified id (`plan/id`), as `(plan, index)`.
    public private(set) var channelIndex: [String: ChannelLocation] = [:]
    /// Plan indexes by name.
    public private(set) var planIndex: [String: Int] = [:]
    /// The people of the `people:` documents, by owner id.
    public private(set) var people: [String: Person] = [:]
    /// Whether any file holds a `people:` document (an empty one too): delivery is configured, and the checks
    /// warn about owners who are not among the people.
    public private(set) var hasPeople = false
    /// Whether two items of a plan were declared with the same id (an error): the index holds the first.
    public var hasDuplicateItemIDs: Bool { !items.duplicates.isEmpty }

    /// Where a channel lives.
    public struct ChannelLocation: Hashable, Sendable {
        /// Index of the plan.
        public var plan: Int
        /// Index in its `channels`.
        public var index: Int
    }

    /// True when any error was found: such a set must not replace a good one.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Reads and resolves the given files; plans without `reminders:` get `defaultReminders`.
    public init(sources: [PlanSource], defaultReminders: [NominalDuration] = Plan.defaultReminders) {
        self.init(files: ParsedFile.parseAll(sources) { ParsedFile(parsing: $0, defaultReminders: defaultReminders) })
    }

    /// Resolves parsed files, in file order; `diagnostics` are problems found before parsing (unreadable files).
    /// The files are taken apart: where nothing else holds their plans, resolving writes them in place. With
    /// `previous` (the set in force, on a reload), plans whose items are still its plans' are not indexed again.
    public init(files: consuming [ParsedFile], diagnostics: [Diagnostic] = [], reusing previous: PlanSet? = nil) {
        var plans: [Plan] = []
        plans.reserveCapacity(files.reduce(0) { $0 + $1.plans.count })
        for i in files.indices {
            plans += files[i].plans
            files[i].plans = []
        }
        self.init(
            plans: consume plans, people: files.flatMap(\.people), hasPeople: files.contains(where: \.hasPeople),
            diagnostics: diagnostics + files.flatMap(\.diagnostics), reusing: previous)
    }

    /// Resolves already parsed plans and people (the parsers' `plans`, `people` and `hasPeople`, in file order);
    /// `hasPeople` is implied by any person. With `previous`, plans whose items are still its plans' are not
    /// indexed again.
    public init(
        plans: consuming [Plan], people: [Person] = [], hasPeople: Bool = false, diagnostics: [Diagnostic] = [],
        reusing previous: PlanSet? = nil
    ) {
        self.plans = []
        self.diagnostics = diagnostics
        for diagnostic in diagnostics { budget.count(diagnostic) }
        self.hasPeople = hasPeople || !people.isEmpty
        for person in people {
            if let first = self.people[person.id] {
                error(.duplicateID, person.location, "person '\(person.id)' is already defined at \(first.location)")
                continue
            }
            self.people[person.id] = person
        }
        for plan in plans {
            if let other = planIndex[plan.name] {
                error(
                    .duplicateID, plan.location,
                    "plan '\(plan.name)' is already defined at \(self.plans[other].location)")
                continue
            }
            planIndex[plan.name] = self.plans.count
            self.plans.append(plan)
        }
        // Let go of the given array, so that the set's plans are the only references to their items.
        plans = []
        declareImplicitChannels()
        indexIDs(reusing: previous)
        resolveReferences()
        findCycles()
        self.diagnostics += budget.summaries
        self.diagnostics.sort()
    }

    /// The person with the given owner id, if a people document names them.
    public func person(_ id: String) -> Person? { people[id] }

    /// The channel with the given qualified id.
    public func channel(_ qualifiedID: String) -> Channel? {
        channelIndex[qualifiedID].map { plans[$0.plan].channels[$0.index] }
    }

    /// Whether an item on `itemChannel` (a qualified channel id) is on the channel a user named: its id,
    /// its qualified id `plan/id`, or its network (`linkedin`).
    public func channel(_ itemChannel: String?, matches wanted: String) -> Bool {
        guard let itemChannel else { return false }
        if itemChannel == wanted || itemChannel.hasSuffix("/" + wanted) { return true }
        return channel(itemChannel)?.network == wanted.lowercased()
    }

    // MARK: Resolution

    private mutating func error(_ code: DiagnosticCode, _ at: SourceLocation, _ message: String) {
        note(Diagnostic(.error, code, at: at, message))
    }

    /// Lists a diagnostic while its file has fewer than `DiagnosticBudget.perFile`, else counts it.
    private mutating func note(_ diagnostic: Diagnostic) {
        if budget.admit(diagnostic) { diagnostics.append(diagnostic) }
    }

    /// An editorial plan whose `channel:` is a bare network name that no plan declares as a channel
    /// (`channel: instagram`) gets that channel declared for it, as a company page on that network.
    private mutating func declareImplicitChannels() {
        var declared = Set<String>()
        for plan in plans { declared.formUnion(plan.channels.map(\.id)) }
        for p in plans.indices {
            guard plans[p].kind == .editorial, let ref = plans[p].channel, !ref.text.utf8.contains(UInt8(ascii: "/")),
                !declared.contains(ref.text), Network.known[ref.text.lowercased()] != nil
            else { continue }
            plans[p].channels.append(
                Channel(id: ref.text, network: ref.text.lowercased(), location: ref.location))
            declared.insert(ref.text)
        }
    }

    /// Where the item at `location` is declared.
    private func declaration(_ location: ItemLocation) -> SourceLocation {
        switch location {
        case .content(let p, let i): return plans[p].content[i].location
        case .post(let p, let i): return plans[p].posts[i].location
        case .slot(let p, let i): return plans[p].slots[i].location
        }
    }

    private mutating func indexIDs(reusing previous: PlanSet?) {
        items = ItemIndex(plans, planIndex: planIndex, reusing: previous.map { ($0.items, $0.plans) })
        var duplicates = items.duplicates[...]
        for (p, plan) in plans.enumerated() {
            while let again = duplicates.first, again.location.plan == p {
                duplicates.removeFirst()
                error(
                    .duplicateID, declaration(again.location),
                    "id '\(again.id)' is already used in plan '\(plan.name)' at \(declaration(again.first))")
            }
            var seenChannels: [String: SourceLocation] = [:]
            for (i, c) in plan.channels.enumerated() {
                if let first = seenChannels[c.id] {
                    error(.duplicateID, c.location, "channel '\(c.id)' is already declared in this plan at \(first)")
                    continue
                }
                seenChannels[c.id] = c.location
                channelIndex["\(plan.name)/\(c.id)"] = ChannelLocation(plan: p, index: i)
            }
        }
    }

    /// A set of qualified ids with an index by bare id, so that resolving is a dictionary look-up. The index by
    /// bare id and the sorted lists are built only when a reference needs them: most references name an item of
    /// their own plan, and a million ids cost a second to index.
    private final class Namespace {
        /// Whether the qualified id is in the set.
        let contains: (String) -> Bool
        /// How many ids there are.
        let count: Int
        private let ids: () -> [String]
        lazy var byBareID: [String: [String]] = {
            var index: [String: [String]] = [:]
            for id in ids() {
                if let slash = id.firstIndex(of: "/") {
                    index[String(id[id.index(after: slash)...]), default: []].append(id)
                }
            }
            return index
        }()
        /// The ids in order, for suggestions: sorted once, when the first unknown reference needs them.
        lazy var sortedQualified: [String] = ids().sorted()
        lazy var sortedBare: [String] = byBareID.keys.sorted()

        init(count: Int, contains: @escaping (String) -> Bool, ids: @escaping () -> [String]) {
            self.count = count
            self.contains = contains
            self.ids = ids
        }

        convenience init(_ ids: Set<String>) {
            self.init(count: ids.count, contains: { ids.contains($0) }, ids: { Array(ids) })
        }
    }

    /// Resolves a reference written in plan `p`: same plan first, then the only plan that has the id.
    private mutating func resolve(_ ref: Reference, in p: Int, _ namespace: Namespace, what: String) -> String? {
        let text = ref.text
        if text.utf8.contains(UInt8(ascii: "/")) {
            if namespace.contains(text) { return text }
        } else {
            let qualified = "\(plans[p].name)/\(text)"
            if namespace.contains(qualified) { return qualified }
            let matches = (namespace.byBareID[text] ?? []).sorted()
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 {
                error(
                    .ambiguousReference, ref.location,
                    "\(what) '\(text)' is ambiguous: write one of \(matches.map { "'\($0)'" }.joined(separator: ", "))")
                return nil
            }
        }
        var message = "unknown \(what) '\(text)'"
        // A problem past the file's listed ones is only counted: no suggestion is looked for.
        let qualifiedRef = text.utf8.contains(UInt8(ascii: "/"))
        let count = qualifiedRef ? namespace.count : namespace.byBareID.count
        if budget.lists(ref.location.file), count < 5000 {
            let candidates = qualifiedRef ? namespace.sortedQualified : namespace.sortedBare
            if let near = Suggestion.nearest(to: text, among: candidates) { message += "; did you mean '\(near)'?" }
        }
        error(.unknownReference, ref.location, message)
        return nil
    }

    private mutating func resolveReferences() {
        let items = items
        let slotCount = items.slotCount
        let itemSpace = Namespace(
            count: items.count - slotCount,
            contains: { id in
                guard let location = items[id] else { return false }
                if case .slot = location { return false }
                return true
            },
            ids: {
                items.all.compactMap { key, location in
                    if case .slot = location { return nil }
                    return key
                }
            })
        let isSlot = { (id: String) -> Bool in
            guard slotCount > 0, let location = items[id], case .slot = location else { return false }
            return true
        }
        let channelIndex = channelIndex
        let channelSpace = Namespace(
            count: channelIndex.count, contains: { channelIndex[$0] != nil }, ids: { Array(channelIndex.keys) })
        var campaignIDs: Set<String> = []
        for plan in plans { campaignIDs.formUnion(plan.campaigns.map { "\(plan.name)/\($0.id)" }) }
        let campaignSpace = Namespace(campaignIDs)

        // Items are resolved in copies, and a copy is written back only when a target changed (`rewrite`): a cached
        // parse that was resolved before is shared with the parse cache, and writing one post would copy its
        // plan's whole array. Each function below returns whether it changed anything.
        // Resolving is a function of the text and the plan it is written in, and reports a problem only when it
        // finds nothing: what a plan's references resolved to is remembered for the plan's other references (ten
        // thousand posts on one channel resolve it once). `Memo` holds one plan's, per namespace.
        struct Memo {
            var channels: [String: String] = [:]
            var campaigns: [String: String] = [:]
            var items: [String: String] = [:]
        }
        func relink(
            _ ref: inout Reference, _ p: Int, _ space: Namespace, _ what: String, _ memo: inout [String: String],
            _ set: inout PlanSet
        ) -> Bool {
            let target: String?
            if let known = memo[ref.text] {
                target = known
            } else {
                target = set.resolve(ref, in: p, space, what: what)
                if let target { memo[ref.text] = target }
            }
            guard target != ref.target else { return false }
            ref.target = target
            return true
        }
        func relink(
            _ ref: inout Reference?, _ p: Int, _ space: Namespace, _ what: String, _ memo: inout [String: String],
            _ set: inout PlanSet
        ) -> Bool {
            guard var r = ref, relink(&r, p, space, what, &memo, &set) else { return false }
            ref = r
            return true
        }
        func needs(_ refs: inout [Reference], _ p: Int, _ memo: inout Memo, _ set: inout PlanSet) -> Bool {
            var changed = false
            for i in refs.indices {
                let text = refs[i].text
                // A text resolved before in this plan is no slot: that was checked then.
                if let known = memo.items[text] {
                    if refs[i].target != known {
                        refs[i].target = known
                        changed = true
                    }
                    continue
                }
                let slot = text.utf8.contains(UInt8(ascii: "/")) ? text : "\(set.plans[p].name)/\(text)"
                if isSlot(slot) {
                    set.error(
                        .invalidValue, refs[i].location,
                        "'\(slot)' is a recurring slot; a need must name a content item or a post")
                    continue
                }
                changed = relink(&refs[i], p, itemSpace, "item", &memo.items, &set) || changed
            }
            return changed
        }
        // The write-back is a loop of its own: a write inside the resolving loop lets the optimizer make the array
        // unique before it (copying a million posts) even when nothing is written. Each item is read in place
        // through the buffer, its references copied out, and the item copied only when one changed: a copy of each
        // post to look at it was a third of a warm start's resolving.
        func rewrite<T>(
            _ items: inout [T], _ set: inout PlanSet, _ resolve: (UnsafeBufferPointer<T>, Int, inout PlanSet) -> T?
        ) {
            var edits: [(Int, T)] = []
            items.withUnsafeBufferPointer { buffer in
                for i in buffer.indices {
                    if let changed = resolve(buffer, i, &set) { edits.append((i, changed)) }
                }
            }
            if !edits.isEmpty { for (i, item) in edits { items[i] = item } }
        }
        // Posts kept compact (`PostList`) have only a channel to resolve, one of a few names: each name is resolved at
        // its first row and set once for all of its rows, so a plan's cached posts are neither copied nor rewritten.
        // A name that resolves to nothing is tried again at each row, which reports it there, as before.
        func resolvePosts(
            _ posts: inout PostList, _ p: Int, own: Reference?, editorial: Bool, _ memo: inout Memo,
            _ set: inout PlanSet
        ) {
            func offChannel(_ target: String?, at location: SourceLocation) {
                guard editorial, let own = own?.target, let target, target != own else { return }
                set.note(
                    Diagnostic(
                        .warning, .suspicious, at: location,
                        "post on '\(target)' in the editorial plan of '\(own)': an editorial plan covers one channel"))
            }
            var edits: [(Int, Post)] = []
            var retargeted: [(Int, String?)] = []
            var found = [String?](repeating: nil, count: posts.nameCount)
            for i in posts.indices {
                switch posts.compactChannel(at: i) {
                case .some(nil):
                    guard let own else { continue }
                    var post = posts[i]
                    post.channel = own
                    edits.append((i, post))
                case .some(let k?):
                    if let target = found[k] {
                        offChannel(target, at: posts.channelLocation(at: i))
                        continue
                    }
                    let name = posts.name(k)
                    var ref = Reference(name.text, at: posts.channelLocation(at: i))
                    ref.target = name.target
                    _ = relink(&ref, p, channelSpace, "channel", &memo.channels, &set)
                    found[k] = ref.target
                    if ref.target != name.target { retargeted.append((k, ref.target)) }
                    offChannel(ref.target, at: ref.location)
                case .none:
                    var post = posts[i]
                    var changed = needs(&post.needs, p, &memo, &set)
                    if post.channel == nil {
                        post.channel = own
                        changed = changed || own != nil
                    } else {
                        changed = relink(&post.channel, p, channelSpace, "channel", &memo.channels, &set) || changed
                        offChannel(post.channel?.target, at: post.channel!.location)
                    }
                    changed = relink(&post.campaign, p, campaignSpace, "campaign", &memo.campaigns, &set) || changed
                    if changed { edits.append((i, post)) }
                }
            }
            // Written after the loop, and only if needed, as in `rewrite`: a write inside it copied the names of
            // posts shared with the parse cache (a release build makes them unique before the loop).
            if !retargeted.isEmpty { for (k, target) in retargeted { posts.setTarget(target, ofName: k) } }
            if !edits.isEmpty { for (i, post) in edits { posts[i] = post } }
        }
        for p in plans.indices {
            // Moved out and back, so that the plan's arrays are changed in place rather than copied.
            var plan = plans[p]
            plans[p].content = []
            plans[p].posts = []
            plans[p].slots = []
            var memo = Memo()
            _ = relink(&plan.channel, p, channelSpace, "channel", &memo.channels, &self)
            rewrite(&plan.content, &self) { items, i, set in
                var (needed, channels, campaign) = (items[i].needs, items[i].channels, items[i].campaign)
                var changed = needs(&needed, p, &memo, &set)
                for j in channels.indices {
                    changed = relink(&channels[j], p, channelSpace, "channel", &memo.channels, &set) || changed
                }
                changed = relink(&campaign, p, campaignSpace, "campaign", &memo.campaigns, &set) || changed
                guard changed else { return nil }
                var item = items[i]
                (item.needs, item.channels, item.campaign) = (needed, channels, campaign)
                return item
            }
            resolvePosts(&plan.posts, p, own: plan.channel, editorial: plan.kind == .editorial, &memo, &self)
            rewrite(&plan.slots, &self) { slots, i, set in
                var (needed, campaign) = (slots[i].needs, slots[i].campaign)
                var changed = needs(&needed, p, &memo, &set)
                changed = relink(&campaign, p, campaignSpace, "campaign", &memo.campaigns, &set) || changed
                guard changed else { return nil }
                var slot = slots[i]
                (slot.needs, slot.campaign) = (needed, campaign)
                return slot
            }
            plans[p] = plan
        }
    }

    /// The resolved needs of a content item or post.
    public func needs(of location: ItemLocation) -> [Reference] {
        switch location {
        case .content(let p, let i): return plans[p].content[i].needs
        case .post(let p, let i): return plans[p].posts.needs(at: i)
        case .slot(let p, let i): return plans[p].slots[i].needs
        }
    }

    private mutating func findCycles() {
        enum Mark { case visiting, done }
        // Marked by where the item lives: hashing two integers, not the id.
        var marks: [ItemLocation: Mark] = [:]
        var stack: [String] = []
        var reported = Set<String>()

        func visit(_ id: String, _ location: ItemLocation, _ set: inout PlanSet) {
            marks[location] = .visiting
            stack.append(id)
            for ref in set.needs(of: location) {
                guard let target = ref.target, let next = set.items[target] else { continue }
                switch marks[next] {
                case .visiting:
                    let start = stack.lastIndex(of: target)!
                    let cycle = Array(stack[start...]) + [target]
                    let key = Set(cycle).sorted().joined(separator: ",")
                    if reported.insert(key).inserted {
                        set.error(
                            .cycle, ref.location,
                            "dependency cycle: \(cycle.joined(separator: " → ")); nothing in it can ever be done")
                    }
                case .done:
                    break
                case nil:
                    visit(target, next, &set)
                }
            }
            stack.removeLast()
            marks[location] = .done
        }
        // In declaration order (no sort of a million ids), and only from items with needs: only those can be on a
        // cycle, the others would be visited to no effect.
        for (p, plan) in plans.enumerated() {
            var roots: [(id: String, location: ItemLocation)] = []
            for (i, c) in plan.content.enumerated() where !c.needs.isEmpty {
                roots.append((c.id, .content(plan: p, index: i)))
            }
            for i in plan.posts.indices where !plan.posts.needs(at: i).isEmpty {
                roots.append((plan.posts.id(at: i), .post(plan: p, index: i)))
            }
            for (i, s) in plan.slots.enumerated() where !s.needs.isEmpty {
                roots.append((s.id, .slot(plan: p, index: i)))
            }
            for root in roots where marks[root.location] == nil {
                let id = plan.name + "/" + root.id
                // A duplicate id is not indexed: the item that holds the id is visited instead.
                guard items[id] == root.location else { continue }
                visit(id, root.location, &self)
            }
        }
    }
}
