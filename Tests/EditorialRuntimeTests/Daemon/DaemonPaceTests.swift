import EditorialClient
import EditorialCore
import Foundation
import GRDB
import Testing

@testable import EditorialRuntime

/// The pace report through the real daemon in process (manual clock, in-memory journal, a real state database and
/// a real control socket): publishes and skips recorded as they happen, a reload that moves a published post, the
/// `pace` reply from a raw client, `status`'s line, the weekly entries with their fields and once-a-week keys, and
/// the history rebuilt from the audit log of a state database from before it existed.
@Suite(.serialized) struct DaemonPaceTests {
    static func utc(_ text: String) -> Int64 { Instant(text: text)!.seconds }

    static let social = ["linkedin", "instagram", "youtube", "x", "facebook", "tiktok"]
    static let days = [11, 14, 18, 21, 25, 28]

    /// Six social pages with posts on Mondays and Thursdays 09:00 UTC in January 2027, a video behind YouTube's
    /// post of the 25th; `moved` posts are placed at other times (id → local time).
    static func plan(moved: [String: String] = [:]) -> String {
        var posts = ""
        for n in social {
            for d in days {
                let id = "\(n)-\(d)"
                let at = moved[id] ?? "2027-01-\(d)T09:00"
                let needs = id == "youtube-25" ? ", needs: [video]" : ""
                posts += "  - {id: \(id), channel: \(n), at: \(at), owner: ana\(needs)}\n"
            }
        }
        return """
            plan: team
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-03-31}
            reminders: [PT0S]
            channels:
            \(social.map { "  - {id: \($0), network: \($0), handle: team-\($0)}" }.joined(separator: "\n"))
            content:
              - {id: video, type: video, title: Guide video, owner: paolo, due: 2027-01-22T17:00}
            posts:
            \(posts)
            """
    }

    /// How late each post goes out (seconds after its due time); missing posts are skipped (instagram-28) or
    /// left open (all of X's but the first).
    static func lateness(_ id: String) -> Int64? {
        if id.hasPrefix("tiktok-") {
            return ["tiktok-11", "tiktok-14", "tiktok-18", "tiktok-21"].contains(id) ? 86_400 : 600
        }
        if id.hasPrefix("x-") { return id == "x-11" ? 60 : nil }
        if id == "instagram-28" { return nil }
        return 120
    }

    @Test func publishesSkipsAndAReloadFeedThePaceReplyStatusAndTheWeeklyEntries() throws {
        let h = try DaemonHarness(plans: ["team.yaml": Self.plan()], now: Self.utc("2027-01-11T08:00:00Z"))
        h.configure = {
            $0.pace.weeks = 4
            $0.pace.report = PaceReportTime(parsing: "monday 12:00")
        }
        try h.start()
        h.waitForPace()
        let client = try h.client()
        var actions: [(at: Int64, item: String, action: ChangeCall.Action)] = []
        for n in Self.social {
            for d in Self.days {
                let id = "\(n)-\(d)"
                let due = Self.utc("2027-01-\(d)T09:00:00Z")
                if let late = Self.lateness(id) {
                    actions.append((due + late, "team/\(id)", .publish(force: true)))
                } else if id == "instagram-28" {
                    actions.append((due + 60, "team/\(id)", .skip(reason: "no photo")))
                }
            }
        }
        // The video goes out two days late.
        actions.append((Self.utc("2027-01-24T17:00:00Z"), "team/video", .done))
        var reloaded = false
        for a in actions.sorted(by: { ($0.at, $0.item) < ($1.at, $1.item) }) {
            if !reloaded && a.at > Self.utc("2027-01-20T00:00:00Z") {
                // Linkedin's post of the 11th, published on time, moves to the 29th: it still counts on the 11th.
                try h.write("team.yaml", Self.plan(moved: ["linkedin-11": "2027-01-29T15:00"]))
                h.advance(to: Self.utc("2027-01-20T00:00:00Z"))
                let reply = try client.call(ReloadCall())
                #expect(reply.accepted)
                reloaded = true
            }
            h.advance(to: a.at)
            _ = try client.call(ChangeCall(a.action, item: a.item))
        }
        h.waitForPace()
        // Before Monday 12:00 no weekly entry for that week; at it, one per page.
        h.advance(to: Self.utc("2027-02-01T11:59:59Z"))
        h.waitForPace()
        #expect(h.entries(.pace).count == 3 * 6)
        h.advance(to: Self.utc("2027-02-01T12:00:00Z"))
        h.waitForPace()

        let raw = try client.call(.pace, ["weeks": .int(4)])
        let reply = try JSONValueDecoder().decode(PaceReply.self, from: raw)
        #expect(reply.weeks == 4)
        #expect(reply.from == Instant(Self.utc("2027-01-11T00:00:00Z")))
        func page(_ n: String) throws -> PacePage { try #require(reply.pages.first { $0.network == n }) }
        let linkedin = try page("linkedin")
        #expect((linkedin.planned, linkedin.onTime, linkedin.late, linkedin.open) == (6, 6, 0, 0))
        #expect(linkedin.weeks.map(\.planned) == [2, 2, 2, 0])
        #expect(linkedin.verdict == .keepingPace)
        let instagram = try page("instagram")
        #expect((instagram.onTime, instagram.skipped) == (5, 1))
        let x = try page("x")
        #expect((x.onTime, x.open) == (1, 5))
        #expect(x.verdict == .stalled)
        let tiktok = try page("tiktok")
        #expect((tiktok.onTime, tiktok.late, tiktok.lateMedian, tiktok.lateP90) == (2, 4, 86_400, 86_400))
        #expect(tiktok.verdict == .slipping)
        #expect(try page("youtube").lateProduction == 1)
        let paolo = try #require(reply.owners.first { $0.owner == "paolo" })
        #expect((paolo.planned, paolo.late) == (1, 1))
        // X has the lowest on-time share (1 of 6) of six active social pages.
        let hint = try #require(reply.hint)
        #expect(hint.drop == "x/team-x")
        #expect(hint.activeSocialPages == 6)

        // The weekly entries, every Monday at 12:00: one per page, with its figures, the channel, and the hint on
        // X's.
        #expect(h.entries(.pace).count == 4 * 6)
        let weekly = h.entries(.pace).filter { $0[field: "EDITORIAL_REMINDER_KEY"]?.hasSuffix("@2027-02-01") == true }
        #expect(weekly.count == 6)
        let xEntry = try #require(weekly.first { $0[field: "EDITORIAL_CHANNEL"] == "x" })
        #expect(xEntry.priority == .warning)
        #expect(xEntry[field: "EDITORIAL_PACE_VERDICT"] == "stalled")
        #expect(xEntry[field: "EDITORIAL_PACE_PLANNED"] == "6")
        #expect(xEntry[field: "EDITORIAL_PACE_OPEN"] == "5")
        #expect(xEntry[field: "EDITORIAL_PACE_DROP"] == "1")
        #expect(xEntry[field: "EDITORIAL_REMINDER_KEY"] == "pace!x/team-x@2027-02-01")
        #expect(xEntry.message.contains("Drop X (Twitter) team-x"))
        let tiktokEntry = try #require(weekly.first { $0[field: "EDITORIAL_CHANNEL"] == "tiktok" })
        #expect(tiktokEntry.priority == .notice)
        #expect(tiktokEntry[field: "EDITORIAL_PACE_LATE_MEDIAN"] == "86400")
        #expect(tiktokEntry[field: "EDITORIAL_PACE_DROP"] == nil)

        // status: the one-line summary.
        let status = try client.call(StatusCall())
        let summary = try #require(status.pace)
        #expect((summary.keepingPace, summary.slipping, summary.stalled) == (4, 1, 1))
        #expect(summary.drop == "X (Twitter) team-x")

        // A restart the same week sends no weekly entry again; the next Monday sends the next.
        try h.restart()
        h.waitForPace()
        #expect(h.entries(.pace).count == 4 * 6)
        h.advance(to: Self.utc("2027-02-08T12:00:00Z"))
        h.waitForPace()
        #expect(h.entries(.pace).count == 5 * 6)

        // A filter that names nothing is an error, not an empty report.
        #expect(throws: ControlClientError.self) { try client.call(.pace, ["channel": .string("team/nope")]) }
        h.stop()
    }

    /// A state database from before the pace history (schema v5): the migration rebuilds each recorded outcome
    /// from the states and the audit log, and the daemon places it on the plans at the next start.
    @Test func theHistoryIsRebuiltFromTheAuditLogOnMigration() throws {
        let directory = try TemporaryDirectory()
        let state = directory.appending("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: state + "/" + SQLiteStateStore.fileName)
        try SQLiteStateStore.migrator.migrate(pool, upTo: "v5-outbox")
        let publishedAt = Self.utc("2027-01-14T12:00:00Z")
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO item_state (item, progress, snoozed_until, updated) VALUES
                        ('team/linkedin-14', 'published', NULL, ?), ('team/x-11', 'skipped', NULL, ?);
                    INSERT INTO audit (at, actor, action, item, before, after) VALUES
                        (?, 'anna', 'publish', 'team/linkedin-14', '{}', '{"progress":"published"}'),
                        (?, 'anna', 'snooze', 'team/linkedin-14', '{}', '{}'),
                        (?, 'anna', 'skip', 'team/x-11', '{}', '{"progress":"skipped"}');
                    """,
                arguments: [publishedAt + 50, publishedAt, publishedAt, publishedAt + 99, publishedAt - 3600])
        }
        try pool.close()
        let store = try SQLiteStateStore(directory: state)
        let rows = try store.outcomes(since: 0).sorted { $0.item < $1.item }
        #expect(rows.map(\.item) == ["team/linkedin-14", "team/x-11"])
        #expect(rows.map(\.at) == [publishedAt, publishedAt - 3600])
        #expect(rows.allSatisfy { $0.kind == nil && $0.due == nil })
        try store.close()

        let h = try DaemonHarness(plans: ["team.yaml": Self.plan()], now: Self.utc("2027-01-20T08:00:00Z"))
        h.configure = { $0.stateDirectory = state }
        try h.start()
        h.waitForPace()
        let placed = try h.store().outcomes(since: 0).sorted { $0.item < $1.item }
        #expect(placed.map(\.kind) == [.post, .post])
        #expect(placed.map(\.due) == [Self.utc("2027-01-14T09:00:00Z"), Self.utc("2027-01-11T09:00:00Z")])
        #expect(placed.first?.page == "linkedin/team-linkedin")
        let reply = try h.client().call(PaceCall(weeks: 2))
        let linkedin = try #require(reply.pages.first { $0.network == "linkedin" })
        // Published three hours after its due time: late.
        #expect((linkedin.late, linkedin.lateMedian) == (1, 3 * 3600))
        h.stop()
    }

    /// A route that takes `pace` gets each page's weekly entry at a real HTTP server on loopback, as the generic
    /// body with the figures in its details; a route for other events gets none.
    @Test func theWeeklyPaceIsDeliveredThroughTheRoutesThatTakeIt() throws {
        let server = try WebhookServer(script: ["200"], secret: nil)
        let other = try WebhookServer(script: ["200"], secret: nil)
        let h = try DaemonHarness(plans: ["team.yaml": Self.plan()], now: Self.utc("2027-01-25T08:00:00Z"))
        h.configure = {
            $0.pace.weeks = 2
            $0.pace.report = PaceReportTime(parsing: "monday 12:00")
            $0.routes = [
                DaemonDeliveryTests.webhook("weekly", server, events: ["pace"]),
                DaemonDeliveryTests.webhook("due", other, events: ["renewal"]),
            ]
        }
        try h.start()
        h.waitForPace()
        h.advance(to: Self.utc("2027-01-25T12:00:00Z"))
        h.waitForPace()
        #expect(h.waitForDeliveries())
        let requests = try server.waitForRequests(count: 6)
        let bodies = try requests.map { try DaemonDeliveryTests.body($0) }
        #expect(Set(bodies.compactMap { $0["channel"]?.string }) == Set(Self.social))
        let x = try #require(bodies.first { $0["channel"]?.string == "x" })
        #expect(x["event"]?.string == "pace")
        #expect(x["reminder_key"]?.string == "pace!x/team-x@2027-01-25")
        #expect(x["message"]?.string?.hasPrefix("Pace of X (Twitter) team-x over 2 weeks: stalled") == true)
        #expect(x["details"]?.array?.count == 2)
        #expect(try other.requests().isEmpty)
        h.stop()
    }
}
