import EditorialClient
import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// `simulate` against the real daemon: the in-process daemon is driven with its manual clock over the same window as
/// a dry run — deadline by deadline, stopped and started again for the downtime — and what it journals is compared
/// with the dry run entry by entry: instant, message, MESSAGE_ID, priority, every field, order. Offline (the plan
/// files) and online (the daemon's own dry run over its socket, after a state change and a snooze).
@Suite(.serialized) struct SimulatedDaemonTests {
    /// A Rome communication plan: a video (paolo) due on 27 March that the launch (anna, 29 March) needs, a teaser,
    /// reminders a day and an hour ahead and at the time.
    static let team = """
        plan: team
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-03-01, until: 2027-04-30}
        reminders: [P1D, PT1H, PT0S]
        channels: [{id: blog, network: blog}]
        content:
          - {id: video, type: video, title: Launch video, owner: paolo, due: 2027-03-27T10:00}
        posts:
          - {id: teaser, channel: blog, at: 2027-03-28T09:00, title: Teaser, owner: anna}
          - {id: launch, channel: blog, at: 2027-03-29T10:00, title: Launch, owner: anna, needs: [video]}
        """

    /// A nightly show at 02:30 in Rome from 27 to 30 March, through the spring-forward night of the 28th; the plan
    /// ends with the 30th (its renewal notice two days ahead).
    static let night = """
        plan: night
        kind: editorial
        channel: {id: radio, network: blog}
        timezone: Europe/Rome
        period: {from: 2027-03-27, until: 2027-03-30}
        reminders: [PT0S]
        renew-notice: P2D
        slots:
          - {id: late-show, every: daily 02:30, title: Late show, owner: nina}
        """

    /// Anna's digest at 08:30 in Rome, through the route `team`.
    static let people = """
        people:
          anna: {name: Anna Rossi, timezone: Europe/Rome, routes: [team], digest: "08:30"}
          paolo: {name: Paolo Conti, timezone: Europe/Rome, routes: [team]}
        """

    /// The kinds of entry a dry run shows: the scheduler's and the digests (started, stopping, plan checks and
    /// deliveries are the daemon's own business).
    static let simulated: Set<MessageID> = [
        .reminder, .due, .overdue, .blocked, .unblocked, .renewal, .catchUp, .digest,
    ]

    static func utc(_ text: String) -> Int64 { Instant(text: text)!.seconds }

    /// The window: from before anything is due (so the daemon's first start has nothing to catch up) to 31 March.
    static let from = utc("2027-03-26T05:00:00Z")
    static let to = utc("2027-03-31T12:00:00Z")
    /// Down from the evening of 29 March to the early morning of the 31st: over a day, so some missed stages are
    /// beyond the catch-up horizon.
    static let down = utc("2027-03-29T20:00:00Z")..<utc("2027-03-31T03:00:00Z")

    /// A harness on the plans, with a route that takes Anna's digest.
    static func harness(now: Int64) throws -> (DaemonHarness, WebhookServer) {
        let server = try WebhookServer()
        let h = try DaemonHarness(
            plans: ["team.yaml": team, "night.yaml": night, "people.yaml": people], now: now)
        let route = Route(
            name: "team", events: ["digest"], audience: .everyone,
            target: .webhook(RouteTarget.Webhook(url: server.url().absoluteString, shape: .generic, timeout: 2)))
        h.configure = { $0.routes = [route] }
        return (h, server)
    }

    /// Drives the daemon (started) from its clock through the instants of `dry` and the downtime, to the end of the
    /// window: before each instant it moves to the second before (anything journaled then is labelled with that
    /// second, so an entry sent early or late shows), then to the instant. Returns what it journaled, each entry
    /// labelled with the instant it went out.
    static func drive(_ h: DaemonHarness, along dry: [SimulatedEntry], down: Range<Int64>?) throws -> [SimulatedEntry] {
        var got: [SimulatedEntry] = []
        func take(_ entries: some Sequence<JournalEntry>, at: Int64) {
            for entry in entries where entry.messageID.map(simulated.contains) ?? false {
                got.append(SimulatedEntry(entry, at: at))
            }
        }
        func move(to t: Int64) {
            guard t > h.clock.now else { return }
            take(h.advance(to: t - 1), at: t - 1)
            take(h.advance(to: t), at: t)
        }
        var stops = down.map { [$0] } ?? []
        for instant in Set(dry.map(\.at.seconds) + [to - 1]).sorted() {
            if let gap = stops.first, instant > gap.lowerBound {
                stops.removeFirst()
                move(to: gap.lowerBound)
                let before = h.sink.entries.count
                h.stop()
                take(h.sink.entries.dropFirst(before), at: gap.lowerBound)
                h.clock.advance(to: gap.upperBound)
                let started = h.sink.entries.count
                try h.start()
                take(h.sink.entries.dropFirst(started), at: gap.upperBound)
            }
            move(to: instant)
        }
        return got
    }

    /// The two lists, entry by entry; the first difference in full.
    static func expectSame(
        _ daemon: [SimulatedEntry], _ dry: [SimulatedEntry], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(
            daemon.count == dry.count, "daemon \(daemon.count) entries, dry run \(dry.count)",
            sourceLocation: sourceLocation)
        for (i, (a, b)) in zip(daemon, dry).enumerated() where a != b {
            func text(_ e: SimulatedEntry) -> String {
                "\(e.at) \(e.message) " + e.fields.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            }
            Issue.record(
                Comment(rawValue: "entry \(i) differs:\n  daemon:  \(text(a))\n  dry run: \(text(b))"),
                sourceLocation: sourceLocation)
            return
        }
    }

    /// The message ids of `entries` in order, by name.
    static func kinds(_ entries: [SimulatedEntry]) -> Set<String> {
        Set(entries.compactMap { $0.messageID.flatMap(MessageID.init(rawValue:)).map { "\($0)" } })
    }

    /// The dry run of the plan files (as `editorialctl simulate --plans` runs it) over a window with a downtime is,
    /// entry by entry, what the daemon journals when its clock goes through the same window and it is stopped and
    /// started again: reminders, due, overdue, blocked, renewals, digests, the catch-up and its summary.
    @Test func theDryRunOfThePlanFilesIsWhatTheDaemonSends() throws {
        let (h, server) = try Self.harness(now: Self.from)
        defer { server.stop() }
        let (sources, problems) = PlanFiles.load([h.directory.appending("plans")])
        let planSet = PlanSet(sources: sources)
        #expect(problems.isEmpty && !planSet.hasErrors)
        let dry = Simulation(planSet: planSet, from: Self.from, to: Self.to, down: Self.down)
            .page(limit: Simulation.maxPage)
        #expect(!dry.truncated)
        #expect(
            Self.kinds(dry.entries) == ["reminder", "due", "overdue", "blocked", "renewal", "catchUp", "digest"])
        // Nothing while down; the catch-up at the restart.
        #expect(!dry.entries.contains { $0.at.seconds > Self.down.lowerBound && $0.at.seconds < Self.down.upperBound })
        let summary = try #require(dry.entries.first { $0.messageID == MessageID.catchUp.rawValue })
        #expect(summary.at.seconds == Self.down.upperBound)
        #expect(summary[field: "EDITORIAL_CATCH_UP_BEYOND_HORIZON"] != "0")
        // Only the restart catches up: a wake-up at its deadline after a quiet night is no gap.
        let late = dry.entries.filter { $0[field: "EDITORIAL_CATCH_UP"] == "1" }
        #expect(!late.isEmpty && late.allSatisfy { $0.at.seconds == Self.down.upperBound })

        try h.start()
        let got = try Self.drive(h, along: dry.entries, down: Self.down)
        Self.expectSame(got, dry.entries)
    }

    /// The daemon's own dry run over its socket, from where it stands — a video marked done (the launch is
    /// unblocked at once), the launch snoozed until half an hour before its last reminder — is what it then journals,
    /// across a downtime; and asking changed nothing.
    @Test func theDaemonsDryRunFromWhereItStandsIsWhatItThenSends() throws {
        let (h, server) = try Self.harness(now: Self.from)
        defer { server.stop() }
        try h.start()
        let now = Self.utc("2027-03-28T08:10:00Z")
        h.advance(to: now)
        #expect(h.entries(.blocked).map { $0[field: "EDITORIAL_ITEM"] } == ["team/launch"])
        let client = try h.client()
        _ = try client.call(ChangeCall(.done, item: "team/video"))
        #expect(h.entries(.unblocked).map { $0[field: "EDITORIAL_ITEM"] } == ["team/launch"])
        let snoozed = Self.utc("2027-03-29T07:30:00Z")
        _ = try client.call(ChangeCall(.snooze(until: Instant(snoozed), seconds: nil), item: "team/launch"))

        // Pages of 4, as a client that pages through would get them; the first asks from before the daemon's clock.
        var call = SimulateCall(
            from: Instant(Self.from), to: Instant(Self.to), downFrom: Instant(Self.down.lowerBound),
            downUntil: Instant(Self.down.upperBound), limit: 4)
        var dry: [SimulatedEntry] = []
        var pages = 0
        while true {
            let page = try client.call(call)
            #expect(page.from.seconds == now && page.zone == "Europe/Rome")
            dry += page.entries
            pages += 1
            guard let next = page.next else { break }
            #expect(page.truncated && page.entries.count == 4)
            call.cursor = next
        }
        #expect(pages > 2)
        #expect(dry.first?.at.seconds ?? 0 >= now)
        // The launch's hour-ahead reminder (07:00) comes when the snooze ends; it is no longer blocked.
        let launch = dry.filter { $0[field: "EDITORIAL_ITEM"] == "team/launch" }
        #expect(launch.first?.at.seconds == snoozed)
        #expect(launch.first?[field: "EDITORIAL_REMINDER_KEY"] == "team/launch!PT1H")
        #expect(!launch.contains { $0.messageID == MessageID.blocked.rawValue })
        #expect(Self.kinds(dry).isSuperset(of: ["reminder", "due", "overdue", "renewal", "catchUp", "digest"]))

        let got = try Self.drive(h, along: dry, down: Self.down)
        Self.expectSame(got, dry)
    }

    /// `simulate` is a read: anyone may ask, and a window the daemon cannot run is refused with what is wrong.
    @Test func simulateIsAReadAndRefusesWindowsItCannotRun() throws {
        let (h, server) = try Self.harness(now: Self.from)
        defer { server.stop() }
        try h.start()
        let client = try h.client()
        #expect(throws: ControlClientError.self) {
            try client.call(SimulateCall(from: Instant(Self.from - 86_400), to: Instant(Self.from - 3_600)))
        }
        #expect(throws: ControlClientError.self) {
            try client.call(
                SimulateCall(
                    from: Instant(Self.from), to: Instant(Self.to), downFrom: Instant(Self.from + 60),
                    downUntil: Instant(Self.to)))
        }
        let page = try client.call(SimulateCall(from: Instant(Self.from), to: Instant(Self.from + 86_400)))
        #expect(!page.entries.isEmpty && page.next == nil)
        // The daemon sends the same again: nothing was recorded.
        let got = try Self.drive(h, along: page.entries, down: nil).filter { $0.at.seconds < Self.from + 86_400 }
        Self.expectSame(got, page.entries)
    }
}
