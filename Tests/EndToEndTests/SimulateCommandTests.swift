import EditorialClient
import EditorialCore
import Foundation
import Testing

/// `editorialctl simulate`, the built binary: offline over plan files (text, JSON, a downtime, usage errors) and
/// online against a real daemon on its socket, whose dry run it prints page by page as the protocol gives it.
struct SimulateCommandTests {
    /// A UTC plan: a video due on the 14th that the launch on the 15th needs, a teaser on the 13th.
    static let plan = """
        plan: acme
        kind: communication
        timezone: UTC
        period: {from: 2027-01-01, until: 2027-01-31}
        reminders: [P1D, PT1H, PT0S]
        channels: [{id: li, network: linkedin}]
        content:
          - {id: video, type: video, title: Launch video, owner: paolo, due: 2027-01-14T09:00}
        posts:
          - {id: teaser, channel: li, at: 2027-01-13T12:00, title: Teaser, owner: anna}
          - {id: launch, channel: li, at: 2027-01-15T10:00, title: Launch, owner: anna, needs: [video]}
        """

    @Test func offlineTextIsOneEntryPerLineInTheTeamsZone() throws {
        let dir = try Run.directory(["acme.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Run.ctl(
            "simulate", "--plans", dir.path, "--from", "2027-01-13T00:00:00Z", "--to", "2027-01-14T12:00:00Z")
        #expect(run.status == 0, "\(run.err)")
        // TZ is Europe/Rome for the arguments; the plans' zone (UTC) for the lines.
        #expect(
            run.out.split(separator: "\n").map(String.init) == [
                "2027-01-13 09:00:00 +00:00 info [reminder]: Reminder: video 'Launch video' (acme/video) is due in "
                    + "1 day, at Thu 2027-01-14 09:00 +00:00, owner paolo",
                "2027-01-13 11:00:00 +00:00 info [reminder]: Reminder: post 'Teaser' (acme/teaser) on linkedin is due "
                    + "in 1 hour, at Wed 2027-01-13 12:00 +00:00, owner anna",
                "2027-01-13 12:00:00 +00:00 notice [due]: Due now: post 'Teaser' (acme/teaser) on linkedin at Wed "
                    + "2027-01-13 12:00 +00:00, owner anna",
                "2027-01-13 13:00:00 +00:00 warning [overdue]: Overdue by 1 h: post 'Teaser' (acme/teaser) on linkedin "
                    + "was due at Wed 2027-01-13 12:00 +00:00, owner anna",
                "2027-01-14 08:00:00 +00:00 info [reminder]: Reminder: video 'Launch video' (acme/video) is due in "
                    + "1 hour, at Thu 2027-01-14 09:00 +00:00, owner paolo",
                "2027-01-14 09:00:00 +00:00 notice [due]: Due now: video 'Launch video' (acme/video) at Thu 2027-01-14 "
                    + "09:00 +00:00, owner paolo",
                "2027-01-14 10:00:00 +00:00 warning [overdue]: Overdue by 1 h: video 'Launch video' (acme/video) was "
                    + "due at Thu 2027-01-14 09:00 +00:00, owner paolo",
                "2027-01-14 10:00:00 +00:00 warning [blocked]: Blocked: post 'Launch' (acme/launch) on linkedin, due "
                    + "at Fri 2027-01-15 10:00 +00:00, cannot go out: acme/video 'Launch video' is overdue by 1 h, "
                    + "owner paolo",
                "2027-01-14 10:00:00 +00:00 info [reminder]: Reminder: post 'Launch' (acme/launch) on linkedin is due "
                    + "in 1 day, at Fri 2027-01-15 10:00 +00:00, owner anna",
            ])
        // --tz shows another zone, and reads the times given in it.
        let rome = try Run.ctl(
            "simulate", "--plans", dir.path, "--from", "2027-01-13T09:00", "--to", "2027-01-13T12:30", "--tz",
            "Europe/Rome")
        #expect(
            rome.out.hasPrefix("2027-01-13 10:00:00 +01:00 info [reminder]: Reminder: video 'Launch video'"),
            "\(rome.out)")
        let quiet = try Run.ctl("simulate", "--plans", dir.path, "--from", "2027-01-20", "--to", "2027-01-21")
        #expect(quiet.status == 0 && quiet.out.isEmpty)
        #expect(quiet.err.hasPrefix("nothing would be sent from 2027-01-19 23:00:00 +00:00"), "\(quiet.err)")
    }

    @Test func offlineJSONHasEveryFieldAndADowntimeCatchesUp() throws {
        let dir = try Run.directory(["acme.yaml": Self.plan])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Run.ctl(
            "simulate", "--plans", dir.path, "--from", "2027-01-13T00:00:00Z", "--to", "2027-01-16T00:00:00Z",
            "--down-from", "2027-01-14T07:30:00Z", "--down-until", "2027-01-15T09:30:00Z", "--json")
        #expect(run.status == 0, "\(run.err)")
        let page = try JSONValueDecoder().decode(SimulationPage.self, from: try JSONParser.parse(run.out))
        #expect(page.zone == "UTC" && !page.truncated && page.next == nil)
        #expect(page.downFrom?.description == "2027-01-14T07:30:00Z")
        #expect(!page.entries.contains { $0.at.seconds > page.downFrom!.seconds && $0.at < page.downUntil! })
        let caught = page.entries.filter { $0.at == page.downUntil }
        #expect(
            caught.map { $0.messageID.flatMap(MessageID.init(rawValue:)) } == [.overdue, .blocked, .reminder, .catchUp])
        let overdue = try #require(caught.first)
        #expect(overdue.priority == 4)
        #expect(overdue[field: "EDITORIAL_ITEM"] == "acme/video")
        #expect(overdue[field: "EDITORIAL_CATCH_UP"] == "1")
        #expect(overdue[field: "EDITORIAL_LATENESS_USEC"] == String(Int64(23 * 3_600 + 1_800) * 1_000_000))
        #expect(
            overdue.fields.first?.name == "EDITORIAL_EVENT" && overdue.fields.last?.name == "EDITORIAL_LATENESS_USEC")
        #expect(caught.last?[field: "EDITORIAL_CATCH_UP_SINCE"] == "2027-01-14T07:30:00Z")
        // One entry per line, between the members.
        let lines = run.out.split(separator: "\n")
        #expect(lines.count == page.entries.count + 11, "\(run.out)")
        #expect(lines.first == "{" && lines[3] == "  \"entries\": [")
    }

    @Test func usageAndPlanErrors() throws {
        let dir = try Run.directory(["acme.yaml": Self.plan, "bad.yaml": "plan: bad\nkind: nope\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("acme.yaml").path
        let backwards = try Run.ctl("simulate", "--plans", good, "--from", "2027-01-14", "--to", "2027-01-13")
        #expect(backwards.status == 2 && backwards.err.contains("--to must be after --from"), "\(backwards.err)")
        let half = try Run.ctl(
            "simulate", "--plans", good, "--from", "2027-01-13", "--to", "2027-01-14", "--down-from", "2027-01-13T10:00"
        )
        #expect(half.status == 2 && half.err.contains("--down-from and --down-until go together"), "\(half.err)")
        let outside = try Run.ctl(
            "simulate", "--plans", good, "--from", "2027-01-13", "--to", "2027-01-14", "--down-from",
            "2027-01-13T10:00", "--down-until", "2027-01-14")
        #expect(outside.status == 2 && outside.err.contains("--down-until must be before --to"), "\(outside.err)")
        let missing = try Run.ctl("simulate", "--plans", good, "--from", "2027-01-13")
        #expect(missing.status == 2 && missing.err.contains("--to"), "\(missing.err)")
        let broken = try Run.ctl("simulate", "--plans", dir.path, "--from", "2027-01-13", "--to", "2027-01-14")
        #expect(broken.status == 1 && broken.err.contains("bad.yaml:2:"), "\(broken.err)")
        let help = try Run.ctl("simulate", "--help")
        #expect(help.status == 0 && help.out.contains("--down-until") && help.out.contains("EXIT STATUS"))
    }

    /// Online, the daemon simulates from where it stands; editorialctl prints what its pages say, entry for entry.
    @Test func onlineItPrintsTheDaemonsDryRun() throws {
        let now = LiveDaemon.now()
        let d = try LiveDaemon(plans: ["team.yaml": LiveDaemon.teamPlan(now: now)])
        let to = Instant(now + 2 * 86_400)
        let down = (Instant(now + 3_600 + 600), Instant(now + 4 * 3_600))
        let run = try d.ctl(
            "simulate", "--from", "now", "--to", to.description, "--down-from", down.0.description, "--down-until",
            down.1.description, "--json")
        #expect(run.status == 0, "\(run.err)")
        let page = try JSONValueDecoder().decode(SimulationPage.self, from: try JSONParser.parse(run.out))
        let raw = try d.client().call(
            SimulateCall(from: Instant(now), to: to, downFrom: down.0, downUntil: down.1))
        #expect(page.entries == raw.entries)
        // The launch post's hour-ahead reminder (in an hour), then the downtime's catch-up of its due time.
        let launch = page.entries.filter { $0[field: "EDITORIAL_ITEM"] == "team/launch" }
        #expect(launch.first?[field: "EDITORIAL_REMINDER_KEY"] == "team/launch!PT1H")
        #expect(page.entries.contains { $0.messageID == MessageID.catchUp.rawValue && $0.at == down.1 })
        // Text: one line per entry (no digests here), in the team's zone.
        let text = try d.ctl("simulate", "--from", "now", "--to", to.description)
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.split(separator: "\n").allSatisfy { $0.contains(" +00:00 ") })
        // A window before the daemon's clock is refused by the daemon.
        let past = try d.ctl("simulate", "--from", "2020-01-01", "--to", "2020-01-02")
        #expect(past.status == 1 && past.err.contains("[bad-argument]"), "\(past.err)")
        #expect(try d.ctl("simulate", "--from", "now", "--to", "+1").status == 2)
    }
}
