import EditorialCore
import Testing

/// The status snapshot behind `status`, `overdue` and `blocked`: lists, their order, counts, and how long a
/// snapshot may be reused. Time is an argument; every instant is spelled out.
struct StatusSnapshotTests {
    /// One communication plan with one-off items at chosen distances from `now`, and one editorial plan with a
    /// weekly slot. All in UTC, so local times are the instants.
    static let plans = [
        """
        plan: acme
        kind: communication
        timezone: UTC
        period: {from: 2027-01-01, until: 2027-06-30}
        reminders: [P1D, PT1H, PT0S]
        channels: [{id: blog, network: website}]
        content:
          - {id: ancient, type: video, title: Old video, owner: paolo, due: 2027-02-01T10:00}
          - {id: copy, type: copy, owner: anna, due: 2027-03-18T10:00}
          - {id: draft, type: copy, due: 2027-03-19T09:00, status: done}
        posts:
          - {id: stale, channel: blog, at: 2027-03-05T09:00}
          - {id: old-news, channel: blog, at: 2027-03-01T09:00, status: published}
          - {id: teaser, channel: blog, at: 2027-03-19T12:00}
          - {id: alpha, channel: blog, at: 2027-03-19T12:00}
          - {id: flash, channel: blog, at: 2027-03-20T10:00, needs: [copy]}
          - {id: recap, channel: blog, at: 2027-03-20T11:00}
          - {id: noon, channel: blog, at: 2027-03-20T12:00}
          - {id: evening, channel: blog, at: 2027-03-20T18:00}
          - {id: announce, channel: blog, at: 2027-03-22T09:00, needs: [copy]}
          - {id: webinar, channel: blog, at: 2027-03-25T09:00, needs: [ancient]}
          - {id: closed, channel: blog, at: 2027-03-23T09:00, status: published}
          - {id: later, channel: blog, at: 2027-03-26T09:00}
          - {id: edge, channel: blog, at: 2027-03-27T12:00}
          - {id: far, channel: blog, at: 2027-04-15T09:00}
        """,
        """
        plan: weekly
        kind: editorial
        channel: {id: insta, network: instagram}
        timezone: UTC
        period: {from: 2027-03-01, until: 2027-06-30}
        slots:
          - {id: monday, every: monday 09:00, title: Monday post}
        """,
    ]

    /// Saturday 20 March 2027, noon UTC.
    static let now = Fixtures.utc("2027-03-20T12:00:00Z")
    /// The start of that day.
    static let dayStart = Fixtures.utc("2027-03-20T00:00:00Z")
    /// The end of that day.
    static let dayEnd = Fixtures.utc("2027-03-21T00:00:00Z")

    /// How late the ancient video is at `now`: 47 days (February has 28) and 2 hours.
    static let ancientLate: Int64 = 47 * 86_400 + 2 * 3_600

    /// A scheduler over `plans`, started at `now`.
    static func scheduler() -> Scheduler {
        let set = Fixtures.planSet(plans[0], plans[1])
        let errors = set.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.isEmpty, "\(errors)")
        var scheduler = Scheduler(agenda: Agenda(planSet: set))
        _ = scheduler.start(now: now)
        return scheduler
    }

    /// The snapshot of `scheduler` at `now` (today by default).
    static func snapshot(_ scheduler: Scheduler, now: Int64 = now) -> StatusSnapshot {
        StatusSnapshot(of: scheduler, now: now, dayStart: dayStart, dayEnd: dayEnd)
    }

    /// Open past-due items come most late first (ties by id); one-off items count whatever their age, recurring
    /// ones only within the week's lookback; closed ones and those due right now are left out.
    @Test func overdueIsMostLateFirstAndKeepsOldOneOffItems() {
        let snap = Self.snapshot(Self.scheduler())
        #expect(
            snap.overdue.map(\.item.id) == [
                "acme/ancient",  // 47 days late: older than the lookback, still listed
                "acme/stale",  // 15 days late: a one-off post, listed too
                "weekly/monday@2027-03-15T09:00",  // 5 days late; the 8 March and 1 March ones are beyond the lookback
                "acme/copy",
                "acme/alpha",  // same due time as the teaser: by id
                "acme/teaser",
                "acme/flash",
                "acme/recap",
            ])
        #expect(snap.overdue.map(\.late) == snap.overdue.map { Self.now - $0.item.due! })
        #expect(snap.overdue.first?.late == Self.ancientLate)
        // A past-due item that something else blocks is listed as blocked, not merely overdue.
        #expect(snap.overdue.first { $0.item.id == "acme/flash" }?.status == .blocked)
        #expect(snap.overdue.first { $0.item.id == "acme/recap" }?.status == .overdue)
        #expect(StatusSnapshot.lookback == 7 * 86_400)
    }

    /// Recorded states close one-off items without building them: a few states are found on the time line by
    /// position, many by each item's id; both give the plan file's answer where no progress is recorded.
    @Test func recordedStatesCloseOneOffItemsFewOrMany() {
        let set = Fixtures.planSet(Self.plans[0], Self.plans[1])
        let all = Self.snapshot(Self.scheduler()).overdue.map(\.item.id)
        for closed in [["acme/stale"], ["acme/stale", "acme/copy", "acme/alpha", "acme/recap", "weekly/nothing"]] {
            var states: [String: ItemState] = [:]
            for id in closed { states[id] = ItemState(progress: .published) }
            // A snooze records no progress: the item stays open.
            states["acme/teaser"] = ItemState(snoozedUntil: Self.now - 60)
            var scheduler = Scheduler(agenda: Agenda(planSet: set), stored: StoredState(states: states))
            _ = scheduler.start(now: Self.now)
            let snap = Self.snapshot(scheduler)
            #expect(snap.overdue.map(\.item.id) == all.filter { !closed.contains($0) }, "\(closed)")
        }
    }

    /// Blocked items come ordered by their latest blocker, then by their own due time.
    @Test func blockedIsOrderedByTheLatestBlocker() throws {
        let snap = Self.snapshot(Self.scheduler())
        // The webinar waits for a video 47 days late; the flash and the announcement for copy 2 days late, the
        // flash (due earlier) first, although the webinar is due last and "announce" sorts first by id.
        #expect(snap.blocked.map(\.item.id) == ["acme/webinar", "acme/flash", "acme/announce"])
        let webinar = try #require(snap.blocked.first)
        #expect(webinar.status == .blocked)
        #expect(webinar.blockers.map(\.item) == ["acme/ancient"])
        #expect(webinar.blockers.first?.late == Self.ancientLate)
        #expect(webinar.blockers.first?.blocks == ["acme/webinar"])
        #expect(snap.blocked.dropFirst().allSatisfy { $0.blockers.first?.item == "acme/copy" })
        #expect(snap.blocked.allSatisfy { $0.status == .blocked })
    }

    /// Counts of open items due today (the given local day) and in the next seven days from `now`.
    @Test func dueTodayAndUpcomingCounts() {
        let snap = Self.snapshot(Self.scheduler())
        // Today: flash 10:00, recap 11:00, noon 12:00, evening 18:00 (already late or not).
        #expect(snap.dueToday == 4)
        // [now, now + 7 days): noon, evening, announce, the 22 March Monday, webinar, later; not the published
        // one, not "edge" (exactly seven days ahead), not "far".
        #expect(snap.upcoming == 6)
        #expect(snap.now == Self.now)
    }

    /// Items closed through the scheduler leave the overdue list (and unblock what they blocked); reopening
    /// brings them back.
    @Test func closedItemsDisappearFromTheLists() {
        var scheduler = Self.scheduler()
        let before = Self.snapshot(scheduler)
        #expect(before.overdue.contains { $0.item.id == "acme/ancient" })
        _ = scheduler.setState(ItemState(progress: .done), for: "acme/ancient", now: Self.now)
        _ = scheduler.setState(ItemState(progress: .published), for: "acme/teaser", now: Self.now)
        _ = scheduler.setState(ItemState(progress: .skipped), for: "weekly/monday@2027-03-15T09:00", now: Self.now)
        _ = scheduler.setState(ItemState(progress: .published), for: "acme/evening", now: Self.now)
        let after = Self.snapshot(scheduler)
        #expect(
            after.overdue.map(\.item.id) == ["acme/stale", "acme/copy", "acme/alpha", "acme/flash", "acme/recap"])
        #expect(after.blocked.map(\.item.id) == ["acme/flash", "acme/announce"])
        #expect(after.dueToday == 3)
        #expect(after.upcoming == 5)
        // Reopened: listed again.
        _ = scheduler.setState(ItemState(), for: "acme/teaser", now: Self.now)
        #expect(Self.snapshot(scheduler).overdue.contains { $0.item.id == "acme/teaser" })
        // Copy done: nothing blocked any more.
        _ = scheduler.setState(ItemState(progress: .done), for: "acme/copy", now: Self.now)
        #expect(Self.snapshot(scheduler).blocked.isEmpty)
    }

    /// A snapshot expires within `maxAge`, at the scheduler's next deadline, or at the end of the day,
    /// whichever comes first.
    @Test func validUntilIsTheEarliestOfMaxAgeNextDeadlineAndDayEnd() throws {
        let scheduler = Self.scheduler()
        let deadline = try #require(scheduler.nextDeadline)
        #expect(deadline > Self.now + 60)  // the next event (noon's overdue stage) is at 13:00
        let snap = Self.snapshot(scheduler)
        #expect(snap.validUntil <= Self.now + StatusSnapshot.maxAge)
        #expect(snap.validUntil <= deadline)
        #expect(snap.validUntil == Self.now + 60)
        // Thirty seconds before the deadline, the deadline bounds it.
        let close = Self.snapshot(scheduler, now: deadline - 30)
        #expect(close.validUntil == deadline)
        // Ten seconds before midnight with nothing due sooner, the day's end bounds it.
        var quiet = scheduler
        _ = quiet.advance(to: Self.dayEnd - 10)
        let nextAfter = try #require(quiet.nextDeadline)
        #expect(nextAfter >= Self.dayEnd)
        #expect(Self.snapshot(quiet, now: Self.dayEnd - 10).validUntil == Self.dayEnd)
        #expect(StatusSnapshot.maxAge == 60)
    }
}
