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

    /// Random appends, writes, inserts and removals agree with an array of posts after every step.
    @Test func randomEditsAgreeWithAnArray() {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("PostListTests.randomEditsAgreeWithAnArray seed \(seed)")
        var rng = SplitMix64(state: seed)
        func randomPost(_ n: Int) -> Post {
            var p = Self.post(
                "r\(n)", line: Int.random(in: 1...1000, using: &rng),
                channel: ["blog", "news", nil][Int.random(in: 0...2, using: &rng)],
                target: Bool.random(using: &rng) ? "p/t" : nil)
            p.at = LocalDateTime(secondsSinceEpochAsUTC: Int64.random(in: -1_000_000_000...4_000_000_000, using: &rng))
            if Int.random(in: 0..<4, using: &rng) == 0 { p.owner = "o\(n)" }
            if Int.random(in: 0..<8, using: &rng) == 0 { p.title = nil }
            return p
        }
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
