import Foundation
import Testing

struct AgendaCommandTests {
    func agenda(_ extra: String...) throws -> Run {
        try Run.ctl(
            [
                "agenda", "--plans", "config/plans", "--now", "2027-01-12T10:00", "--from", "2027-01-11", "--to",
                "2027-01-18",
            ]
                + extra)
    }

    @Test func jsonCarriesIDsTimesStatusesAndBlame() throws {
        let run = try agenda("--json")
        #expect(run.status == 0, "\(run.err)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(json["now"] as? String == "2027-01-12T09:00:00Z")
        #expect(json["from"] as? String == "2027-01-10T23:00:00Z")
        let items = try #require(json["items"] as? [[String: Any]])
        let dues = items.compactMap { $0["due"] as? String }
        #expect(dues == dues.sorted(), "in time order")
        let launch = try #require(items.first { $0["id"] as? String == "acme-2027-h1/ebook-launch" })
        #expect(launch["due"] as? String == "2027-01-14T08:00:00Z")
        #expect(launch["due_local"] as? String == "2027-01-14T09:00:00+01:00")
        #expect(launch["channel"] as? String == "acme-2027-h1/linkedin")
        #expect(launch["status"] as? String == "blocked")
        let blame = try #require(launch["blocked_by"] as? [[String: Any]])
        #expect(blame.map { $0["item"] as? String } == ["acme-2027-h1/ebook-q1", "acme-2027-h1/ebook-ok"])
        #expect(blame.first?["owner"] as? String == "anna")
        #expect(blame.first?["reason"] as? String == "overdue")
        // Due 8 January 17:00 in Rome, now 12 January 10:00: 3 days 17 hours late.
        #expect(blame.first?["late_seconds"] as? Int == 3 * 86_400 + 17 * 3600)
        #expect(blame.first?["blocks_count"] as? Int == 6)
        #expect((blame.first?["blocks"] as? [String])?.contains("acme-2027-h1/video-premiere") == true)
        let reminders = try #require(launch["reminders"] as? [[String: String]])
        #expect(
            reminders == [
                ["key": "acme-2027-h1/ebook-launch!P2D", "lead": "P2D", "at": "2027-01-12T08:00:00Z"],
                ["key": "acme-2027-h1/ebook-launch!PT1H", "lead": "PT1H", "at": "2027-01-14T07:00:00Z"],
            ])
        let tip = try #require(items.first { $0["id"] as? String == "instagram-2027-01/tip-tuesday@2027-01-15T09:30" })
        #expect(tip["kind"] as? String == "occurrence")
        #expect(tip["status"] as? String == "planned")
        let done = try #require(items.first { $0["id"] as? String == "acme-2027-h1/q1-infographic" })
        #expect(done["status"] as? String == "done")
    }

    @Test func tableGroupedByDay() throws {
        let run = try agenda()
        #expect(run.status == 0)
        let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "2027-01-11 Mon")
        #expect(lines.contains("2027-01-14 Thu"))
        let launch = try #require(lines.first { $0.hasSuffix("acme-2027-h1/ebook-launch") })
        #expect(launch.hasPrefix("  09:00+01:00  blocked"))
        let index = try #require(lines.firstIndex(of: launch))
        #expect(lines[index + 1].contains("↳ blocked by acme-2027-h1/ebook-q1 (overdue by 3d 17h, owner anna)"))
    }

    @Test func filtersByChannelAndPlan() throws {
        let run = try agenda("--channel", "instagram", "--json")
        let items = try #require(
            (JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { $0["channel"] as? String == "acme-2027-h1/instagram" })
        let byPlan = try agenda("--plan", "youtube-2027-q1", "--json")
        let planItems = try #require(
            (JSONSerialization.jsonObject(with: Data(byPlan.out.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        // Every other Thursday from the plan's first week: 14 January is in the window; its preparation
        // (five days ahead) and the next episode are not.
        #expect(planItems.map { $0["id"] as? String } == ["youtube-2027-q1/lab-video@2027-01-14T18:00"])
        let unknown = try agenda("--plan", "nope")
        #expect(unknown.status == 2)
    }

    @Test func badTimesAndBrokenPlansAreReported() throws {
        let badTime = try Run.ctl("agenda", "--plans", "config/plans", "--from", "next week")
        #expect(badTime.status == 2)
        #expect(badTime.err.contains("use now, today, tomorrow"))
        let dir = try Run.directory(["x.yaml": "plan: x\nkind: communication\n"])
        let broken = try Run.ctl("agenda", "--plans", dir.path)
        #expect(broken.status == 1)
        #expect(broken.err.contains("x.yaml:1:1: error: a plan needs 'timezone'"))
    }

    @Test func oneLateItemBlockingManyPostsIsListedOncePerPostWithACount() throws {
        let posts = (1...30).map { "  - {id: p\($0), channel: blog, at: 2027-02-0\($0 % 5 + 1)T09:00, needs: [c]}" }
        let dir = try Run.directory([
            "many.yaml": """
            plan: many
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-06-30}
            channels: [{id: blog, network: blog}]
            content: [{id: c, type: copy, owner: ana, due: 2027-01-10T12:00}]
            posts:
            \(posts.joined(separator: "\n"))
            """
        ])
        let run = try Run.ctl(
            "agenda", "--plans", dir.path, "--from", "2027-02-01", "--to", "2027-02-08", "--now", "2027-01-20",
            "--json",
            "--tz", "UTC")
        let items = try #require(
            (JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        #expect(items.count == 30)
        for item in items {
            #expect(item["status"] as? String == "blocked")
            let blame = try #require((item["blocked_by"] as? [[String: Any]])?.first)
            #expect(blame["blocks_count"] as? Int == 30)
            #expect((blame["blocks"] as? [String])?.count == 20)
        }
    }
}
