import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// People documents through `PlanLoader` and its parse cache: a reload served from the cache keeps them.
struct PlanLoaderPeopleTests {
    @Test func peopleSurviveTheParseCache() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let plan = PlanLoaderTests.plan("a").replacingOccurrences(of: "at: 2027", with: "owner: lucai, at: 2027")
        try plan.write(toFile: dir.appending("a.yaml"), atomically: true, encoding: .utf8)
        try "people:\n  lucia: {name: Lucia Ferrari, email: lucia@example.com, digest: \"08:30\"}\n".write(
            toFile: dir.appending("people.yaml"), atomically: true, encoding: .utf8)
        try "people: {}\n".write(toFile: dir.appending("nobody.yaml"), atomically: true, encoding: .utf8)
        let cache = ParseCache()
        let first = PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders, cache: cache)
        let second = PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders, cache: cache)
        #expect(cache.statistics == (3, 3))
        for load in [first, second] {
            #expect(load.accepted, "\(load.errors)")
            #expect(load.planSet.hasPeople)
            #expect(load.planSet.people.keys.sorted() == ["lucia"])
            #expect(load.planSet.person("lucia")?.digest?.description == "08:30")
            #expect(
                load.warnings.filter { $0.code == .unknownOwner }.map(\.message) == [
                    "owner 'lucai' of 'a/p' is not among the people; did you mean 'lucia'?"
                ])
        }
        #expect(second.planSet.people == first.planSet.people)
        // An empty people document alone still configures delivery, from the cache too.
        try FileManager.default.removeItem(atPath: dir.appending("people.yaml"))
        let third = PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders, cache: cache)
        #expect(cache.statistics == (5, 3))
        #expect(third.planSet.hasPeople && third.planSet.people.isEmpty)
        #expect(third.warnings.filter { $0.code == .unknownOwner }.count == 1)
    }
}
