import EditorialClient
import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// The daemon's live iCalendar feeds: written after start, each state change and each reload; SEQUENCE kept in the
/// state store across restarts; feeds of channels and owners that are gone removed; nothing half-written left.
struct CalendarFeedsTests {
    static let plan = """
        plan: team
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-03-01, until: 2027-06-30}
        channels: [{id: blog, network: blog}, {id: shop, network: blog}]
        content:
          - {id: video, type: video, title: Launch video, owner: paolo, due: 2027-03-27T10:00}
        posts:
          - {id: launch, channel: blog, at: 2027-03-29T10:00, title: Launch, owner: anna, needs: [video]}
          - {id: sale, channel: shop, at: 2027-04-02T10:00, title: Sale, owner: anna}
        """

    /// `UID → SEQUENCE` of every component (a UID's components share one).
    static func sequences(_ text: String) -> [String: Int] {
        var result: [String: Int] = [:]
        var uid: String?
        for line in text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n") {
            if line.hasPrefix("UID:") { uid = String(line.dropFirst(4)) }
            if line.hasPrefix("SEQUENCE:"), let uid { result[uid] = Int(line.dropFirst(9)) }
        }
        return result
    }

    @Test func feedsFollowChangesAndReloadsAndSequencesSurviveARestart() throws {
        let harness = try DaemonHarness(
            plans: ["team.yaml": Self.plan], now: Instant(text: "2027-03-20T09:00:00Z")!.seconds)
        harness.feeds = true
        try harness.start()
        let all = try #require(harness.feed("all.ics"))
        #expect(
            Self.sequences(all) == ["team/launch@editoriald": 0, "team/sale@editoriald": 0, "team/video@editoriald": 0])
        #expect(harness.feed("channels/team/blog.ics")?.contains("UID:team/launch@editoriald") == true)
        #expect(harness.feed("channels/team/blog.ics")?.contains("team/sale") == false)
        #expect(harness.feed("owners/paolo.ics")?.contains("UID:team/video@editoriald") == true)

        _ = try harness.client().call(ChangeCall(.done, item: "team/video"))
        let done = try #require(harness.feed("all.ics"))
        #expect(Self.sequences(done)["team/video@editoriald"] == 1)
        #expect(Self.sequences(done)["team/launch@editoriald"] == 0)
        #expect(done.contains("STATUS:COMPLETED\r\n"))

        // A restart rewrites the feeds with the sequences kept in the store: nothing changed, nothing goes up.
        try harness.restart()
        #expect(Self.sequences(try #require(harness.feed("all.ics")))["team/video@editoriald"] == 1)

        // The live export shares the table.
        let exported = try harness.client().call(ExportCall())
        #expect(Self.sequences(exported.calendar) == Self.sequences(try #require(harness.feed("all.ics"))))
        #expect(exported.events == 2 && exported.todos == 1)

        // A reload that renames a post and drops the shop channel: the post's sequence goes up, the shop feed goes.
        try harness.write(
            "team.yaml",
            Self.plan.replacingOccurrences(of: "title: Launch,", with: "title: Launch day,")
                .replacingOccurrences(of: ", {id: shop, network: blog}", with: "")
                .replacingOccurrences(of: "channel: shop", with: "channel: blog"))
        let reply = try harness.client().call(ReloadCall())
        #expect(reply.accepted)
        let reloaded = try #require(harness.feed("all.ics"))
        #expect(reloaded.contains("SUMMARY:Launch day\r\n"))
        #expect(Self.sequences(reloaded)["team/launch@editoriald"] == 1)
        #expect(Self.sequences(reloaded)["team/video@editoriald"] == 1)
        #expect(harness.feed("channels/team/shop.ics") == nil)
        #expect(harness.feed("channels/team/blog.ics")?.contains("UID:team/sale@editoriald") == true)

        // Nothing half-written is left: every file in the directory is a feed.
        let files = try FileManager.default.subpathsOfDirectory(atPath: harness.directory.appending("calendars"))
        #expect(files.filter { $0.hasSuffix(".ics") || !$0.contains(".") }.count == files.count, "\(files)")
        #expect(!files.contains { ($0 as NSString).lastPathComponent.hasPrefix(".") }, "\(files)")
    }

    @Test func withoutACalendarDirectoryNothingIsWritten() throws {
        let harness = try DaemonHarness(
            plans: ["team.yaml": Self.plan], now: Instant(text: "2027-03-20T09:00:00Z")!.seconds)
        try harness.start()
        _ = try harness.client().call(ChangeCall(.done, item: "team/video"))
        #expect(harness.feed("all.ics") == nil)
        #expect(!FileManager.default.fileExists(atPath: harness.directory.appending("calendars")))
        // The live export works all the same.
        #expect(try harness.client().call(ExportCall(plan: "team")).calendar.contains("UID:team/video@editoriald"))
    }
}
