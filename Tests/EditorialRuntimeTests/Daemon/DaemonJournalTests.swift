import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// The real daemon writing to a real, private journald: fields, priorities, message ids, once-only firing
/// across a clean restart and a SIGKILL, and reloads.
struct DaemonJournalTests {
    /// A plan whose items fall due a few seconds from `base`.
    static func plan(base: Int64) -> String {
        """
        plan: e2e
        kind: communication
        timezone: UTC
        period: {from: \(DaemonRun.date(base - 86_400)), until: \(DaemonRun.date(base + 86_400))}
        reminders: [PT2S, PT0S]
        channels:
          - {id: linkedin, network: linkedin, presence: company-page, handle: acme}
        content:
          - {id: video, type: video, title: Launch video, owner: paolo, due: \(DaemonRun.stamp(base + 1))}
        posts:
          - {id: teaser, channel: linkedin, at: \(DaemonRun.stamp(base)), title: Teaser, owner: anna}
          - {id: launch, channel: linkedin, at: \(DaemonRun.stamp(base + 5)), title: Launch post, owner: anna,
             needs: [video], reminders: [PT8S, PT0S]}
        """
    }

    static func keyed(_ entries: [[String: String]]) -> [String: [[String: String]]] {
        Dictionary(grouping: entries.filter { $0["EDITORIAL_REMINDER_KEY"] != nil }) { $0["EDITORIAL_REMINDER_KEY"]! }
    }

    @Test func entriesCarryTheirFieldsAndFireOnceAcrossARestart() throws {
        let journal = try PrivateJournal()
        let run = try DaemonRun()
        run.flags = ["--overdue-after", "PT3S"]
        let base = DaemonRun.now() + 4
        try run.write("e2e.yaml", Self.plan(base: base))
        let daemon = try run.start(in: journal)
        // The launch's overdue warning (base + 8) is the last stage.
        let all = try journal.waitForEntries(
            ["EDITORIAL_REMINDER_KEY=e2e/launch!overdue"], count: 1, timeout: .seconds(30))
        #expect(all.count == 1)
        let entries = try journal.entries(["SYSLOG_IDENTIFIER=editoriald"])
        let byKey = Self.keyed(entries)
        let expected: Set = [
            "e2e/teaser!PT2S", "e2e/teaser!PT0S", "e2e/teaser!overdue", "e2e/video!PT2S", "e2e/video!PT0S",
            "e2e/video!overdue", "e2e/launch!PT8S", "e2e/launch!PT0S", "e2e/launch!overdue", "e2e/launch!blocked",
        ]
        #expect(Set(byKey.keys) == expected)
        #expect(byKey.values.allSatisfy { $0.count == 1 }, "\(byKey.filter { $0.value.count > 1 }.keys)")

        let due = try #require(byKey["e2e/teaser!PT0S"]?.first)
        #expect(due["MESSAGE_ID"] == MessageID.due.rawValue)
        #expect(due["PRIORITY"] == "5")
        #expect(due["EDITORIAL_PLAN"] == "e2e")
        #expect(due["EDITORIAL_ITEM"] == "e2e/teaser")
        #expect(due["EDITORIAL_CHANNEL"] == "linkedin")
        #expect(due["EDITORIAL_OWNER"] == "anna")
        #expect(due["EDITORIAL_LEAD"] == "PT0S")
        #expect(due["EDITORIAL_DUE"] == TimeText.utc(base))
        #expect(due["EDITORIAL_DUE_LOCAL"] == TimeText.local(base, offset: 0))
        #expect(due["MESSAGE"]?.contains("Due now: post 'Teaser' (e2e/teaser) on linkedin") == true)
        let reminder = try #require(byKey["e2e/teaser!PT2S"]?.first)
        #expect(reminder["MESSAGE_ID"] == MessageID.reminder.rawValue)
        #expect(reminder["PRIORITY"] == "6")
        #expect(reminder["MESSAGE"]?.contains("due in 2 seconds") == true)
        let overdue = try #require(byKey["e2e/video!overdue"]?.first)
        #expect(overdue["MESSAGE_ID"] == MessageID.overdue.rawValue)
        #expect(overdue["PRIORITY"] == "4")
        #expect(overdue["EDITORIAL_OWNER"] == "paolo")
        // The video came due undone while the launch was inside its 8-second reminder window.
        let blocked = try #require(byKey["e2e/launch!blocked"]?.first)
        #expect(blocked["MESSAGE_ID"] == MessageID.blocked.rawValue)
        #expect(blocked["PRIORITY"] == "4")
        #expect(blocked["EDITORIAL_BLOCKED_BY"] == "e2e/video")
        #expect(byKey["e2e/launch!PT0S"]?.first?["EDITORIAL_BLOCKED_BY"] == "e2e/video")

        // Never early: each entry went out at or after its instant (the daemon measures it as it sends), and
        // journald received it no earlier than the due time minus the lead.
        for (key, list) in byKey where !key.hasSuffix("!blocked") {
            let lateness = try #require(list[0]["EDITORIAL_LATENESS_USEC"].flatMap { Int64($0) }, "\(key)")
            #expect(lateness >= 0, "\(key) sent \(-lateness) µs early")
        }
        let received = Int64(due["__REALTIME_TIMESTAMP"] ?? "0") ?? 0
        #expect(received >= base * 1_000_000)

        // `journalctl EDITORIAL_CHANNEL=linkedin -p warning` shows just what is late on LinkedIn.
        let warnings = try journal.entries(["EDITORIAL_CHANNEL=linkedin", "-p", "warning"])
        #expect(
            Set(warnings.compactMap { $0["EDITORIAL_REMINDER_KEY"] }) == [
                "e2e/teaser!overdue", "e2e/launch!blocked", "e2e/launch!overdue",
            ])

        #expect(DaemonRun.stop(daemon) == 0)
        #expect(try journal.entries(["MESSAGE_ID=\(MessageID.stopping.rawValue)"]).count == 1)
        // A restart sends nothing again.
        let again = try run.start(in: journal)
        _ = try journal.waitForEntries(["MESSAGE_ID=\(MessageID.started.rawValue)"], count: 2)
        #expect(DaemonRun.stop(again) == 0)
        let after = Self.keyed(try journal.entries(["SYSLOG_IDENTIFIER=editoriald"]))
        #expect(after.mapValues(\.count) == byKey.mapValues(\.count))
        #expect(try journal.entries(["MESSAGE_ID=\(MessageID.catchUp.rawValue)"]).isEmpty)
    }

    @Test func aSIGKILLMidRunLosesNothingAndRepeatsAtMostOne() throws {
        let journal = try PrivateJournal()
        let run = try DaemonRun()
        run.flags = ["--overdue-after", "P1D"]
        let base = DaemonRun.now() + 3
        // Ten posts a second for four seconds: the kill is likely to land inside a second's batch of entries.
        let posts = (0..<40).map {
            "{id: p\($0), channel: blog, at: \(DaemonRun.stamp(base + Int64($0 / 10))), title: Post \($0)}"
        }
        try run.write("burst.yaml", DaemonRun.plan("burst", base: base, posts: posts))
        let first = try run.start(in: journal)
        _ = try journal.waitForEntries(["MESSAGE_ID=\(MessageID.due.rawValue)"], count: 12, timeout: .seconds(20))
        #expect(DaemonRun.stop(first, signal: SIGKILL) == SIGKILL)
        let second = try run.start(in: journal)
        let due = try journal.waitForEntries(
            ["MESSAGE_ID=\(MessageID.due.rawValue)", "EDITORIAL_ITEM=burst/p39"], count: 1, timeout: .seconds(20))
        #expect(due.count == 1)
        #expect(DaemonRun.stop(second) == 0)
        let counts = Self.keyed(try journal.entries(["MESSAGE_ID=\(MessageID.due.rawValue)"])).mapValues(\.count)
        #expect(Set(counts.keys) == Set((0..<40).map { "burst/p\($0)!PT0S" }), "missed: \(counts)")
        #expect(counts.values.reduce(0) { $0 + ($1 - 1) } <= 1, "repeated: \(counts.filter { $0.value > 1 })")
    }

    @Test func aBrokenReloadKeepsTheLastGoodPlansAndAGoodOneSwaps() throws {
        let journal = try PrivateJournal()
        let run = try DaemonRun()
        run.flags = ["--overdue-after", "P1D"]
        let base = DaemonRun.now() + 4
        let kept = "{id: kept, channel: blog, at: \(DaemonRun.stamp(base)), title: Kept}"
        let header = DaemonRun.plan("r", base: base, posts: [kept])
        try run.write("r.yaml", header)
        let daemon = try run.start(in: journal)
        _ = try journal.waitForEntries(["MESSAGE_ID=\(MessageID.started.rawValue)"], count: 1)
        try run.write("broken.yaml", "plan: broken\nkind: communication\ntimezone: Mars/Olympus\nperiod: x\n")
        kill(daemon.processIdentifier, SIGHUP)
        let rejected = try journal.waitForEntries(["MESSAGE_ID=\(MessageID.plansRejected.rawValue)"], count: 1)
        #expect(rejected[0]["PRIORITY"] == "3")
        #expect(rejected[0]["EDITORIAL_DIAGNOSTIC"]?.contains("broken.yaml:3:11: error: unknown time zone") == true)
        #expect(rejected[0]["MESSAGE"]?.contains("still running on the last good plans") == true)
        // Still running on the old set: the kept post fires.
        _ = try journal.waitForEntries(["EDITORIAL_REMINDER_KEY=r/kept!PT0S"], count: 1, timeout: .seconds(20))
        try run.remove("broken.yaml")
        try run.write(
            "r.yaml",
            DaemonRun.plan(
                "r", base: base,
                posts: [kept, "{id: added, channel: blog, at: \(DaemonRun.stamp(base + 3)), title: Added}"]))
        kill(daemon.processIdentifier, SIGHUP)
        let loaded = try journal.waitForEntries(["MESSAGE_ID=\(MessageID.plansLoaded.rawValue)"], count: 1)
        #expect(loaded[0]["EDITORIAL_ADDED"] == "r/added")
        #expect(loaded[0]["PRIORITY"] == "6")
        _ = try journal.waitForEntries(["EDITORIAL_REMINDER_KEY=r/added!PT0S"], count: 1, timeout: .seconds(20))
        #expect(DaemonRun.stop(daemon) == 0)
        #expect(try journal.entries(["EDITORIAL_REMINDER_KEY=r/kept!PT0S"]).count == 1)
    }
}
