import Testing

@testable import EditorialCore

/// The scheduler driven by hand: time is an argument, so every test advances it explicitly.
struct SchedulerTests {
    static let plan = """
        plan: acme
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-06-30}
        reminders: [P1D, PT1H, PT0S]
        channels:
          - {id: linkedin, network: linkedin, presence: company-page, handle: acme}
        content:
          - {id: video, type: video, title: Guide video, owner: paolo, due: 2027-01-12T17:00}
        posts:
          - {id: launch, channel: linkedin, at: 2027-01-14T09:00, title: Launch, owner: anna, needs: [video]}
          - {id: teaser, channel: linkedin, at: 2027-01-10T09:00, title: Teaser}
        """

    static func scheduler(_ texts: String..., stored: StoredState = .init(), config: SchedulerConfiguration = .init())
        -> Scheduler
    {
        let set = PlanSet(sources: texts.enumerated().map { PlanSource(path: "p\($0).yaml", text: $1) })
        let errors = set.diagnostics.filter { $0.severity == .error }.prefix(3).map(\.description)
        #expect(errors.isEmpty)
        return Scheduler(agenda: Agenda(planSet: set), configuration: config, stored: stored)
    }

    static func t(_ text: String) -> Int64 { Fixtures.utc(text) }

    /// Advances deadline by deadline until `end`, collecting every event; asserts none fires before its time.
    static func run(_ s: inout Scheduler, until end: Int64) -> [SchedulerEvent] {
        var events: [SchedulerEvent] = []
        while let next = s.nextDeadline, next <= end {
            let before = s.advance(to: next - 1)
            #expect(before.events.isEmpty, "fired early: \(before.events.map(\.key))")
            let step = s.advance(to: next)
            #expect(!step.events.isEmpty || !step.firings.isEmpty || s.nextDeadline != next)
            for event in step.events where event.kind != .blocked { #expect(event.at <= next) }
            events += step.events
        }
        events += s.advance(to: end).events
        return events
    }

    @Test func firesEachStageAtItsInstantInOrder() {
        var s = Self.scheduler(Self.plan)
        let start = s.start(now: Self.t("2027-01-08T00:00:00Z"))
        #expect(start.events.isEmpty)
        #expect(start.catchUp == nil)
        // Teaser: a day before 09:00 Rome (08:00Z), an hour before, at, and an hour after (overdue).
        #expect(s.nextDeadline == Self.t("2027-01-09T08:00:00Z"))
        let events = Self.run(&s, until: Self.t("2027-01-10T10:00:00Z"))
        #expect(
            events.map { "\($0.kind) \($0.key) \(TimeText.utc($0.at))" } == [
                "reminder acme/teaser!P1D 2027-01-09T08:00:00Z",
                "reminder acme/teaser!PT1H 2027-01-10T07:00:00Z",
                "due acme/teaser!PT0S 2027-01-10T08:00:00Z",
                "overdue acme/teaser!overdue 2027-01-10T09:00:00Z",
            ])
        #expect(events.allSatisfy { !$0.catchUp })
    }

    /// A post's own lead time far beyond its plan's is looked ahead for: the reminder four months before fires on time.
    @Test func aPostsOwnLongLeadTimeIsLookedAheadFor() {
        let plan = """
            plan: acme
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-06-30}
            reminders: [PT0S]
            channels: [{id: blog, network: website}]
            posts:
              - {id: near, channel: blog, at: 2027-01-05T09:00}
              - {id: far, channel: blog, at: 2027-06-01T09:00, reminders: [P120D, PT0S]}
            """
        var s = Self.scheduler(plan)
        // The look-ahead for one-off items: the longest lead time, the post's, and two days of margin.
        #expect(Scheduler.bounds(of: s.agenda, s.configuration).fixedReach == (120 + 2) * 86_400)
        _ = s.start(now: Self.t("2027-01-02T00:00:00Z"))
        let events = Self.run(&s, until: Self.t("2027-02-02T00:00:00Z"))
        #expect(
            events.filter { $0.kind != .overdue }.map { "\($0.kind) \($0.key) \(TimeText.utc($0.at))" } == [
                "due acme/near!PT0S 2027-01-05T09:00:00Z",
                "reminder acme/far!P120D 2027-02-01T09:00:00Z",
            ])
    }

    /// Slots with short lead times beside one-off items and a renewal notice that reach weeks ahead (the scheduler
    /// looks further ahead for those than for occurrences): every stage of every item fires once, at its instant,
    /// from the first to the last.
    @Test func everyStageFiresOnceWhateverItsLeadTime() throws {
        let weekly = """
            plan: weekly
            kind: editorial
            channel: {id: insta, network: instagram}
            timezone: Europe/Rome
            period: {from: 2027-03-01, until: 2027-04-30}
            reminders: [PT2H, PT0S]
            renew-notice: P20D
            slots:
              - {id: tip, every: "tuesday, friday 09:30", title: Tip, prepare: {type: photo, lead: P3D}}
              - {id: late, every: daily 23:30, title: Late, reminders: [PT30M]}
            """
        let comm = """
            plan: comm
            kind: communication
            timezone: UTC
            period: {from: 2027-03-01, until: 2027-04-30}
            reminders: [P1D]
            channels: [{id: blog, network: blog}]
            content:
              - {id: ebook, type: ebook, title: E-book, due: 2027-04-20T12:00, reminders: [P25D, P1D, PT0S]}
            posts:
              - {id: launch, channel: blog, at: 2027-04-21T09:00, needs: [ebook], reminders: [P12D, PT0S]}
            """
        var s = Self.scheduler(weekly, comm)
        let start = Self.t("2027-03-01T00:00:00Z")
        _ = s.start(now: start)
        let events = Self.run(&s, until: Self.t("2027-05-03T00:00:00Z")).filter {
            $0.kind != .blocked && $0.kind != .unblocked
        }
        var expected: [String] = []
        for item in s.agenda.items(from: start - 86_400, to: Self.t("2027-05-03T00:00:00Z")) {
            guard let due = item.due else { continue }
            for r in item.reminders where r.at > start { expected.append("\(r.key) \(r.at)") }
            // The due time is a stage even when no lead time is zero.
            if !item.leads.contains(.zero) && due > start { expected.append("\(item.reminderKey(.zero)) \(due)") }
            if item.kind != .renewal && due + 3_600 > start {
                expected.append("\(ReminderKey.overdue(item.id)) \(due + 3_600)")
            }
        }
        let fired = events.map { "\($0.key) \($0.at)" }
        #expect(Set(fired).count == fired.count, "a stage fired twice")
        #expect(
            Set(fired).subtracting(expected).isEmpty,
            "unexpected: \(Set(fired).subtracting(expected).sorted().prefix(5))")
        #expect(
            Set(expected).subtracting(fired).isEmpty, "missing: \(Set(expected).subtracting(fired).sorted().prefix(5))")
        // The far-reaching ones are among them.
        #expect(fired.contains { $0.hasPrefix("comm/ebook!P25D ") })
        #expect(fired.contains { $0.hasPrefix("weekly/renewal!P20D ") })
        #expect(fired.contains { $0.hasPrefix("comm/launch!P12D ") })
        #expect(events.map(\.at) == events.map(\.at).sorted())
    }

    /// A renewal notice that reaches further than any post's lead time (the window builds posts only as far as
    /// their own leads reach, and picks the renewals beyond from the time line): the notice fires at its instant,
    /// and so does every post's stage.
    @Test func aRenewalNoticeBeyondEveryPostsReachStillFires() throws {
        let weekly = """
            plan: weekly
            kind: editorial
            channel: {id: insta, network: instagram}
            timezone: UTC
            period: {from: 2027-03-01, until: 2027-04-30}
            renew-notice: P30D
            """
        let comm = """
            plan: comm
            kind: communication
            timezone: UTC
            period: {from: 2027-03-01, until: 2027-04-30}
            reminders: [PT0S]
            channels: [{id: blog, network: blog}]
            posts:
              - {id: a, channel: blog, at: 2027-03-05T09:00}
              - {id: b, channel: blog, at: 2027-04-02T09:00}
              - {id: c, channel: blog, at: 2027-04-29T09:00}
            """
        var s = Self.scheduler(weekly, comm)
        #expect(s.reach > s.fixedReach + 20 * 86_400)
        _ = s.start(now: Self.t("2027-03-01T00:00:00Z"))
        let fired = Self.run(&s, until: Self.t("2027-05-03T00:00:00Z")).map { "\($0.key) \($0.at)" }
        let notice = Self.t("2027-05-01T00:00:00Z") - 30 * 86_400
        #expect(fired.contains("weekly/renewal!P30D \(notice)"), "\(fired)")
        #expect(fired.contains("weekly/renewal!PT0S \(Self.t("2027-05-01T00:00:00Z"))"), "\(fired)")
        for (id, at) in [("a", "2027-03-05T09:00:00Z"), ("b", "2027-04-02T09:00:00Z"), ("c", "2027-04-29T09:00:00Z")] {
            #expect(fired.contains("comm/\(id)!PT0S \(Self.t(at))"), "\(id): \(fired)")
            #expect(fired.contains("comm/\(id)!overdue \(Self.t(at) + 3_600)"), "\(id): \(fired)")
        }
        #expect(Set(fired).count == fired.count, "a stage fired twice: \(fired)")
    }

    @Test func aStageFiresOnceAcrossARestart() {
        var first = Self.scheduler(Self.plan)
        _ = first.start(now: Self.t("2027-01-09T07:59:00Z"))
        let step = first.advance(to: Self.t("2027-01-09T08:00:00Z"))
        #expect(step.events.map(\.key) == ["acme/teaser!P1D"])
        // What the daemon stores after sending.
        let stored = StoredState(
            fired: Dictionary(uniqueKeysWithValues: step.firings.map { ($0.key, $0.scheduled) }),
            processedThrough: step.processedThrough)
        var second = Self.scheduler(Self.plan, stored: stored)
        let restart = second.start(now: Self.t("2027-01-09T08:00:30Z"))
        #expect(restart.events.isEmpty)
        #expect(second.nextDeadline == Self.t("2027-01-10T07:00:00Z"))
    }

    @Test func aBackwardJumpFiresNothingAgain() {
        var s = Self.scheduler(Self.plan)
        _ = s.start(now: Self.t("2027-01-10T07:30:00Z"))
        let due = s.advance(to: Self.t("2027-01-10T08:00:00Z"))
        #expect(due.events.map(\.key) == ["acme/teaser!PT0S"])
        let back = s.advance(to: Self.t("2027-01-10T06:00:00Z"))
        #expect(back.clockWentBack == .init(from: Self.t("2027-01-10T08:00:00Z"), to: Self.t("2027-01-10T06:00:00Z")))
        #expect(back.events.isEmpty)
        // The hour-before reminder and the due time are passed again: neither fires a second time.
        let again = Self.run(&s, until: Self.t("2027-01-10T08:30:00Z"))
        #expect(again.isEmpty, "\(again.map(\.key))")
        #expect(s.advance(to: Self.t("2027-01-10T09:00:00Z")).events.map(\.key) == ["acme/teaser!overdue"])
    }

    @Test func aSmallForwardJumpFiresEverythingPassedInOrder() {
        var s = Self.scheduler(Self.plan)
        _ = s.start(now: Self.t("2027-01-10T06:59:00Z"))
        let step = s.advance(to: Self.t("2027-01-10T07:01:00Z"))
        #expect(step.events.map(\.key) == ["acme/teaser!PT1H"])
        #expect(step.catchUp == nil)
    }

    @Test func catchUpAfterAWeekDownSendsOnlyTheLatestStagePerItemWithinTheHorizon() throws {
        let stored = StoredState(processedThrough: Self.t("2027-01-07T00:00:00Z"))
        var s = Self.scheduler(Self.plan, stored: stored)
        let step = s.start(now: Self.t("2027-01-14T08:30:00Z"))
        // Within the last day (since the 13th 08:30Z): launch's PT1H (14th 07:00Z) and due (08:00Z) → only its
        // due time, after it is announced blocked (the video has been overdue since the 12th).
        #expect(step.events.map { "\($0.kind) \($0.key)" } == ["blocked acme/launch!blocked", "due acme/launch!PT0S"])
        #expect(step.events.allSatisfy { $0.catchUp })
        #expect(step.events[1].blame.map(\.item) == ["acme/video"])
        let summary = try #require(step.catchUp)
        #expect(summary.sent == 1)
        #expect(summary.folded == 1)
        // Older than the horizon: teaser ×4 stages, video ×4 (P1D, PT1H, due, overdue), launch's P1D.
        #expect(summary.beyondHorizon == 9)
        #expect(summary.since == Self.t("2027-01-07T00:00:00Z"))
        // Folded stages are recorded, so they never fire later either.
        #expect(Set(step.firings.map(\.key)) == ["acme/launch!PT1H", "acme/launch!PT0S"])
        #expect(s.nextDeadline == Self.t("2027-01-14T09:00:00Z"))
    }

    @Test func aQuickRestartSendsEverythingMissedInOrder() {
        let stored = StoredState(processedThrough: Self.t("2027-01-10T06:59:00Z"))
        var s = Self.scheduler(Self.plan, stored: stored, config: .init(gapThreshold: 7_200))
        let step = s.start(now: Self.t("2027-01-10T08:00:30Z"))
        #expect(step.events.map(\.key) == ["acme/teaser!PT1H", "acme/teaser!PT0S"])
        #expect(step.events.allSatisfy { $0.catchUp })
        #expect(step.catchUp?.sent == 2)
        #expect(step.catchUp?.folded == 0)
    }

    @Test func aLongGapWhileRunningIsACatchUpToo() {
        var s = Self.scheduler(Self.plan)
        _ = s.start(now: Self.t("2027-01-09T00:00:00Z"))
        // Suspended for a day and more: the teaser's P1D (beyond the day's horizon), PT1H and due time pass unseen.
        let step = s.advance(to: Self.t("2027-01-10T08:10:00Z"))
        #expect(step.events.map(\.key) == ["acme/teaser!PT0S"])
        #expect(step.events[0].catchUp)
        #expect(step.events[0].late == 600)
        #expect(step.catchUp?.folded == 1)
        #expect(step.catchUp?.beyondHorizon == 1)
    }

    @Test func nothingFiresForClosedItemsAndTheTimelineEnds() {
        let closed = Self.plan.replacingOccurrences(of: "title: Teaser}", with: "title: Teaser, status: published}")
        var s = Self.scheduler(closed)
        _ = s.start(now: Self.t("2027-01-08T00:00:00Z"))
        let events = Self.run(&s, until: Self.t("2027-12-31T00:00:00Z"))
        #expect(!events.contains { $0.item.id == "acme/teaser" })
        #expect(s.nextDeadline == nil)
        #expect(events.filter { $0.item.id == "acme/video" }.map(\.kind) == [.reminder, .reminder, .due, .overdue])
    }

    @Test func aPostIsAnnouncedBlockedWhenWhatItNeedsComesDueUndoneAndUnblockedWhenDone() {
        var s = Self.scheduler(Self.plan)
        _ = s.start(now: Self.t("2027-01-12T15:00:00Z"))
        // The video's due time (17:00 Rome = 16:00Z): the launch (14th) is already inside its P1D window? No:
        // its window opens on the 13th, so the block is announced when the launch's first reminder fires.
        let atVideoDue = s.advance(to: Self.t("2027-01-12T16:00:00Z"))
        #expect(atVideoDue.events.map(\.key) == ["acme/video!PT0S"])
        let events = Self.run(&s, until: Self.t("2027-01-13T08:00:00Z"))
        #expect(events.map(\.key) == ["acme/video!overdue", "acme/launch!blocked", "acme/launch!P1D"])
        #expect(events[1].blame.first?.item == "acme/video")
        #expect(events[1].blame.first?.reason == .overdue)
        #expect(s.announced == ["acme/launch": "acme/video"])
        // The video gets done: the launch is unblocked at once.
        let done = s.setState(ItemState(progress: .done), for: "acme/video", now: Self.t("2027-01-13T09:00:00Z"))
        #expect(done.events.map { "\($0.kind) \($0.key)" } == ["unblocked acme/launch!unblocked"])
        #expect(done.unannounce == ["acme/launch"])
        #expect(s.announced.isEmpty)
    }

    @Test func aDependentAlreadyInsideItsWindowIsBlockedAtTheDeadline() {
        let close = Self.plan.replacingOccurrences(of: "due: 2027-01-12T17:00", with: "due: 2027-01-13T17:00")
        var s = Self.scheduler(close)
        _ = s.start(now: Self.t("2027-01-13T15:30:00Z"))
        let step = s.advance(to: Self.t("2027-01-13T16:00:00Z"))
        #expect(step.events.map(\.key) == ["acme/video!PT0S", "acme/launch!blocked"])
        #expect(step.announce == ["acme/launch": "acme/video"])
    }

    @Test func aReloadThatMovesAPostFiresItsRemindersForTheNewTime() {
        var s = Self.scheduler(Self.plan)
        _ = s.start(now: Self.t("2027-01-09T07:00:00Z"))
        #expect(s.advance(to: Self.t("2027-01-09T08:00:00Z")).events.map(\.key) == ["acme/teaser!P1D"])
        let moved = Self.plan.replacingOccurrences(of: "at: 2027-01-10T09:00", with: "at: 2027-01-11T09:00")
        let set = PlanSet(sources: [PlanSource(path: "p0.yaml", text: moved)])
        let (step, changes) = s.replace(agenda: Agenda(planSet: set), now: Self.t("2027-01-09T08:05:00Z"))
        #expect(step.events.isEmpty)
        #expect(changes.moved == ["acme/teaser"])
        #expect(changes.added.isEmpty && changes.removed.isEmpty)
        #expect(s.nextDeadline == Self.t("2027-01-10T08:00:00Z"))
        #expect(s.advance(to: Self.t("2027-01-10T08:00:00Z")).events.map(\.key) == ["acme/teaser!P1D"])
    }

    @Test func aReloadThatMarksTheVideoDoneUnblocksAndOneThatRemovesAPostSilencesIt() {
        var s = Self.scheduler(Self.plan)
        _ = s.start(now: Self.t("2027-01-13T08:30:00Z"))
        #expect(s.announced == ["acme/launch": "acme/video"])
        let done = Self.plan.replacingOccurrences(
            of: "due: 2027-01-12T17:00}", with: "due: 2027-01-12T17:00, status: done}")
        let (step, changes) = s.replace(
            agenda: Agenda(planSet: PlanSet(sources: [PlanSource(path: "p0.yaml", text: done)])),
            now: Self.t("2027-01-13T09:00:00Z"))
        #expect(step.events.map { "\($0.kind) \($0.key)" } == ["unblocked acme/launch!unblocked"])
        #expect(changes.edited == ["acme/video"])
        let removed = done.replacingOccurrences(
            of:
                "  - {id: launch, channel: linkedin, at: 2027-01-14T09:00, title: Launch, owner: anna, needs: [video]}\n",
            with: "")
        let (second, gone) = s.replace(
            agenda: Agenda(planSet: PlanSet(sources: [PlanSource(path: "p0.yaml", text: removed)])),
            now: Self.t("2027-01-13T09:05:00Z"))
        #expect(second.events.isEmpty)
        #expect(gone.removed == ["acme/launch"])
        let rest = Self.run(&s, until: Self.t("2027-01-15T00:00:00Z"))
        #expect(!rest.contains { $0.item.id == "acme/launch" })
    }

    @Test func aSnoozeHoldsStagesAndSendsTheLatestWhenItEnds() {
        var s = Self.scheduler(Self.plan)
        _ = s.start(now: Self.t("2027-01-09T00:00:00Z"))
        _ = s.setState(
            ItemState(snoozedUntil: Self.t("2027-01-10T07:30:00Z")), for: "acme/teaser",
            now: Self.t("2027-01-09T00:00:00Z"))
        #expect(s.advance(to: Self.t("2027-01-09T08:00:00Z")).events.isEmpty)
        #expect(s.advance(to: Self.t("2027-01-10T07:00:00Z")).events.isEmpty)
        #expect(s.nextDeadline == Self.t("2027-01-10T07:30:00Z"))
        let woke = s.advance(to: Self.t("2027-01-10T07:30:00Z"))
        #expect(woke.events.map(\.key) == ["acme/teaser!PT1H"])
        #expect(Set(woke.firings.map(\.key)) == ["acme/teaser!P1D", "acme/teaser!PT1H"])
    }

    @Test func thousandsOfEqualDeadlinesFireInDeclarationOrder() {
        // Ids in reverse alphabetical order, so declaration order is not id order.
        let ids = (0..<3000).map { String(format: "p%05d", 3000 - $0) }
        let posts = ids.map { "  - {id: \($0), channel: blog, at: 2027-02-01T10:00, reminders: [PT0S]}" }.joined(
            separator: "\n")
        let text = """
            plan: burst
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-06-30}
            channels: [{id: blog, network: blog}]
            posts:
            \(posts)
            """
        var s = Self.scheduler(text, config: .init(overdueAfter: 86_400 * 400))
        _ = s.start(now: Self.t("2027-02-01T09:59:00Z"))
        #expect(s.nextDeadline == Self.t("2027-02-01T10:00:00Z"))
        var streamed: [String] = []
        let step = s.advance(to: Self.t("2027-02-01T10:00:00Z")) { streamed.append($0.item.id) }
        #expect(step.events.map(\.item.id) == ids.map { "burst/\($0)" })
        // Each event was handed out as it was decided, in the same order.
        #expect(streamed == step.events.map(\.item.id))
        #expect(step.firings.count == 3000)
    }
}
