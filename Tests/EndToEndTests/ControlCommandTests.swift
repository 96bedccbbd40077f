import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// `editorialctl`'s online commands against a real daemon over a real socket: output, JSON, exit statuses,
/// state changes with their audit trail, reload outcomes, and the event stream.
struct ControlCommandTests {
    static func daemon() throws -> LiveDaemon {
        try LiveDaemon(plans: ["team.yaml": LiveDaemon.teamPlan(now: LiveDaemon.now())])
    }

    static func json(_ run: Run) throws -> JSONValue { try JSONParser.parse(run.out) }

    @Test func statusCountsWhatIsOverdueAndBlocked() throws {
        let d = try Self.daemon()
        let text = try d.ctl("status")
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.contains("editoriald 0.2.0 (pid \(d.process!.processIdentifier))"))
        #expect(text.out.contains("Plans:     1 from 1 files"))
        #expect(text.out.contains("Overdue: 2   Blocked: 1"), "\(text.out)")
        let json = try Self.json(try d.ctl("status", "--json"))
        #expect(json["counts"]?["overdue"]?.int == 2)
        #expect(json["counts"]?["blocked"]?.int == 1)
        #expect(json["protocol"]?.int == 1)
        #expect(json["rejected"] == .null)
    }

    @Test func overdueIsMostLateFirstAndBlockedCarriesTheChainOfBlame() throws {
        let d = try Self.daemon()
        let overdue = try Self.json(try d.ctl("overdue", "--json"))
        #expect(overdue["items"]?.array?.compactMap { $0["id"]?.string } == ["team/video", "team/missed"])
        let text = try d.ctl("overdue")
        #expect(text.status == 0)
        #expect(text.out.contains("2d"), "\(text.out)")
        #expect(text.out.contains("paolo"))
        let blocked = try d.ctl("blocked")
        #expect(blocked.status == 0)
        #expect(blocked.out.contains("team/launch"))
        #expect(blocked.out.contains("blocked by team/video (overdue by 2d"), "\(blocked.out)")
        #expect(blocked.out.contains("owner paolo"))
        let limited = try Self.json(try d.ctl("overdue", "--limit", "1", "--json"))
        #expect(limited["items"]?.array?.count == 1)
        #expect(limited["total"]?.int == 2)
    }

    @Test func publishingABlockedPostIsRefusedUntilItsPrerequisiteIsDone() throws {
        let d = try Self.daemon()
        let refused = try d.ctl("publish", "team/launch")
        #expect(refused.status == 1)
        #expect(refused.err.contains("team/video (overdue, owner paolo)"), "\(refused.err)")
        #expect(refused.err.contains("[blocked]"))
        let gate = try d.ctl("gate", "team/launch")
        #expect(gate.status == 1)
        #expect(gate.err.contains("blocked by team/video"))
        let done = try d.ctl("done", "team/video")
        #expect(done.status == 0, "\(done.err)")
        #expect(done.out == "team/video: open → done (status now done)\n")
        #expect(try d.ctl("gate", "team/launch").status == 0)
        let published = try d.ctl("publish", "team/launch")
        #expect(published.status == 0)
        #expect(published.out.contains("open → published"))
        let again = try d.ctl("publish", "team/launch")
        #expect(again.out.contains("unchanged"))
        let show = try Self.json(try d.ctl("show", "team/launch", "--json"))
        #expect(show["status"]?.string == "published")
        let history = show["history"]?.array ?? []
        #expect(history.count == 1)
        #expect(history.first?["action"]?.string == "publish")
        #expect(history.first?["actor"]?.string?.hasPrefix("root (uid 0, pid ") == true)
        #expect(history.first?["before"]?.string?.contains("null") == false)
        let status = try Self.json(try d.ctl("status", "--json"))
        // The next event is a reminder that will really fire: not the published post's.
        #expect(status["next"]?["item"]?.string == "team/teaser", "\(status)")
        #expect(status["counts"]?["blocked"]?.int == 0)
        #expect(status["counts"]?["overdue"]?.int == 1)
    }

    @Test func forcePublishesABlockedPostAndSaysSoInTheAudit() throws {
        let d = try Self.daemon()
        let forced = try d.ctl("publish", "team/launch", "--force")
        #expect(forced.status == 0, "\(forced.err)")
        let show = try Self.json(try d.ctl("show", "team/launch", "--json"))
        #expect(show["history"]?.array?.first?["detail"]?.string == "forced past team/video")
    }

    @Test func gateExitsTwoForAnUnknownItemAndEverythingExitsThreeWithoutADaemon() throws {
        let d = try Self.daemon()
        let unknown = try d.ctl("gate", "team/nope")
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("no item 'team/nope'"))
        #expect(try d.ctl("gate", "team/teaser").status == 0)
        let show = try d.ctl("show", "team/lanch")
        #expect(show.status == 1)
        #expect(show.err.contains("did you mean 'team/launch'?"))
        for command in [["status"], ["overdue"], ["gate", "team/launch"], ["done", "team/video"]] {
            let run = try Run.ctl(
                command, environment: ["EDITORIALD_SOCKET": d.directory.path + "/missing.sock", "TZ": "UTC"])
            #expect(run.status == 3, "\(command)")
            #expect(run.err.contains("cannot connect to \(d.directory.path)/missing.sock: no socket there"))
        }
        let viaFlag = try Run.ctl(["status", "--socket", d.socket], environment: ["EDITORIALD_SOCKET": "/nonexistent"])
        #expect(viaFlag.status == 0)
    }

    @Test func skipSnoozeReopenAndTheirAuditTrail() throws {
        let d = try Self.daemon()
        let noReason = try d.ctl("skip", "team/teaser")
        #expect(noReason.status == 2)
        #expect(try d.ctl("skip", "team/teaser", "--reason", "client asked to wait").status == 0)
        // A skipped prerequisite blocks what needs it.
        #expect(try d.ctl("skip", "team/ebook", "--reason", "no budget").status == 0)
        let later = try Self.json(try d.ctl("show", "team/later", "--json"))
        #expect(later["status"]?.string == "blocked")
        #expect(later["blocked_by"]?.array?.first?["reason"]?.string == "skipped")
        #expect(try d.ctl("reopen", "team/ebook").status == 0)
        let snooze = try d.ctl("snooze", "team/missed", "2h")
        #expect(snooze.status == 0, "\(snooze.err)")
        let missed = try Self.json(try d.ctl("show", "team/missed", "--json"))
        let until = try #require(missed["snoozed_until"]?.string)
        guard case .success(.instant(let t)) = TimeText.parse(until) else {
            Issue.record("bad snoozed_until \(until)")
            return
        }
        #expect(abs(t - (LiveDaemon.now() + 7200)) < 30)
        #expect(try d.ctl("snooze", "team/missed", "soon").status == 2)
        #expect(try d.ctl("done", "team/teaser").status == 1)
        let ebook = try Self.json(try d.ctl("show", "team/ebook", "--json"))
        #expect(ebook["history"]?.array?.compactMap { $0["action"]?.string } == ["reopen", "skip"])
        #expect(ebook["history"]?.array?.last?["detail"]?.string == "no budget")
    }

    @Test func ackRecordsFiredKeysOnly() throws {
        let d = try Self.daemon()
        // On a first start the missed post's latest stage within the horizon (its overdue warning) is sent.
        let fired = try Self.json(try d.ctl("show", "team/missed", "--json"))
        let stages = fired["stages"]?.array ?? []
        #expect(stages.first { $0["key"]?.string == "team/missed!overdue" }?["state"]?.string == "fired", "\(stages)")
        let ack = try d.ctl("ack", "team/missed!overdue")
        #expect(ack.status == 0, "\(ack.err)")
        #expect(ack.out == "team/missed!overdue: acknowledged\n")
        #expect(try d.ctl("ack", "team/missed!overdue").out.contains("unchanged"))
        let early = try d.ctl("ack", "team/later!P1D")
        #expect(early.status == 1)
        #expect(early.err.contains("has not fired"))
        #expect(try d.ctl("ack", "team/missed!P2D").status == 1)
        let overdue = try d.ctl("overdue")
        #expect(overdue.out.contains("acknowledged: team/missed!overdue"))
    }

    @Test func reloadReportsErrorsWithPositionsThenTheChanges() throws {
        let d = try Self.daemon()
        try d.write("broken.yaml", "plan: broken\nkind: communication\ntimezone: Mars/Olympus\n")
        let rejected = try d.ctl("reload")
        #expect(rejected.status == 1)
        #expect(rejected.err.contains("plans rejected"))
        #expect(rejected.err.contains("broken.yaml:3:11"), "\(rejected.err)")
        let status = try d.ctl("status")
        #expect(status.out.contains("Plans on disk rejected at the last reload (2 errors)"), "\(status.out)")
        #expect(status.out.contains("broken.yaml:3:11"))
        try FileManager.default.removeItem(at: d.directory.appendingPathComponent("plans/broken.yaml"))
        let now = LiveDaemon.now()
        try d.write(
            "team.yaml",
            LiveDaemon.teamPlan(now: now).replacingOccurrences(
                of: "posts:\n",
                with:
                    "posts:\n  - {id: extra, channel: blog, at: \(LocalDateTime(secondsSinceEpochAsUTC: now + 7200).description), title: Extra}\n"
            ))
        let accepted = try d.ctl("reload")
        #expect(accepted.status == 0, "\(accepted.err)")
        #expect(accepted.out.contains("Reloaded: 1 plans from 1 files; 1 added"), "\(accepted.out)")
        #expect(accepted.out.contains("added: team/extra"))
        #expect(try Self.json(try d.ctl("status", "--json"))["rejected"] == .null)
    }

    @Test func liveAgendaShowsRecordedStates() throws {
        let d = try Self.daemon()
        #expect(try d.ctl("done", "team/video").status == 0)
        // Explicit bounds: "tomorrow" is midnight, so after 21:00 it would cut off the teaser due in 3 hours.
        let now = LiveDaemon.now()
        func rfc3339(_ offset: Int64) -> String {
            LocalDateTime(secondsSinceEpochAsUTC: now + offset).description + "Z"
        }
        let agenda = try Self.json(
            try d.ctl("agenda", "--from", rfc3339(-86_400), "--to", rfc3339(2 * 86_400), "--json"))
        let statuses = Dictionary(
            uniqueKeysWithValues: (agenda["items"]?.array ?? []).compactMap { item in
                item["id"]?.string.map { ($0, item["status"]?.string ?? "") }
            })
        #expect(statuses["team/missed"] == "overdue")
        #expect(statuses["team/launch"] == "due")
        #expect(statuses["team/teaser"] == "due")
        let text = try d.ctl("agenda", "--from", "yesterday", "--to", rfc3339(2 * 86_400))
        #expect(text.status == 0)
        #expect(text.out.contains("team/launch"))
        let offlineNow = try d.ctl("agenda", "--now", "2027-01-01")
        #expect(offlineNow.status == 2)
    }

    @Test func watchStreamsStateChangesAsTheyHappen() throws {
        let d = try Self.daemon()
        let watcher = Process()
        watcher.executableURL = Run.binary
        watcher.arguments = ["watch", "--json"]
        watcher.environment = ProcessInfo.processInfo.environment.merging(["EDITORIALD_SOCKET": d.socket]) { $1 }
        let pipe = Pipe()
        watcher.standardOutput = pipe
        try watcher.run()
        defer {
            // SIGKILL: a test runner may hand its children an ignored SIGTERM.
            kill(watcher.processIdentifier, SIGKILL)
            watcher.waitUntilExit()
        }
        // The watcher is registered once the daemon counts it.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let status = try Self.json(try d.ctl("status", "--json"))
            if status["control"]?["watchers"]?.int == 1 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(try d.ctl("done", "team/ebook").status == 0)
        #expect(try d.ctl("reload").status == 0)
        let reader = LineReader(pipe.fileHandleForReading)
        let first = try #require(reader.line(timeout: 20))
        let event = try JSONParser.parse(first)
        #expect(event["type"]?.string == "state-changed")
        #expect(event["fields"]?["item"]?.string == "team/ebook")
        #expect(event["fields"]?["actor"]?.string == "root")
        #expect(event["fields"]?["after"]?.string == "done")
        let second = try JSONParser.parse(try #require(reader.line(timeout: 20)))
        #expect(second["type"]?.string == "plans-loaded")
    }
}
