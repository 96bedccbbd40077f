import EditorialCore
import EditorialRuntime
import Foundation
import Glibc
import Synchronization
import Testing

@testable import EditorialClient

/// Loading a plans directory: parallel parsing, positions, and the reload cache.
struct PlanLoaderTests {
    static func plan(_ name: String, post: String = "2027-01-05T09:00") -> String {
        """
        plan: \(name)
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-06-30}
        channels: [{id: blog, network: blog}]
        posts:
          - {id: p, channel: blog, at: \(post)}
        """
    }

    @Test func aReloadParsesOnlyTheFilesThatChanged() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for name in ["a", "b", "c"] {
            try Self.plan(name).write(toFile: dir.appending("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let cache = ParseCache()
        let first = PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders, cache: cache)
        #expect(first.accepted)
        #expect(first.planSet.plans.map(\.name).sorted() == ["a", "b", "c"])
        #expect(cache.statistics == (0, 3))
        try Self.plan("b", post: "2027-02-05T09:00").write(
            toFile: dir.appending("b.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: dir.appending("c.yaml"))
        let second = PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders, cache: cache)
        #expect(cache.statistics == (1, 4))
        #expect(cache.count == 2)
        #expect(second.planSet.plans.map(\.name).sorted() == ["a", "b"])
        let b = try #require(second.planSet.plans.first { $0.name == "b" })
        #expect(b.posts.first?.at.description == "2027-02-05T09:00:00")
        // Other default lead times mean another parse, even for unchanged text.
        _ = PlanLoader.load(directory: dir.path, defaultReminders: [.zero], cache: cache)
        #expect(cache.statistics == (1, 6))
    }

    /// A file whose stamp is the one its cached parse was read with is not read again. Any change is read: in place
    /// at the same length with its modification time set back (the change time still moves), or a rename over it. A
    /// file changed just before it was read gets no stamp, so it is read at every load until it has settled.
    @Test func aFileWithTheStampItWasReadWithIsNotReadAgain() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for name in ["a", "b", "c"] {
            try Self.plan(name).write(toFile: dir.appending("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let reads = Mutex(0)
        var settled = PlanFileReader()
        // The reads happen a minute after the files were written, as far as the stamps can tell.
        settled.clock = { PlanFileReader.Stamp.wallClock() + 60_000_000_000 }
        settled.afterRead = { _ in reads.withLock { $0 += 1 } }
        func load(_ cache: ParseCache, _ reader: PlanFileReader) -> (load: PlanLoad, reads: Int) {
            reads.withLock { $0 = 0 }
            let load = PlanLoader.load(
                directory: dir.path, defaultReminders: Plan.defaultReminders, cache: cache, reader: reader)
            return (load, reads.withLock { $0 })
        }
        func post(_ load: PlanLoad, _ plan: String) -> String? {
            load.planSet.plans.first { $0.name == plan }?.posts.first?.at.description
        }
        let cache = ParseCache()
        #expect(load(cache, settled).reads == 3)
        let again = load(cache, settled)
        #expect(again.reads == 0 && cache.statistics == (3, 3))
        #expect(again.load.accepted && again.load.files.count == 3 && again.load.planSet.plans.count == 3)
        #expect(post(again.load, "b") == "2027-01-05T09:00:00")

        // b rewritten in place, as long as before, its modification time set back to what it was.
        let b = dir.appending("b.yaml")
        var before = stat()
        #expect(stat(b, &before) == 0)
        let handle = try #require(FileHandle(forUpdatingAtPath: b))
        try handle.write(contentsOf: Data(Self.plan("b", post: "2027-01-06T09:00").utf8))
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, b, &times, 0) == 0)
        var after = stat()
        #expect(
            stat(b, &after) == 0 && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && after.st_size == before.st_size)
        let edited = load(cache, settled)
        #expect(edited.reads == 1 && post(edited.load, "b") == "2027-01-06T09:00:00")

        // c replaced by a rename, with its modification time too.
        let c = dir.appending("c.yaml")
        let replacement = dir.appending(".c.new")
        try Self.plan("c", post: "2027-01-07T09:00").write(toFile: replacement, atomically: false, encoding: .utf8)
        var old = stat()
        #expect(stat(c, &old) == 0)
        times = [old.st_atim, old.st_mtim]
        #expect(utimensat(AT_FDCWD, replacement, &times, 0) == 0)
        #expect(rename(replacement, c) == 0)
        let renamed = load(cache, settled)
        #expect(renamed.reads == 1 && post(renamed.load, "c") == "2027-01-07T09:00:00")
        #expect(post(renamed.load, "b") == "2027-01-06T09:00:00")

        // Read at the time they were written, the files are not stamped: each load reads them all (and finds their
        // parses by their text).
        var fresh = settled
        fresh.clock = PlanFileReader.Stamp.wallClock
        let unstamped = ParseCache()
        #expect(load(unstamped, fresh).reads == 3)
        #expect(load(unstamped, fresh).reads == 3 && unstamped.statistics == (3, 3))
    }

    /// Cached files keep their resolved references between loads; every load still resolves them again, so a
    /// reference into a file that changed follows it, and each load equals a fresh parse of the same files.
    @Test func cachedFilesAreResolvedAgainAgainstTheFilesThatChanged() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: dir.appending(name), atomically: true, encoding: .utf8)
        }
        let semester = """
            plan: acme
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-06-30}
            channels: [{id: li, network: linkedin}]
            content:
              - {id: video, type: video, due: 2027-01-20T12:00}

            """
        let editorial = """
            plan: li-jan
            kind: editorial
            channel: acme/li
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-01-31}
            posts:
              - {id: launch, at: 2027-01-25T09:00, needs: [acme/video]}
              - {id: teaser, at: 2027-01-22T09:00, channel: acme/li}

            """
        try write("a.yaml", semester)
        try write("b.yaml", editorial)
        let cache = ParseCache()
        func load() -> PlanLoad {
            PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders, checks: false, cache: cache)
        }
        func fresh() -> PlanSet {
            PlanSet(
                sources: ["a.yaml", "b.yaml"].map { name in
                    let path = dir.appending(name)
                    return PlanSource(path: path, text: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
                })
        }
        func posts(_ set: PlanSet) -> PostList { set.plans.first { $0.name == "li-jan" }?.posts ?? [] }
        func same(_ a: PlanSet, _ b: PlanSet) -> Bool {
            a.plans.map(\.name) == b.plans.map(\.name) && a.plans.map(\.posts) == b.plans.map(\.posts)
                && a.plans.map(\.content) == b.plans.map(\.content) && a.plans.map(\.channel) == b.plans.map(\.channel)
                && a.plans.map(\.channels) == b.plans.map(\.channels)
        }
        let first = load()
        #expect(first.accepted, "\(first.errors)")
        #expect(posts(first.planSet).map { $0.needs.first?.target } == ["acme/video", nil])
        #expect(posts(first.planSet).map { $0.channel?.target } == ["acme/li", "acme/li"])
        // Nothing changed, both served resolved from the cache: the same set again.
        let second = load()
        #expect(cache.statistics.hits == 2)
        #expect(second.accepted && same(second.planSet, first.planSet))
        // The video and the page go away: b.yaml's cached targets must not survive.
        let gutted =
            "plan: acme\nkind: communication\ntimezone: Europe/Rome\n"
            + "period: {from: 2027-01-01, until: 2027-06-30}\nchannels: [{id: ln, network: linkedin}]\n"
        try write("a.yaml", gutted)
        let broken = load()
        #expect(!broken.accepted)
        #expect(broken.errors.contains { $0.location.file.hasSuffix("b.yaml") && $0.message.contains("acme/video") })
        #expect(broken.errors.contains { $0.location.file.hasSuffix("b.yaml") && $0.message.contains("acme/li") })
        #expect(posts(broken.planSet).map { $0.needs.first?.target } == [nil, nil])
        #expect(posts(broken.planSet).map { $0.channel?.target } == [nil, nil])
        #expect(posts(broken.planSet) == posts(fresh()))
        // Back as they were: resolved again, equal to a fresh parse.
        try write("a.yaml", semester)
        let again = load()
        #expect(again.accepted)
        #expect(same(again.planSet, fresh()))
        #expect(posts(again.planSet).map { $0.needs.first?.target } == ["acme/video", nil])
    }

    /// An unchanged file's posts are shared between loads (the cache holds them resolved), not copied: a reload
    /// of a million posts would otherwise copy every one.
    @Test func anUnchangedFilesPostsAreSharedBetweenLoadsNotCopied() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        for name in ["a", "b"] {
            // Several posts on one channel: its name is resolved at the first and found for the others.
            let text =
                Self.plan(name)
                + (2...4).map { "\n  - {id: p\($0), channel: blog, at: 2027-01-0\($0)T09:00, title: Post \($0)}" }
                .joined()
            try text.write(toFile: dir.appending("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let cache = ParseCache()
        func load() -> PlanLoad {
            PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders, checks: false, cache: cache)
        }
        func posts(_ load: PlanLoad, _ name: String) -> PostList? {
            load.planSet.plans.first { $0.name == name }?.posts
        }
        let first = load()
        try Self.plan("b", post: "2027-02-05T09:00").write(
            toFile: dir.appending("b.yaml"), atomically: true, encoding: .utf8)
        let second = load()
        #expect(first.accepted && second.accepted)
        let (a1, a2) = (try #require(posts(first, "a")), try #require(posts(second, "a")))
        let (b1, b2) = (try #require(posts(first, "b")), try #require(posts(second, "b")))
        #expect(a1.sharesStorage(with: a2))
        #expect(!b1.sharesStorage(with: b2))
        #expect(second.planSet.plans.first { $0.name == "a" }?.posts.first?.channel?.target == "a/blog")
    }

    /// A channel the plan set declares for an editorial plan (`channel: instagram`, declared nowhere) is not kept
    /// in the cache as if the file declared it: once another file declares `instagram`, the cached plan resolves
    /// to that one, as a fresh parse does. A file read in a load with errors is cached too.
    @Test func aChannelDeclaredForAPlanIsDeclaredAgainOnlyWhileNeeded() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: dir.appending(name), atomically: true, encoding: .utf8)
        }
        try write(
            "a.yaml",
            """
            plan: ig-jan
            kind: editorial
            channel: instagram
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-01-31}
            posts: [{id: p, at: 2027-01-05T09:00}]

            """)
        let cache = ParseCache()
        func load() -> PlanLoad {
            PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders, checks: false, cache: cache)
        }
        func target(_ load: PlanLoad) -> String? {
            load.planSet.plans.first { $0.name == "ig-jan" }?.posts.first?.channel?.target
        }
        let first = load()
        #expect(first.accepted && target(first) == "ig-jan/instagram")
        try write(
            "b.yaml",
            """
            plan: acme
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-06-30}
            channels: [{id: instagram, network: instagram, handle: acme}]
            posts: [{id: q, channel: nowhere, at: 2027-01-06T09:00}]

            """)
        let second = load()
        #expect(cache.statistics == (1, 2))
        #expect(!second.accepted && target(second) == "acme/instagram")
        #expect(second.planSet.plans.first { $0.name == "ig-jan" }?.channels.isEmpty == true)
        let third = load()
        #expect(cache.statistics == (3, 2))
        #expect(target(third) == "acme/instagram" && third.errors.map(\.message) == second.errors.map(\.message))
        try FileManager.default.removeItem(atPath: dir.appending("b.yaml"))
        let fourth = load()
        #expect(fourth.accepted && target(fourth) == "ig-jan/instagram")
    }

    @Test func aMissingDirectoryIsAnErrorWithItsPath() {
        let load = PlanLoader.load(directory: "/nonexistent/plans", defaultReminders: Plan.defaultReminders)
        #expect(!load.accepted)
        #expect(
            load.errors.map(\.description) == [
                "/nonexistent/plans:1:1: error: the plans directory does not exist or is not a directory"
            ])
    }
}
