import EditorialCore
import EditorialRuntime
import Foundation
import Testing

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

    @Test func aMissingDirectoryIsAnErrorWithItsPath() {
        let load = PlanLoader.load(directory: "/nonexistent/plans", defaultReminders: Plan.defaultReminders)
        #expect(!load.accepted)
        #expect(
            load.errors.map(\.description) == [
                "/nonexistent/plans:1:1: error: the plans directory does not exist or is not a directory"
            ])
    }
}
