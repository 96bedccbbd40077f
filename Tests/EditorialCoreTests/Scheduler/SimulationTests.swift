import Testing

@testable import EditorialCore

/// The dry run over hand-built plans: every kind of entry in order, a downtime's catch-up, pages, the windows it
/// refuses, and the timer expiry that is not a gap.
struct SimulationTests {
    /// A UTC communication plan: a video (paolo) due on the 14th that a launch post (anna) needs on the 15th, a
    /// teaser on the 13th, reminders a day and an hour ahead and at the time; it ends on the 16th, renewal notice a
    /// day ahead.
    static let plan = """
        plan: acme
        kind: communication
        timezone: UTC
        period: {from: 2027-01-01, until: 2027-01-16}
        reminders: [P1D, PT1H, PT0S]
        channels: [{id: li, network: linkedin}]
        content:
          - {id: video, type: video, title: Launch video, owner: paolo, due: 2027-01-14T09:00}
        posts:
          - {id: teaser, channel: li, at: 2027-01-13T12:00, title: Teaser, owner: anna}
          - {id: launch, channel: li, at: 2027-01-15T10:00, title: Launch, owner: anna, needs: [video]}
        """

    /// An editorial plan for the blog that ends with the 15th: its renewal notice a day ahead.
    static let blog = """
        plan: blog
        kind: editorial
        channel: {id: blog, network: blog}
        timezone: UTC
        period: {from: 2027-01-01, until: 2027-01-15}
        renew-notice: P1D
        """

    /// Paolo wants a digest at 08:00 UTC.
    static let people = """
        people:
          paolo: {name: Paolo Conti, timezone: UTC, routes: [mine], digest: "08:00"}
        """

    static func t(_ text: String) -> Int64 { Fixtures.utc(text) }

    /// Every entry of a dry run as `TIME MESSAGE_ID KEY`, the key being the reminder key (the person for digests,
    /// `summary` for a catch-up summary).
    static func lines(_ simulation: Simulation) -> [String] {
        var lines: [String] = []
        simulation.run { at, output in
            let entry = simulation.entry(output, at: at)
            let key = entry.fields.first { $0.name == "EDITORIAL_REMINDER_KEY" }?.value ?? "summary"
            lines.append("\(TimeText.utc(at)) \(entry.messageID.map { "\($0)" } ?? "-") \(key)")
            return true
        }
        return lines
    }

    @Test func aDryRunSendsEveryKindOfEntryInOrder() throws {
        let set = Fixtures.planSet(Self.plan, Self.blog, Self.people)
        let simulation = Simulation(
            planSet: set, from: Self.t("2027-01-13T00:00:00Z"), to: Self.t("2027-01-16T00:00:00Z"))
        #expect(!set.hasErrors)
        // Paolo has nothing due on the 13th: no digest then; the video's reminder and his digest share 08:00 on the
        // 14th (the scheduler's entries first); the launch is announced blocked at its first reminder, after the
        // video's overdue warning at the same instant (declaration order).
        #expect(
            Self.lines(simulation) == [
                "2027-01-13T09:00:00Z reminder acme/video!P1D",
                "2027-01-13T11:00:00Z reminder acme/teaser!PT1H",
                "2027-01-13T12:00:00Z due acme/teaser!PT0S",
                "2027-01-13T13:00:00Z overdue acme/teaser!overdue",
                "2027-01-14T08:00:00Z reminder acme/video!PT1H",
                "2027-01-14T08:00:00Z digest digest!paolo@2027-01-14",
                "2027-01-14T09:00:00Z due acme/video!PT0S",
                "2027-01-14T10:00:00Z overdue acme/video!overdue",
                "2027-01-14T10:00:00Z blocked acme/launch!blocked",
                "2027-01-14T10:00:00Z reminder acme/launch!P1D",
                "2027-01-15T00:00:00Z renewal blog/renewal!P1D",
                "2027-01-15T08:00:00Z digest digest!paolo@2027-01-15",
                "2027-01-15T09:00:00Z reminder acme/launch!PT1H",
                "2027-01-15T10:00:00Z due acme/launch!PT0S",
                "2027-01-15T11:00:00Z overdue acme/launch!overdue",
            ])
        // The entries are the journal's: the formatter's sentences and fields, on time.
        var entries: [JournalEntry] = []
        simulation.run { at, output in
            entries.append(simulation.entry(output, at: at))
            return true
        }
        let blocked = try #require(entries.first { $0.messageID == .blocked })
        #expect(blocked.priority == .warning)
        #expect(blocked.message.hasPrefix("Blocked: post 'Launch' (acme/launch) on linkedin, due at Fri 2027-01-15"))
        #expect(blocked.fields.filter { $0.name == "EDITORIAL_BLOCKED_BY" }.map(\.value) == ["acme/video"])
        #expect(
            entries.filter { $0.messageID != .digest }.allSatisfy { entry in
                entry.fields.last == JournalField("EDITORIAL_LATENESS_USEC", "0")
            })
        let digest = try #require(entries.first { $0.messageID == .digest })
        #expect(
            digest.message
                == "Daily digest for Paolo Conti, Thu 2027-01-14: 1 due today\n  Due today 09:00: Launch video (acme/video)"
        )
        #expect(digest.priority == .notice)
    }

    @Test func aWindowStartingLateSendsNothingEarlierAndTodaysDigestCountsAsSent() {
        let set = Fixtures.planSet(Self.plan, Self.blog, Self.people)
        let simulation = Simulation(
            planSet: set, from: Self.t("2027-01-14T09:30:00Z"), to: Self.t("2027-01-14T12:00:00Z"))
        // No catch-up of what came before, no digest of the day: the daemon is taken to have run until then.
        #expect(
            Self.lines(simulation) == [
                "2027-01-14T10:00:00Z overdue acme/video!overdue",
                "2027-01-14T10:00:00Z blocked acme/launch!blocked",
                "2027-01-14T10:00:00Z reminder acme/launch!P1D",
            ])
    }

    @Test func aDowntimeSendsNothingThenCatchesUpWithASummary() throws {
        let set = Fixtures.planSet(Self.plan, Self.blog)
        let down = Self.t("2027-01-14T07:30:00Z")..<Self.t("2027-01-15T09:30:00Z")
        let simulation = Simulation(
            planSet: set, from: Self.t("2027-01-13T12:30:00Z"), to: Self.t("2027-01-15T12:00:00Z"), down: down)
        let lines = Self.lines(simulation)
        #expect(
            lines == [
                "2027-01-13T13:00:00Z overdue acme/teaser!overdue",
                // At the restart: each item's latest missed stage within the day's horizon, in stage order, marked as
                // caught up, then the summary. The launch's P1D reminder folds into its PT1H one; the video's reminder
                // and due time are older than the horizon (09:30 the day before).
                "2027-01-15T09:30:00Z overdue acme/video!overdue",
                "2027-01-15T09:30:00Z renewal blog/renewal!P1D",
                "2027-01-15T09:30:00Z blocked acme/launch!blocked",
                "2027-01-15T09:30:00Z reminder acme/launch!PT1H",
                "2027-01-15T09:30:00Z catchUp summary",
                "2027-01-15T10:00:00Z due acme/launch!PT0S",
                "2027-01-15T11:00:00Z overdue acme/launch!overdue",
            ])
        var entries: [(Int64, JournalEntry)] = []
        simulation.run { at, output in
            entries.append((at, simulation.entry(output, at: at)))
            return true
        }
        #expect(!entries.contains { $0.0 > down.lowerBound && $0.0 < down.upperBound })
        let caught = entries.filter { $0.0 == down.upperBound && $0.1.messageID == .overdue }.map(\.1)
        #expect(caught.first?.fields.contains(JournalField("EDITORIAL_CATCH_UP", "1")) == true)
        #expect(
            caught.first?.message.hasSuffix("(sent late: editoriald was not running or the machine was asleep)") == true
        )
        // Late by the time between the stage and the restart (the video's overdue stage was at 10:00 the day before).
        #expect(
            caught.first?.fields.last
                == JournalField("EDITORIAL_LATENESS_USEC", String(23 * 3_600 * 1_000_000 + 1_800_000_000)))
        let summary = try #require(entries.first { $0.1.messageID == .catchUp }?.1)
        #expect(
            summary.fields == [
                JournalField("EDITORIAL_CATCH_UP_SENT", "3"), JournalField("EDITORIAL_CATCH_UP_FOLDED", "1"),
                JournalField("EDITORIAL_CATCH_UP_BEYOND_HORIZON", "2"),
                JournalField("EDITORIAL_CATCH_UP_SINCE", "2027-01-14T07:30:00Z"),
            ])
        #expect(
            summary.message
                == "Caught up after 1 d 2 h away (since 2027-01-14T07:30:00+00:00): 3 missed reminders sent, 1 earlier "
                + "stage folded into them, 2 older than the 1 d horizon not sent")
    }

    @Test func pagesResumeAtTheirCursor() throws {
        let set = Fixtures.planSet(Self.plan, Self.blog, Self.people)
        let simulation = Simulation(
            planSet: set, from: Self.t("2027-01-13T00:00:00Z"), to: Self.t("2027-01-16T00:00:00Z"))
        let whole = simulation.page(limit: Simulation.maxPage)
        #expect(whole.entries.count == 15 && !whole.truncated && whole.next == nil)
        var pages: [SimulationPage] = []
        var cursor: SimulationCursor?
        repeat {
            let page = simulation.page(limit: 3, after: cursor)
            pages.append(page)
            cursor = try page.next.map { try #require(SimulationCursor(text: $0)) }
        } while cursor != nil
        #expect(pages.count == 5)
        #expect(pages.allSatisfy { $0.entries.count == 3 })
        #expect(pages.dropLast().allSatisfy(\.truncated) && !pages.last!.truncated)
        #expect(pages.flatMap(\.entries) == whole.entries)
        // Three entries at 10:00 on the 14th: the cursor counts within the instant.
        #expect(pages[2].next == "\(Self.t("2027-01-14T10:00:00Z"))+2")
        #expect(SimulationCursor(text: "12+0") == nil && SimulationCursor(text: "x+1") == nil)
    }

    @Test func windowsItRefuses() {
        let (a, b) = (Self.t("2027-01-13T00:00:00Z"), Self.t("2027-01-14T00:00:00Z"))
        #expect(Simulation.problem(from: a, to: b, down: nil) == nil)
        #expect(Simulation.problem(from: a, to: b, down: (a + 60)..<(b - 1)) == nil)
        #expect(Simulation.problem(from: b, to: a, down: nil) == #""to" must be after "from""#)
        #expect(Simulation.problem(from: a, to: a + 367 * 86_400, down: nil) == "the window is longer than 366 days")
        #expect(
            Simulation.problem(from: a, to: b, down: (a - 1)..<(a + 60)) == #""down_from" must not be before "from""#)
        #expect(
            Simulation.problem(from: a, to: b, down: (a + 60)..<b)
                == #""down_until" must be before "to" (the catch-up is sent then)"#)
        #expect(
            Simulation.problem(from: a, to: b, down: nil, earliest: b + 1) == #""to" is not after the daemon's clock"#)
        #expect(
            Simulation.problem(from: a, to: b, down: a..<(a + 60), earliest: a + 10)
                == #""down_from" is before the daemon's clock"#)
        // Online, a window that starts before the daemon's clock starts at it.
        #expect(Simulation.problem(from: a, to: b, down: nil, earliest: a + 10) == nil)
    }

    /// A continuing dry run starts from the driver's state and leaves it as it was.
    @Test func aContinuingDryRunLeavesTheDriverAlone() {
        let set = Fixtures.planSet(Self.plan)
        var driver = SchedulerDriver(scheduler: Scheduler(agenda: Agenda(planSet: set)))
        let start = Self.t("2027-01-13T10:00:00Z")
        _ = driver.start(now: start) { _ in }
        _ = driver.expire(at: Self.t("2027-01-13T11:00:00Z")) { _ in }
        let before = driver.scheduler.fired
        let simulation = Simulation(
            continuing: driver, now: Self.t("2027-01-13T11:30:00Z"), from: start, to: Self.t("2027-01-13T14:00:00Z"))
        #expect(simulation.from == Self.t("2027-01-13T11:30:00Z"))
        #expect(
            Self.lines(simulation) == [
                "2027-01-13T12:00:00Z due acme/teaser!PT0S", "2027-01-13T13:00:00Z overdue acme/teaser!overdue",
            ])
        #expect(driver.scheduler.fired == before)
    }

    /// A timer expiry at its deadline after hours of quiet is an ordinary step; one that comes ten minutes after
    /// its deadline (a stopped process) catches up.
    @Test func aTimerExpiryAfterQuietIsNotAGap() {
        var s = Scheduler(agenda: Agenda(planSet: Fixtures.planSet(Self.plan)))
        _ = s.start(now: Self.t("2027-01-13T00:00:00Z"))
        #expect(s.nextDeadline == Self.t("2027-01-13T09:00:00Z"))
        let onTime = s.expire(at: Self.t("2027-01-13T09:00:00Z"))
        #expect(onTime.events.map(\.key) == ["acme/video!P1D"])
        #expect(onTime.catchUp == nil && !onTime.events[0].catchUp)
        let late = s.expire(at: Self.t("2027-01-13T11:10:00Z"))
        #expect(late.events.map(\.key) == ["acme/teaser!PT1H"])
        #expect(late.events[0].catchUp)
        #expect(late.catchUp?.since == Self.t("2027-01-13T10:59:59Z"))
    }

    @Test func theCallReadsAndChecksItsArguments() throws {
        func call(_ line: String) throws(ControlFailure) -> SimulateCall {
            guard case .success(let request) = ControlRequest.parse(Array(line.utf8)) else {
                throw ControlFailure(.badRequest, "unparsed")
            }
            return try SimulateCall(request)
        }
        let ok = try call(
            #"{"v":1,"cmd":"simulate","from":"2027-01-13T00:00:00Z","to":"2027-01-14T00:00:00+01:00","limit":5}"#)
        #expect(ok.from.seconds == Self.t("2027-01-13T00:00:00Z") && ok.to.seconds == Self.t("2027-01-13T23:00:00Z"))
        #expect(ok.pageSize == 5 && ok.down == nil)
        #expect(!ControlCommand.simulate.changesState)
        let refused = [
            #"{"v":1,"cmd":"simulate","to":"2027-01-14T00:00:00Z"}"#,
            #"{"v":1,"cmd":"simulate","from":"2027-01-13T00:00:00Z","to":"2027-01-14T00:00:00Z","down_from":"2027-01-13T01:00:00Z"}"#,
            #"{"v":1,"cmd":"simulate","from":"2027-01-13T00:00:00Z","to":"2027-01-14T00:00:00Z","down_from":"2027-01-13T02:00:00Z","down_until":"2027-01-13T01:00:00Z"}"#,
            #"{"v":1,"cmd":"simulate","from":"2027-01-13T00:00:00Z","to":"2027-01-14T00:00:00Z","limit":10001}"#,
            #"{"v":1,"cmd":"simulate","from":"2027-01-13T00:00:00Z","to":"2027-01-14T00:00:00Z","cursor":"abc"}"#,
        ]
        for line in refused {
            #expect(throws: ControlFailure.self, "\(line)") { try call(line) }
        }
    }
}
