import Testing

@testable import EditorialCore

/// `PostList` keeps most posts as compact rows and the rest whole: whichever way, what is read is what was stored.
@Suite struct PostListTests {
    private static func at(_ line: Int, _ column: Int, _ file: String = "a.yaml") -> EditorialCore.SourceLocation {
        EditorialCore.SourceLocation(file: file, line: line, column: column)
    }

    private static func post(_ id: String, line: Int, channel: String? = "blog", target: String? = nil) -> Post {
        var c = channel.map { Reference($0, at: at(line, 30)) }
        c?.target = target
        return Post(
            id: id, channel: c, at: LocalDateTime(year: 2027, month: 2, day: 3, hour: 9, minute: 30, second: 5),
            title: "Post \(id)", location: at(line, 5), atLocation: at(line, 44))
    }

    @Test func aPlainPostIsKeptCompactAndReadBackAsWritten() {
        let posts: PostList = [
            Self.post("a", line: 3), Self.post("b", line: 4, channel: nil),
            Self.post("c", line: 5, target: "p/blog"),
        ]
        #expect(posts.wholeCount == 0)
        #expect(
            Array(posts) == [
                Self.post("a", line: 3), Self.post("b", line: 4, channel: nil),
                Self.post("c", line: 5, target: "p/blog"),
            ])
        #expect(posts.id(at: 1) == "b" && posts.time(at: 2) == Self.post("c", line: 5).at)
        #expect(posts.channelTarget(at: 2) == "p/blog" && posts.channelTarget(at: 0) == nil)
        #expect(posts.progress(at: 0) == nil && posts.needs(at: 0).isEmpty && posts.owner(at: 0) == nil)
    }

    /// Each thing a compact row cannot hold keeps that post whole, and it reads back the same.
    @Test func everyOtherPostIsKeptWholeAndReadBackAsWritten() {
        var unusual: [Post] = []
        func variant(_ change: (inout Post) -> Void) {
            var p = Self.post("v\(unusual.count)", line: 10 + unusual.count)
            change(&p)
            unusual.append(p)
        }
        variant { $0.owner = "ana" }
        variant { $0.needs = [Reference("copy", at: Self.at(1, 1))] }
        variant { $0.reminders = [.zero] }
        variant { $0.campaign = Reference("spring", at: Self.at(1, 1)) }
        variant { $0.progress = .published }
        variant { $0.at.second = 60 }
        variant { $0.at.month = 13 }
        variant { $0.location.file = "b.yaml" }
        variant { $0.atLocation.file = "b.yaml" }
        variant { $0.channel?.location.file = "b.yaml" }
        variant { $0.location.column = 70_000 }
        variant { $0.atLocation.line = $0.location.line - 1 }
        variant { $0.location.line = -1 }
        var posts: PostList = [Self.post("first", line: 2)]
        posts.append(contentsOf: unusual)
        #expect(posts.wholeCount == unusual.count)
        #expect(Array(posts) == [Self.post("first", line: 2)] + unusual)
        #expect(posts.owner(at: 1) == "ana" && posts.needs(at: 2).map(\.text) == ["copy"])
        #expect(posts.reminders(at: 3) == [.zero] && posts.progress(at: 5) == .published)
        #expect(posts.time(at: 6).second == 60)
    }

    /// A whole post written again keeps its place (resolving rewrites changed posts on every load).
    @Test func aWholePostWrittenAgainKeepsItsPlace() {
        var post = Self.post("a", line: 1)
        post.owner = "ana"
        var posts: PostList = [post, Self.post("b", line: 2)]
        for n in 0..<5 {
            post.needs = [Reference("copy\(n)", at: Self.at(1, 1))]
            posts[0] = post
        }
        #expect(posts.wholeStorageCount == 1 && posts[0] == post && posts.count == 2)
        posts[1] = post
        #expect(posts.wholeStorageCount == 2 && Array(posts) == [post, post])
    }

    /// The posts' own lead times are those of the rows kept whole, in row order, and not those of a whole post a
    /// compact row replaced.
    @Test func ownRemindersAreThoseOfTheRowsKeptWhole() {
        var a = Self.post("a", line: 1)
        a.reminders = [NominalDuration(days: 2)]
        var b = Self.post("b", line: 2)
        b.reminders = [.zero, NominalDuration(seconds: 3600)]
        var posts: PostList = [Self.post("x", line: 3), a, b]
        #expect(posts.ownReminders == posts.indices.flatMap { posts.reminders(at: $0) ?? [] })
        #expect(posts.ownReminders == [NominalDuration(days: 2), .zero, NominalDuration(seconds: 3600)])
        posts[1] = Self.post("a", line: 1)
        #expect(posts.wholeStorageCount == 2 && posts.wholeCount == 1)
        #expect(posts.ownReminders == [.zero, NominalDuration(seconds: 3600)])
        #expect(PostList([Self.post("y", line: 1)]).ownReminders.isEmpty)
    }

    /// Past `maxNames` distinct channels, further posts are kept whole (interning stays a short search).
    @Test func manyChannelsKeepTheRestWhole() {
        let n = PostList.maxNames + 5
        let all = (0..<n).map { Self.post("p\($0)", line: $0 + 1, channel: "c\($0)") }
        let posts = PostList(all)
        #expect(posts.wholeCount == 5)
        #expect(Array(posts) == all)
    }

    /// Lists are equal when their posts are, however each was built; storage shared is seen as such.
    @Test func equalityIsByPostsAndSharingIsSeen() {
        let a = PostList([Self.post("a", line: 1, channel: "x"), Self.post("b", line: 2, channel: "y")])
        var b = PostList([Self.post("a", line: 1, channel: "y"), Self.post("b", line: 2, channel: "y")])
        #expect(a != b)
        b[0] = Self.post("a", line: 1, channel: "x")
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(!a.sharesStorage(with: b))
        let c = a
        #expect(a.sharesStorage(with: c))
        var d = a
        d.setTarget("p/x", ofName: 0)
        #expect(!a.sharesStorage(with: d) && d[0].channel?.target == "p/x" && a[0].channel?.target == nil)
    }

    private static let header = """
        plan: p
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-06-30}
        """

    private static func randomPost(_ n: Int, _ rng: inout SplitMix64) -> Post {
        var p = Self.post(
            "r\(n)", line: Int.random(in: 1...1000, using: &rng),
            channel: ["blog", "news", nil][Int.random(in: 0...2, using: &rng)],
            target: Bool.random(using: &rng) ? "p/t" : nil)
        p.at = LocalDateTime(secondsSinceEpochAsUTC: Int64.random(in: -1_000_000_000...4_000_000_000, using: &rng))
        if Int.random(in: 0..<4, using: &rng) == 0 { p.owner = "o\(n)" }
        if Int.random(in: 0..<8, using: &rng) == 0 { p.title = nil }
        if Int.random(in: 0..<8, using: &rng) == 0 { p.title = "Überschrift \(n) — «ß» 🎉" }
        return p
    }

    /// A plan holding `posts`, written in the compiled-plan form and read back.
    private static func compiledRoundTrip(_ posts: PostList) throws -> PostList {
        var plan = try #require(Fixtures.planSet(Self.header).plans.first)
        plan.posts = posts
        var writer = CompiledPlanWriter()
        writer.write(ParsedFile(plans: [plan], people: [], hasPeople: false, diagnostics: []))
        var reader = CompiledPlanReader(writer.bytes)
        let back = try reader.read()
        #expect(reader.atEnd)
        return try #require(back.plans.first).posts
    }

    /// The compiled-plan form keeps the list as it is kept: the same posts, the same rows compact and whole, the
    /// same names (with their targets) and orphaned whole slots, so a warm start reads what a cold one resolved.
    @Test func randomListsSurviveTheCompiledFormRowForRow() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("PostListTests.randomListsSurviveTheCompiledFormRowForRow seed \(seed)")
        var rng = SplitMix64(state: seed)
        #expect(try Self.compiledRoundTrip([]).isEmpty)
        for round in 0..<20 {
            var list = PostList()
            for n in 0..<Int.random(in: 0...300, using: &rng) { list.append(Self.randomPost(n, &rng)) }
            // A whole post written again compact leaves its slot behind, unreferenced.
            if let i = list.indices.first(where: { list.owner(at: $0) != nil }) { list[i].owner = nil }
            if round == 0 { list.setTarget("p/renamed", ofName: 0) }
            let back = try Self.compiledRoundTrip(list)
            #expect(Array(back) == Array(list), "seed \(seed), round \(round)")
            let (a, b) = (list.columns, back.columns)
            #expect(a.ids == b.ids && a.titles == b.titles && a.times == b.times, "seed \(seed), round \(round)")
            #expect(a.places == b.places && a.tags == b.tags && a.whole == b.whole, "seed \(seed), round \(round)")
            #expect(a.names == b.names && a.file == b.file, "seed \(seed), round \(round)")
        }
    }

    /// Any byte of a compiled list changed reads as an error or as some list, never a crash or a read past the end
    /// (the fixed rows are read without a check per byte, after one for them all).
    @Test func aChangedByteOfACompiledListIsAnErrorOrAListNotACrash() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("PostListTests.aChangedByteOfACompiledListIsAnErrorOrAListNotACrash seed \(seed)")
        var rng = SplitMix64(state: seed)
        var list = PostList()
        for n in 0..<40 { list.append(Self.randomPost(n, &rng)) }
        var plan = try #require(Fixtures.planSet(Self.header).plans.first)
        plan.posts = list
        var writer = CompiledPlanWriter()
        writer.write(ParsedFile(plans: [plan], people: [], hasPeople: false, diagnostics: []))
        let bytes = writer.bytes
        var errors = 0
        for _ in 0..<3000 {
            var spoiled = bytes
            let i = Int.random(in: spoiled.indices, using: &rng)
            spoiled[i] = UInt8.random(in: 0...255, using: &rng)
            var reader = CompiledPlanReader(spoiled, range: 0..<Int.random(in: (i + 1)...spoiled.count, using: &rng))
            do { _ = try reader.read() } catch { errors += 1 }
        }
        #expect(errors > 0, "seed \(seed)")
    }

    /// Columns that disagree (a tag past the names or the whole posts, two rows on one whole post, columns of
    /// different lengths, a time out of range, compact rows without a file) make no list.
    @Test func inconsistentColumnsMakeNoList() {
        let good = PostList([
            Self.post("a", line: 1), Self.post("b", line: 2, channel: nil),
            {
                var p = Self.post("c", line: 3)
                p.owner = "ana"
                return p
            }(),
        ]).columns
        #expect(good.tags == [0, -1, -2] && PostList(columns: good) != nil)
        var spoiled: [PostList.Columns] = []
        func spoil(_ change: (inout PostList.Columns) -> Void) {
            var c = good
            change(&c)
            spoiled.append(c)
        }
        spoil { $0.tags[0] = 1 }
        spoil { $0.tags[1] = -3 }
        spoil { $0.tags[1] = -2 }
        spoil { $0.tags[2] = Int32.min }
        spoil { $0.titles.removeLast() }
        spoil { $0.places.append($0.places[0]) }
        spoil { $0.times[0] = Int64.max }
        spoil { $0.file = nil }
        spoil { $0.names = Array(repeating: $0.names[0], count: PostList.maxNames + 1) }
        for (k, c) in spoiled.enumerated() { #expect(PostList(columns: c) == nil, "spoiled \(k)") }
    }

    /// Random appends, writes, inserts and removals agree with an array of posts after every step.
    @Test func randomEditsAgreeWithAnArray() {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("PostListTests.randomEditsAgreeWithAnArray seed \(seed)")
        var rng = SplitMix64(state: seed)
        func randomPost(_ n: Int) -> Post { Self.randomPost(n, &rng) }
        var model: [Post] = []
        var list = PostList()
        for step in 0..<400 {
            let post = randomPost(step)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5:
                model.append(post)
                list.append(post)
            case 5..<7 where !model.isEmpty:
                let i = Int.random(in: model.indices, using: &rng)
                model[i] = post
                list[i] = post
            case 7 where !model.isEmpty:
                let i = Int.random(in: model.indices, using: &rng)
                model[i].at.hour = (model[i].at.hour + 1) % 24
                list[i].at.hour = (list[i].at.hour + 1) % 24
            case 8:
                let i = Int.random(in: 0...model.count, using: &rng)
                model.insert(post, at: i)
                list.insert(post, at: i)
            default:
                guard !model.isEmpty else { continue }
                let i = Int.random(in: model.indices, using: &rng)
                model.remove(at: i)
                list.remove(at: i)
            }
            #expect(Array(list) == model, "seed \(seed), step \(step)")
            #expect(list == PostList(model), "seed \(seed), step \(step)")
        }
    }
}
