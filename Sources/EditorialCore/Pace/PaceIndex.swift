/// What the pace report counts, kept compact so that a reply over a million scheduled posts takes milliseconds:
/// the posts of each page and the production items of each owner in the horizon, as sorted arrays of due times
/// (with a hash of the id and what the plan file or the store says of each), and the recorded outcomes by item.
///
/// Built once per plan set (off the daemon's queue), then kept up to date by `record(_:planItem:)` and
/// `unrecord(item:planItem:)` as the team marks items; `report(_:)` answers from it.
public struct PaceIndex: Sendable {
    /// One page: the channels that post to it and how to name it.
    struct Page: Sendable {
        var key: String
        var network: String
        var title: String
        var channels: [String]
        var social: Bool
    }

    /// Items due in the horizon, by due time. `state` is `open` until the store records an outcome (then the
    /// record counts, by the due time it had), or what the plan file's `status:` says.
    struct Lane: Sendable {
        var due: [Int64] = []
        var hash: [UInt64] = []
        var state: [ItemMark] = []

        mutating func sort() {
            let order = due.indices.sorted { (due[$0], hash[$0]) < (due[$1], hash[$1]) }
            due = order.map { due[$0] }
            hash = order.map { hash[$0] }
            state = order.map { state[$0] }
        }

        /// The position of the item with `hash` due at `at`, if it is in the lane.
        func position(due at: Int64, hash h: UInt64) -> Int? {
            var i = due.partitioningIndex { $0 >= at }
            while i < due.count && due[i] == at {
                if hash[i] == h { return i }
                i += 1
            }
            return nil
        }
    }

    /// Where an item of a lane stands.
    enum ItemMark: UInt8, Sendable {
        case open
        case recorded
        case planDone
        case planSkipped

        init(plan progress: Progress?) {
            switch progress {
            case nil: self = .open
            case .done?, .published?: self = .planDone
            case .skipped?: self = .planSkipped
            }
        }
    }

    /// The first instant the index covers.
    public let horizonStart: Int64
    /// The instant after the last one it covers.
    public let horizonEnd: Int64
    /// The team's zone, in which weeks start.
    public let zone: ZoneRules
    var pages: [Page] = []
    var pageByKey: [String: Int] = [:]
    var pageByChannel: [String: Int] = [:]
    var pageLanes: [Lane] = []
    var owners: [String] = []
    var ownerByID: [String: Int] = [:]
    var ownerLanes: [Lane] = []
    /// Production items (by id hash) → the pages whose posts need them.
    var productionPages: [UInt64: [Int32]] = [:]
    /// The recorded outcomes, as arrays of fields (a report runs over 200,000 of them in a millisecond): the due
    /// time each had, its lateness, the page or owner it counts for, and what it is.
    var outcomes = Outcomes()
    /// Where each item's outcome is in `outcomes`, by the hash of its id.
    var outcomeSlot: [UInt64: Int32] = [:]

    /// The recorded outcomes, field by field.
    struct Outcomes: Sendable {
        var due: [Int64] = []
        var late: [Int64] = []
        var hash: [UInt64] = []
        /// The page (posts) or owner (production) index; -1 for neither.
        var lane: [Int32] = []
        var kind: [OutcomeKind] = []
    }

    /// What an outcome counts as.
    enum OutcomeKind: UInt8, Sendable {
        case post, postSkipped, production, productionSkipped, none
    }

    /// Indexes the items of `agenda` due in `[horizonStart, horizonEnd)` and the recorded outcomes.
    public init(
        agenda: Agenda, records: some Sequence<PaceRecord>, horizonStart: Int64, horizonEnd: Int64
    ) {
        self.horizonStart = horizonStart
        self.horizonEnd = horizonEnd
        let planSet = agenda.planSet
        zone = planSet.teamZone ?? ZoneRules(identifier: "UTC")!
        for plan in planSet.plans {
            for channel in plan.channels {
                let id = "\(plan.name)/\(channel.id)"
                let page = pageIndex(
                    key: channel.pageKey, network: Network.known[channel.network]?.key ?? channel.network,
                    title: Self.title(of: channel), social: Network.known[channel.network]?.isSocial ?? true)
                if !pages[page].channels.contains(id) { pages[page].channels.append(id) }
                pageByChannel[id] = page
            }
        }
        for r in records { store(r) }
        var needers: [String: [Int32]] = [:]
        func addPost(due: Int64, hash: UInt64, progress: Progress?, channel: String?, needs: [String]) {
            guard let channel, let page = pageByChannel[channel] else { return }
            pageLanes[page].due.append(due)
            pageLanes[page].hash.append(hash)
            pageLanes[page].state.append(outcomeSlot[hash] != nil ? .recorded : ItemMark(plan: progress))
            for need in needs where needers[need]?.contains(Int32(page)) != true {
                needers[need, default: []].append(Int32(page))
            }
        }
        func add(_ item: AgendaItem) {
            guard let due = item.due, due >= horizonStart, due < horizonEnd else { return }
            let mark: ItemMark =
                outcomeSlot[Self.hash(item.id)] != nil ? .recorded : ItemMark(plan: item.progress)
            switch item.kind {
            case .post, .occurrence:
                addPost(
                    due: due, hash: Self.hash(item.id), progress: item.progress, channel: item.channel,
                    needs: item.needs)
            case .content, .preparation:
                let owner = ownerIndex(item.owner ?? "")
                ownerLanes[owner].due.append(due)
                ownerLanes[owner].hash.append(Self.hash(item.id))
                ownerLanes[owner].state.append(mark)
            case .renewal: return
            }
        }
        // Posts field by field, their ids hashed from the plan's prefix on: building a million `AgendaItem`s for
        // this was most of a reload's work.
        let prefixes = planSet.plans.map { Self.hash($0.name + "/") }
        for position in agenda.fixedRange(from: horizonStart, to: horizonEnd) {
            let ref = agenda.fixedRef(at: position)
            let plan = Int(ref.plan)
            let k = Int(ref.index) - planSet.plans[plan].content.count
            guard ref.index >= 0, k >= 0 else {
                add(agenda.fixedItem(at: position))
                continue
            }
            let posts = planSet.plans[plan].posts
            addPost(
                due: agenda.fixedDue(at: position), hash: Self.hash(posts.id(at: k), continuing: prefixes[plan]),
                progress: posts.progress(at: k), channel: posts.channelTarget(at: k),
                needs: posts.needs(at: k).compactMap(\.target))
        }
        for p in planSet.plans.indices {
            for s in planSet.plans[p].slots.indices {
                for occurrence in agenda.occurrences(plan: p, slot: s, from: horizonStart - 8 * 86_400, to: horizonEnd)
                {
                    add(occurrence)
                    if let prep = agenda.preparation(of: occurrence, plan: p, slot: s) { add(prep) }
                }
            }
        }
        for i in pageLanes.indices { pageLanes[i].sort() }
        for i in ownerLanes.indices { ownerLanes[i].sort() }
        for (id, pages) in needers { productionPages[Self.hash(id)] = pages }
    }

    private mutating func pageIndex(key: String, network: String, title: String, social: Bool) -> Int {
        if let i = pageByKey[key] { return i }
        pages.append(Page(key: key, network: network, title: title, channels: [], social: social))
        pageLanes.append(Lane())
        pageByKey[key] = pages.count - 1
        return pages.count - 1
    }

    mutating func ownerIndex(_ owner: String) -> Int {
        if let i = ownerByID[owner] { return i }
        owners.append(owner)
        ownerLanes.append(Lane())
        ownerByID[owner] = owners.count - 1
        return owners.count - 1
    }

    /// The page a record counts for: its recorded page, else its channel's page in the plans in force, else one
    /// added for it (a page the plans no longer have, whose record still counts).
    mutating func pageAdding(_ record: PaceRecord) -> Int? {
        if let key = record.page, let i = pageByKey[key] { return i }
        if let channel = record.channel, let i = pageByChannel[channel] { return i }
        guard let key = record.page ?? record.channel else { return nil }
        let network = record.network ?? "unknown"
        return pageIndex(
            key: key, network: network, title: "\(Network.known[network]?.name ?? network) \(record.channel ?? key)",
            social: Network.known[network]?.isSocial ?? true)
    }

    /// A page's readable name: the channel's title, else the network's name and the handle or id.
    static func title(of channel: Channel) -> String {
        if let title = channel.title { return title }
        let network = Network.known[channel.network]?.name ?? channel.network
        return "\(network) \(channel.handle ?? channel.id)"
    }

    /// FNV-1a over the id's UTF-8: stable, and 8 bytes per item instead of the id.
    static func hash(_ id: String) -> UInt64 { hash(id, continuing: 0xcbf2_9ce4_8422_2325) }

    /// `hash(_:)` of what came before followed by `text`, given the hash `h` of what came before.
    static func hash(_ text: String, continuing h: UInt64) -> UInt64 {
        var h = h
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    // MARK: Changes

    /// An outcome was recorded for `record.item` (`planItem` is the item in the plans in force, if any).
    public mutating func record(_ record: PaceRecord, planItem: AgendaItem?) {
        if outcomeSlot[Self.hash(record.item)] == nil, let item = planItem { mark(item, .recorded) }
        store(record)
    }

    /// The item was reopened: its record no longer counts, and it stands as the plan file says again.
    public mutating func unrecord(item: String, planItem: AgendaItem?) {
        guard let slot = outcomeSlot.removeValue(forKey: Self.hash(item)) else { return }
        outcomes.kind[Int(slot)] = .none
        if let planItem { mark(planItem, ItemMark(plan: planItem.progress)) }
    }

    /// Writes `r` into its slot (a new one for an item not recorded yet).
    private mutating func store(_ r: PaceRecord) {
        let h = Self.hash(r.item)
        let kind: OutcomeKind
        var lane: Int32 = -1
        if r.isPost, let page = pageAdding(r) {
            kind = r.progress == .skipped ? .postSkipped : .post
            lane = Int32(page)
        } else if r.isProduction {
            kind = r.progress == .skipped ? .productionSkipped : .production
            lane = Int32(ownerIndex(r.owner ?? ""))
        } else {
            kind = .none
        }
        let due = r.due ?? .min
        let late = r.due.map { r.at - $0 } ?? 0
        if let slot = outcomeSlot[h].map(Int.init) {
            outcomes.due[slot] = due
            outcomes.late[slot] = late
            outcomes.lane[slot] = lane
            outcomes.kind[slot] = r.due == nil ? .none : kind
            return
        }
        outcomeSlot[h] = Int32(outcomes.due.count)
        outcomes.due.append(due)
        outcomes.late.append(late)
        outcomes.hash.append(h)
        outcomes.lane.append(lane)
        outcomes.kind.append(r.due == nil ? .none : kind)
    }

    private mutating func mark(_ item: AgendaItem, _ mark: ItemMark) {
        guard let due = item.due else { return }
        let h = Self.hash(item.id)
        switch item.kind {
        case .post, .occurrence:
            guard let channel = item.channel, let page = pageByChannel[channel],
                let i = pageLanes[page].position(due: due, hash: h)
            else { return }
            pageLanes[page].state[i] = mark
        case .content, .preparation:
            guard let owner = ownerByID[item.owner ?? ""], let i = ownerLanes[owner].position(due: due, hash: h)
            else { return }
            ownerLanes[owner].state[i] = mark
        case .renewal: return
        }
    }
}

extension PaceIndex {
    /// True when `wanted` names a page (its key, a channel id or a network) the index knows.
    public func hasPage(_ wanted: String) -> Bool {
        pages.contains { $0.key == wanted || $0.network == wanted || $0.channels.contains(wanted) }
    }

    /// True when the plans give `owner` production items in the horizon.
    public func hasOwner(_ owner: String) -> Bool { ownerByID[owner] != nil }
}
