/// A plan's one-off posts, kept field by field rather than as an array of `Post`.
///
/// Most posts are written as an id, a time, a title and a channel, all in the plan's file. Such a post is kept
/// *compact*: its id, title, time, positions and channel are one row of parallel arrays, about 60 bytes, where a
/// `Post` takes about 320. The channel is one of a few distinct (text, target) pairs, so resolving it updates one
/// pair for thousands of posts. Any other post (with an owner, needs, lead times, a campaign, a status, a
/// position in another file or out of range) is kept whole.
///
/// Reading an element builds a `Post`; `id(at:)`, `time(at:)`, `title(at:)` and the other field readers read one
/// field without building it. Two lists are equal when their posts are, whichever way each is kept.
public struct PostList: Sendable {
    /// A compact row's positions: the post's line and column, its time's (lines below the post, and column) and its
    /// channel's (in an editorial plan the plan's channel, which is above the post, so its line is absolute).
    struct Places: Hashable, Sendable {
        var line: UInt32
        var channelLine: UInt32
        var column: UInt16
        var atLineOffset: UInt16
        var atColumn: UInt16
        var channelColumn: UInt16
    }

    /// A channel reference as written, and what it resolved to.
    struct Name: Hashable, Sendable {
        var text: String
        var target: String?
    }

    /// Distinct channel names a list keeps before it keeps further posts whole: interning is a linear search.
    static let maxNames = 64

    private var ids: [String] = []
    private var titles: [String?] = []
    /// A compact row's time as `LocalDateTime.secondsSinceEpochAsUTC`.
    private var times: [Int64] = []
    private var places: [Places] = []
    /// A row's kind: `>= 0` compact on `names[tag]`; `-1` compact without a channel; `<= -2` kept whole, at
    /// `whole[-2 - tag]`.
    private var tags: [Int32] = []
    private var whole: [Post] = []
    private var names: [Name] = []
    /// The file every compact row's positions are in (set by the first).
    private var file: String?

    /// An empty list.
    public init() {}

    /// How many posts are kept whole (for tests).
    var wholeCount: Int { tags.reduce(0) { $0 + ($1 <= -2 ? 1 : 0) } }

    /// How many whole posts are stored, including any a write replaced by a compact row (for tests).
    var wholeStorageCount: Int { whole.count }

    /// The id of the post at `i`.
    public func id(at i: Int) -> String { ids[i] }

    /// The local time of the post at `i`.
    public func time(at i: Int) -> LocalDateTime {
        kept(i) { $0.at } ?? LocalDateTime(secondsSinceEpochAsUTC: times[i])
    }

    /// The local time of the post at `i` as `LocalDateTime.secondsSinceEpochAsUTC`, without building it.
    public func localSeconds(at i: Int) -> Int64 { kept(i) { $0.at.secondsSinceEpochAsUTC } ?? times[i] }

    /// The progress recorded in the file for the post at `i`.
    public func progress(at i: Int) -> Progress? { kept(i) { $0.progress } ?? nil }

    /// The needs of the post at `i`.
    public func needs(at i: Int) -> [Reference] { kept(i) { $0.needs } ?? [] }

    /// The lead times of the post at `i` (`nil`: the plan's).
    public func reminders(at i: Int) -> [NominalDuration]? { kept(i) { $0.reminders } ?? nil }

    /// The lead times the posts give themselves (`reminders:`), in row order: only a row kept whole has any, so a
    /// list of compact rows answers at once (the scheduler's bounds read every post's lead times on each reload).
    public var ownReminders: [NominalDuration] {
        guard !whole.isEmpty else { return [] }
        var result: [NominalDuration] = []
        for tag in tags where tag <= -2 { result += whole[Int(-2 - tag)].reminders ?? [] }
        return result
    }

    /// What the channel of the post at `i` resolved to.
    public func channelTarget(at i: Int) -> String? {
        if let whole = kept(i, { $0.channel?.target }) { return whole }
        return tags[i] >= 0 ? names[Int(tags[i])].target : nil
    }

    /// The title of the post at `i`.
    public func title(at i: Int) -> String? { kept(i) { $0.title } ?? titles[i] }

    /// Where the post at `i` is written.
    public func location(at i: Int) -> SourceLocation {
        if let whole = kept(i, { $0.location }) { return whole }
        let place = places[i]
        return SourceLocation(file: file ?? "", line: Int(place.line), column: Int(place.column))
    }

    /// The owner of the post at `i`.
    public func owner(at i: Int) -> String? { kept(i) { $0.owner } ?? nil }

    /// True when `other` keeps its posts in the very same storage (a list shared, not copied): equal without a
    /// comparison.
    public func sharesStorage(with other: PostList) -> Bool {
        ids.sharesStorage(with: other.ids) && titles.sharesStorage(with: other.titles)
            && times.sharesStorage(with: other.times) && places.sharesStorage(with: other.places)
            && tags.sharesStorage(with: other.tags) && whole.sharesStorage(with: other.whole)
            && names.sharesStorage(with: other.names) && file == other.file
    }

    /// `field` of row `i`'s post when it is kept whole, else nil (the post is lent to `field`, not copied).
    private func kept<T>(_ i: Int, _ field: (Post) -> T) -> T? {
        let tag = tags[i]
        return tag <= -2 ? field(whole[Int(-2 - tag)]) : nil
    }

    // MARK: Resolving (PlanSet)

    /// The channel name of compact row `i`: its index in the list's names, `nil` when it has no channel, or `.none`
    /// (outer nil) when the row is kept whole.
    func compactChannel(at i: Int) -> Int?? {
        let tag = tags[i]
        if tag <= -2 { return .none }
        return .some(tag >= 0 ? Int(tag) : nil)
    }

    /// How many channel names the compact rows are on.
    var nameCount: Int { names.count }

    /// Channel name `k` of the compact rows.
    func name(_ k: Int) -> Name { names[k] }

    /// Sets what channel name `k` resolved to, for every compact row on it at once.
    mutating func setTarget(_ target: String?, ofName k: Int) { names[k].target = target }

    /// Where compact row `i` writes its channel.
    func channelLocation(at i: Int) -> SourceLocation {
        let place = places[i]
        return SourceLocation(file: file ?? "", line: Int(place.channelLine), column: Int(place.channelColumn))
    }

    // MARK: Columns (the compiled-plan format)

    /// The list's storage as it is, column by column: `CompiledPlanWriter` writes it and `CompiledPlanReader`
    /// reads it back without building a `Post` per row.
    struct Columns {
        var ids: [String]
        var titles: [String?]
        var times: [Int64]
        var places: [Places]
        var tags: [Int32]
        var whole: [Post]
        var names: [Name]
        var file: String?
    }

    /// The storage, shared, not copied.
    var columns: Columns {
        Columns(
            ids: ids, titles: titles, times: times, places: places, tags: tags, whole: whole, names: names, file: file)
    }

    /// The times a compact row may hold: far wider than any plan's, narrow enough that no arithmetic on them
    /// overflows.
    static let compactTimes: ClosedRange<Int64> = -(1 << 50)...(1 << 50)

    /// A list of `columns` when they are consistent (columns of one length, every tag naming a name or a whole
    /// post of its own, times in `compactTimes`, a file when any row is compact), else nil.
    init?(columns c: Columns) {
        let n = c.ids.count
        guard c.titles.count == n, c.times.count == n, c.places.count == n, c.tags.count == n,
            c.names.count <= Self.maxNames
        else { return nil }
        var used = [Bool](repeating: false, count: c.whole.count)
        var compactRows = false
        for i in 0..<n {
            let tag = c.tags[i]
            if tag <= -2 {
                let k = Int(-2 - Int64(tag))
                guard k < used.count, !used[k] else { return nil }
                used[k] = true
            } else {
                guard tag == -1 || Int(tag) < c.names.count, Self.compactTimes.contains(c.times[i]) else { return nil }
                compactRows = true
            }
        }
        guard !compactRows || c.file != nil else { return nil }
        ids = c.ids
        titles = c.titles
        times = c.times
        places = c.places
        tags = c.tags
        whole = c.whole
        names = c.names
        file = c.file
    }

    // MARK: Storing

    /// Stores `post` as row `i` (appends when `i` is the end).
    private mutating func store(_ post: Post, at i: Int) {
        let appending = i == ids.count
        var row: (title: String?, time: Int64, place: Places, tag: Int32)
        if let compact = compact(post) {
            row = compact
        } else {
            row = (
                nil, 0, Places(line: 0, channelLine: 0, column: 0, atLineOffset: 0, atColumn: 0, channelColumn: 0), 0
            )
            // A whole row written again keeps its place: resolving rewrites posts whose targets changed, on every
            // load, and appending each time would grow the list across reloads.
            if !appending, tags[i] <= -2 {
                row.tag = tags[i]
                whole[Int(-2 - tags[i])] = post
            } else {
                row.tag = -2 - Int32(whole.count)
                whole.append(post)
            }
        }
        if appending {
            ids.append(post.id)
            titles.append(row.title)
            times.append(row.time)
            places.append(row.place)
            tags.append(row.tag)
        } else {
            ids[i] = post.id
            titles[i] = row.title
            times[i] = row.time
            places[i] = row.place
            tags[i] = row.tag
        }
    }

    /// `post` as a compact row, or nil when it must be kept whole.
    private mutating func compact(_ post: Post) -> (title: String?, time: Int64, place: Places, tag: Int32)? {
        guard post.owner == nil, post.needs.isEmpty, post.reminders == nil, post.campaign == nil,
            post.progress == nil, post.at.isValid
        else { return nil }
        let file = self.file ?? post.location.file
        let at = post.atLocation
        let channel = post.channel?.location ?? post.location
        guard post.location.file == file, at.file == file, channel.file == file,
            let line = UInt32(exactly: post.location.line), let column = UInt16(exactly: post.location.column),
            let atLineOffset = UInt16(exactly: at.line - post.location.line),
            let atColumn = UInt16(exactly: at.column), let channelLine = UInt32(exactly: channel.line),
            let channelColumn = UInt16(exactly: channel.column)
        else { return nil }
        var tag: Int32 = -1
        if let c = post.channel {
            let name = Name(text: c.text, target: c.target)
            if let k = names.lastIndex(of: name) {
                tag = Int32(k)
            } else if names.count < Self.maxNames {
                tag = Int32(names.count)
                names.append(name)
            } else {
                return nil
            }
        }
        self.file = file
        let place = Places(
            line: line, channelLine: channelLine, column: column, atLineOffset: atLineOffset, atColumn: atColumn,
            channelColumn: channelColumn)
        return (post.title, post.at.secondsSinceEpochAsUTC, place, tag)
    }

    /// Row `i` as a post.
    private func post(at i: Int) -> Post {
        let tag = tags[i]
        if tag <= -2 { return whole[Int(-2 - tag)] }
        let place = places[i]
        let file = self.file ?? ""
        let line = Int(place.line)
        var channel: Reference?
        if tag >= 0 {
            let name = names[Int(tag)]
            var ref = Reference(
                name.text,
                at: SourceLocation(file: file, line: Int(place.channelLine), column: Int(place.channelColumn)))
            ref.target = name.target
            channel = ref
        }
        return Post(
            id: ids[i], channel: channel, at: LocalDateTime(secondsSinceEpochAsUTC: times[i]), title: titles[i],
            location: SourceLocation(file: file, line: line, column: Int(place.column)),
            atLocation: SourceLocation(file: file, line: line + Int(place.atLineOffset), column: Int(place.atColumn)))
    }
}

extension PostList: RandomAccessCollection, MutableCollection {
    /// The first index, 0.
    public var startIndex: Int { 0 }

    /// One past the last index.
    public var endIndex: Int { ids.count }

    /// The post at `position`, built from its row; setting it stores it again, compact when it can be.
    public subscript(position: Int) -> Post {
        get { post(at: position) }
        set {
            precondition(position >= 0 && position < ids.count, "PostList index out of range")
            store(newValue, at: position)
        }
    }
}

extension PostList: RangeReplaceableCollection {
    /// Makes room for `n` posts in every column.
    public mutating func reserveCapacity(_ n: Int) {
        ids.reserveCapacity(n)
        titles.reserveCapacity(n)
        times.reserveCapacity(n)
        places.reserveCapacity(n)
        tags.reserveCapacity(n)
    }

    /// Appends `post`.
    public mutating func append(_ post: Post) { store(post, at: ids.count) }

    /// Replaces the posts in `subrange` with `newElements` (appending is done in place; anything else rebuilds
    /// the list).
    public mutating func replaceSubrange<C: Collection<Post>>(_ subrange: Range<Int>, with newElements: C) {
        if subrange.isEmpty && subrange.lowerBound == ids.count {
            reserveCapacity(ids.count + newElements.count)
            for post in newElements { append(post) }
            return
        }
        var all = Array(self)
        all.replaceSubrange(subrange, with: newElements)
        var rebuilt = PostList()
        rebuilt.reserveCapacity(all.count)
        for post in all { rebuilt.append(post) }
        self = rebuilt
    }
}

extension PostList: ExpressibleByArrayLiteral {
    /// A list of the given posts.
    public init(arrayLiteral posts: Post...) {
        self.init()
        append(contentsOf: posts)
    }
}

extension PostList: Hashable {
    /// Equal when the posts are, in order (storage shared is equal without a look).
    public static func == (a: PostList, b: PostList) -> Bool {
        a.count == b.count && (a.sharesStorage(with: b) || a.elementsEqual(b))
    }

    /// Hashes the posts in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for post in self { hasher.combine(post) }
    }
}

extension PostList: CustomStringConvertible {
    /// The posts, as an array of them prints.
    public var description: String { Array(self).description }
}
