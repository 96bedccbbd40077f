import EditorialClient
import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// The real daemon, built in process with a manual clock and an in-memory journal: days of plans in
/// milliseconds — a daylight-saving night, a blocked post published through the socket, a restart after
/// downtime, a reload, fired keys pruned and a clock set back.
struct InProcessDaemonTests {
    /// A nightly slot at 02:30 in Rome (the spring-forward night of 28 March 2027 has no 02:30) and a post that
    /// needs a video due the day before it.
    static let night = """
        plan: night
        kind: editorial
        channel: {id: radio, network: blog}
        timezone: Europe/Rome
        period: {from: 2027-03-20, until: 2027-04-30}
        reminders: [PT0S]
        slots:
          - {id: late-show, every: daily 02:30, title: Late show, owner: nina}
        """

    static let team = """
        plan: team
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-03-01, until: 2027-06-30}
        reminders: [P1D, PT0S]
        channels: [{id: blog, network: blog}]
        content:
          - {id: video, type: video, title: Launch video, owner: paolo, due: 2027-03-27T10:00}
        posts:
          - {id: launch, channel: blog, at: 2027-03-29T10:00, title: Launch, owner: anna, needs: [video]}
        """

    static func utc(_ text: String) -> Int64 { Instant(text: text)!.seconds }

    /// The due times journaled for the nightly slot, in UTC.
    static func nightlyDue(_ entries: [JournalEntry]) -> [String] {
        entries.filter { $0.messageID == .due && $0[field: "EDITORIAL_PLAN"] == "night" }.compactMap {
            $0[field: "EDITORIAL_DUE_LOCAL"]
        }
    }

    /// Every reminder key the daemon sent (blocks aside), each exactly once over the whole run.
    static func expectEachKeyOnce(_ entries: [JournalEntry], sourceLocation: Testing.SourceLocation = #_sourceLocation)
    {
        let keys = entries.filter { $0.messageID != .blocked && $0.messageID != .unblocked }.compactMap {
            $0[field: "EDITORIAL_REMINDER_KEY"]
        }
        let repeated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "sent twice: \(repeated)", sourceLocation: sourceLocation)
    }

    /// Through the spring-forward night the 02:30 slot goes out at 03:30 CEST, exactly on time; the post is
    /// announced blocked by the late video at its first reminder, refused to publish, unblocked when the video is
    /// done, published, and then sends nothing more.
    @Test func aDaylightSavingNightAndABlockedPost() throws {
        let h = try DaemonHarness(
            plans: ["night.yaml": Self.night, "team.yaml": Self.team], now: Self.utc("2027-03-26T12:00:00Z"))
        try h.start()
        let nights = h.advance(to: Self.utc("2027-03-29T06:00:00Z"))
        #expect(
            Self.nightlyDue(nights) == [
                "2027-03-27T02:30:00+01:00", "2027-03-28T03:30:00+02:00", "2027-03-29T02:30:00+02:00",
            ])
        // The manual clock fires each deadline at its instant: nothing is late.
        #expect(nights.compactMap { $0[field: "EDITORIAL_LATENESS_USEC"] }.allSatisfy { $0 == "0" })
        let overdueVideo = try #require(
            nights.first { $0.messageID == .overdue && $0[field: "EDITORIAL_ITEM"] == "team/video" })
        #expect(overdueVideo[field: "EDITORIAL_DUE"] == "2027-03-27T09:00:00Z")
        let blocked = try #require(nights.first { $0.messageID == .blocked })
        #expect(blocked[field: "EDITORIAL_ITEM"] == "team/launch")
        #expect(blocked[field: "EDITORIAL_BLOCKED_BY"] == "team/video")

        let client = try h.client()
        #expect(throws: ControlClientError.self) {
            try client.call(ChangeCall(.publish(force: false), item: "team/launch"))
        }
        let done = try client.call(ChangeCall(.done, item: "team/video"))
        #expect(done.changed && done.after == "done" && done.status == .done)
        #expect(h.entries(.unblocked).map { $0[field: "EDITORIAL_ITEM"] } == ["team/launch"])
        let published = try client.call(ChangeCall(.publish(force: false), item: "team/launch"))
        #expect(published.before == "open" && published.after == "published" && published.status == .published)
        let history = try client.call(ShowCall(item: "team/launch")).history
        #expect(history.map(\.action) == ["publish"])
        // The launch's due stage (08:00 UTC) is passed over: it is published.
        let after = h.advance(to: Self.utc("2027-03-29T12:00:00Z"))
        #expect(!after.contains { $0[field: "EDITORIAL_ITEM"] == "team/launch" })
        Self.expectEachKeyOnce(h.sink.entries)
    }

    /// A daemon down for three hours catches up on start: the latest missed stage per item, marked as catch-up,
    /// and a summary; a reload through the socket adds a post, which then fires once; nothing fires twice.
    @Test func aRestartAfterDowntimeAndAReload() throws {
        let h = try DaemonHarness(plans: ["night.yaml": Self.night], now: Self.utc("2027-03-29T12:00:00Z"))
        try h.start()
        h.advance(to: Self.utc("2027-03-29T23:00:00Z"))
        h.stop()
        // Down from 23:00 to 02:00 UTC: the 30 March show (02:30 CEST = 00:30 UTC) and its overdue warning pass.
        h.clock.advance(to: Self.utc("2027-03-30T02:00:00Z"))
        let before = h.sink.entries.count
        try h.start()
        let restarted = h.sink.entries.dropFirst(before)
        let caughtUp = restarted.filter { $0.messageID == .overdue && $0[field: "EDITORIAL_CATCH_UP"] == "1" }
        #expect(caughtUp.map { $0[field: "EDITORIAL_ITEM"] } == ["night/late-show@2027-03-30T02:30"])
        #expect(!restarted.contains { $0.messageID == .due }, "the due notice is folded into the overdue warning")
        let summary = try #require(restarted.first { $0.messageID == .catchUp })
        #expect(summary[field: "EDITORIAL_CATCH_UP_SENT"] == "1")
        #expect(summary[field: "EDITORIAL_CATCH_UP_FOLDED"] == "1")

        try h.write(
            "extra.yaml",
            """
            plan: extra
            kind: communication
            timezone: UTC
            period: {from: 2027-03-01, until: 2027-06-30}
            reminders: [PT0S]
            channels: [{id: blog, network: blog}]
            posts:
              - {id: flash, channel: blog, at: 2027-03-30T05:00, title: Flash}
            """)
        let reload = try h.client().call(ReloadCall())
        #expect(reload.accepted && reload.plans == 2)
        #expect(reload.changes?.added.first.contains("extra/flash") == true)
        let later = h.advance(to: Self.utc("2027-03-31T12:00:00Z"))
        #expect(later.filter { $0.messageID == .due && $0[field: "EDITORIAL_ITEM"] == "extra/flash" }.count == 1)
        try h.restart()
        h.advance(to: Self.utc("2027-03-31T13:00:00Z"))
        Self.expectEachKeyOnce(h.sink.entries)
    }

    /// Fired keys older than the retention are pruned from the store (at start and once a day); within the kept
    /// window nothing fires again, across a restart and across the wall clock set back ten days.
    @Test func pruningKeepsWhatTheSchedulerNeeds() throws {
        let start = Self.utc("2027-01-01T12:00:00Z")
        let h = try DaemonHarness(
            plans: [
                "daily.yaml": """
                plan: daily
                kind: editorial
                channel: {id: blog, network: blog}
                timezone: UTC
                period: {from: 2027-01-01, until: 2027-12-31}
                reminders: [PT0S]
                renew-notice: PT0S
                slots:
                  - {id: note, every: daily 09:00, title: Note}
                """
            ], now: start)
        try h.start()
        let end = start + 120 * 86_400
        h.advance(to: end)
        let config = h.config.scheduler
        let agenda = Agenda(planSet: try #require(h.daemon).sync { h.daemon!.plans.current.planSet })
        let cutoff = FiredRetention.keepSince(now: end, agenda: agenda, configuration: config)
        // Pruned once a day: nothing older than the cutoff of a day ago is left, everything since is kept.
        let store = try h.store()
        // The slot's stages (the weekly pace entries have keys of their own).
        let kept = try store.firedSchedule(since: .min).filter { !$0.key.hasPrefix("pace!") }
        #expect(kept.values.min()! >= cutoff - FiredRetention.interval)
        #expect(kept.values.min()! <= cutoff + 2 * 86_400)
        // Two stages a day (due, overdue) over the kept days, out of 240 sent.
        let days = Int((end - cutoff) / 86_400)
        #expect(kept.count >= 2 * (days - 1) && kept.count <= 2 * (days + 2), "\(kept.count) kept for \(days) days")
        #expect(days < 60)

        try h.restart()
        let before = h.sink.entries.count
        // Set back ten days: stages between then and now fired already and must not fire again.
        h.clock.set(to: end - 10 * 86_400)
        h.advance(to: end)
        let again = h.sink.entries.dropFirst(before).filter { $0.messageID == .due || $0.messageID == .overdue }
        #expect(again.isEmpty, "\(again.map(\.message))")
        #expect(h.entries(.clockChanged).count == 1)
        // After a restart on the stepped-back clock too.
        h.stop()
        h.clock.set(to: end - 5 * 86_400)
        try h.start()
        h.advance(to: end)
        h.advance(to: end + 86_400)
        Self.expectEachKeyOnce(h.sink.entries)
        let next = h.sink.entries.filter { $0.messageID == .due }.compactMap { $0[field: "EDITORIAL_DUE"] }
        #expect(next.last == TimeText.utc(end + 86_400 - 3 * 3_600))
    }

    /// The strategy checks run after READY (their warnings come after the started entry) and each warning is
    /// journaled once: a restart with unchanged plans journals none, a reload journals only what is new.
    @Test func planWarningsAreJournaledOnceAfterStart() throws {
        let tiktok = """
            plan: social
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-12-31}
            channels:
              - {id: tiktok, network: tiktok, presence: company-page, handle: acme}
            """
        let h = try DaemonHarness(plans: ["social.yaml": tiktok], now: Self.utc("2027-02-01T12:00:00Z"))
        func warnings() -> [String] {
            h.sink.entries.filter { $0.priority == .warning && $0.messageID == nil }.map(\.message)
        }
        try h.start()
        #expect(h.waitForChecks())
        let first = warnings()
        #expect(first.count == 1 && first[0].contains("TikTok has no company profiles"), "\(first)")
        let started = try #require(h.sink.entries.firstIndex { $0.messageID == .started })
        let warned = try #require(h.sink.entries.firstIndex { $0.priority == .warning && $0.messageID == nil })
        #expect(started < warned)
        #expect(try h.client().call(StatusCall()).plans.warnings == 1)

        try h.restart()
        #expect(h.waitForChecks())
        #expect(warnings() == first, "nothing changed: nothing journaled again")

        try h.write(
            "social.yaml",
            tiktok + """

                  - {id: fb, network: facebook, presence: personal-profile, handle: acme}
                """)
        let reload = try h.client().call(ReloadCall())
        #expect(reload.accepted && reload.warnings == 2)
        #expect(h.waitForChecks())
        #expect(warnings().count == 2)
        #expect(warnings().last?.contains("personal profile") == true, "\(warnings())")
    }
}
