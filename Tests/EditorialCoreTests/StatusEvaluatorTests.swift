import Testing

@testable import EditorialCore

struct StatusEvaluatorTests {
    static let plan = """
        plan: acme
        kind: communication
        timezone: UTC
        period: {from: 2027-01-01, until: 2027-06-30}
        reminders: [P1D, PT0S]
        channels: [{id: linkedin, network: linkedin}, {id: blog, network: website}]
        content:
          - {id: ebook, type: ebook, owner: anna, due: 2027-02-10T17:00}
          - {id: approval, type: approval, owner: marco, due: 2027-02-12T12:00, needs: [ebook]}
          - {id: late-video, type: video, owner: paolo, due: 2027-02-20T12:00}
        posts:
          - {id: launch, channel: linkedin, at: 2027-02-15T09:00, needs: [approval]}
          - {id: blog, channel: blog, at: 2027-02-15T08:00, needs: [ebook]}
          - {id: teaser, channel: linkedin, at: 2027-02-16T09:00, needs: [late-video]}
          - {id: free, channel: blog, at: 2027-02-17T09:00}
        """

    func evaluator(now: String, state: [String: ItemState] = [:]) -> StatusEvaluator {
        StatusEvaluator(agenda: Agenda(planSet: Fixtures.planSet(Self.plan)), state: state, now: Fixtures.utc(now))
    }

    func status(_ id: String, _ e: StatusEvaluator) -> ItemEvaluation {
        e.evaluate(e.agenda.item(id: id)!)
    }

    @Test func plannedDueOverdue() {
        #expect(status("acme/free", evaluator(now: "2027-02-01T00:00:00Z")).status == .planned)
        #expect(status("acme/free", evaluator(now: "2027-02-16T10:00:00Z")).status == .due)  // inside P1D
        let late = status("acme/free", evaluator(now: "2027-02-17T12:00:00Z"))
        #expect(late.status == .overdue)
        #expect(late.late == 3 * 3600)
    }

    @Test func blockedWithTheTransitiveChainOfBlame() throws {
        let e = evaluator(now: "2027-02-11T09:00:00Z")  // the e-book is 16 h late
        let launch = status("acme/launch", e)
        #expect(launch.status == .blocked)
        let blame = try #require(launch.blockers.first)
        #expect(launch.blockers.count == 1)
        #expect(blame.item == "acme/ebook")
        #expect(blame.owner == "anna")
        #expect(blame.reason == .overdue)
        #expect(blame.late == 16 * 3600)
        #expect(blame.path == ["acme/launch", "acme/approval", "acme/ebook"])
        #expect(blame.blocks == ["acme/approval", "acme/blog", "acme/launch"])
    }

    @Test func notBlockedWhilePrerequisitesCanStillBeReady() {
        let e = evaluator(now: "2027-02-01T09:00:00Z")
        #expect(status("acme/launch", e).status == .planned)
        #expect(status("acme/blog", e).blockers.isEmpty)
    }

    @Test func aPrerequisiteDueAfterThePostBlocksItAtOnce() throws {
        let teaser = status("acme/teaser", evaluator(now: "2027-02-01T09:00:00Z"))
        #expect(teaser.status == .blocked)
        let blame = try #require(teaser.blockers.first)
        #expect(blame.reason == .dueTooLate)
        #expect(blame.late == 4 * 86_400 + 3 * 3600)  // 20 Feb 12:00 vs 16 Feb 09:00
    }

    @Test func doneStopsTheChainAndSkippedBlocks() {
        let now = "2027-02-13T09:00:00Z"
        let done = evaluator(now: now, state: ["acme/ebook": ItemState(progress: .done)])
        // With the e-book done, only the approval (overdue by 21 h) blocks the launch.
        let launch = status("acme/launch", done)
        #expect(launch.blockers.map(\.item) == ["acme/approval"])
        #expect(status("acme/blog", done).status == .planned)
        let both = evaluator(
            now: now,
            state: ["acme/ebook": ItemState(progress: .done), "acme/approval": ItemState(progress: .done)])
        #expect(status("acme/launch", both).status == .planned)
        let skipped = evaluator(now: "2027-02-01T00:00:00Z", state: ["acme/ebook": ItemState(progress: .skipped)])
        #expect(status("acme/blog", skipped).blockers.map(\.reason) == [.skipped])
        let published = evaluator(now: now, state: ["acme/launch": ItemState(progress: .published)])
        #expect(status("acme/launch", published).status == .published)
    }

    @Test func worstBlockerFirst() {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-06-30}
            channels: [{id: blog, network: website}]
            content:
              - {id: a, type: copy, due: 2027-02-10T00:00}
              - {id: b, type: copy, due: 2027-02-05T00:00}
            posts: [{id: p, channel: blog, at: 2027-02-15T09:00, needs: [a, b]}]
            """)
        let e = StatusEvaluator(agenda: Agenda(planSet: set), now: Fixtures.utc("2027-02-11T00:00:00Z"))
        #expect(e.evaluate(e.agenda.item(id: "acme/p")!).blockers.map(\.item) == ["acme/b", "acme/a"])
    }

    @Test func aSlotOccurrenceIsBlockedByItsLatePreparation() throws {
        let set = Fixtures.planSet(
            """
            plan: ig
            kind: editorial
            channel: {id: instagram, network: instagram}
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-01-31}
            slots:
              - {id: tip, every: tuesday 09:30, prepare: {type: infographic, lead: P2D, owner: lucia}}
            """)
        let agenda = Agenda(planSet: set)
        let scope = agenda.items(from: Fixtures.utc("2027-01-01T00:00:00Z"), to: Fixtures.utc("2027-02-01T00:00:00Z"))
        let e = StatusEvaluator(agenda: agenda, now: Fixtures.utc("2027-01-04T09:00:00Z"), scope: scope)
        let tuesday = e.evaluate(try #require(agenda.item(id: "ig/tip@2027-01-05T09:30")))
        #expect(tuesday.status == .blocked)
        #expect(tuesday.blockers.map(\.item) == ["ig/tip@2027-01-05T09:30/prepare"])
        #expect(tuesday.blockers.first?.owner == "lucia")
        // Due Sunday 08:30Z, now Monday 09:00Z: 24.5 hours late.
        #expect(tuesday.blockers.first?.late == 88_200)
        let fine = StatusEvaluator(
            agenda: agenda, state: ["ig/tip@2027-01-05T09:30/prepare": ItemState(progress: .done)],
            now: Fixtures.utc("2027-01-04T09:00:00Z"), scope: scope)
        #expect(fine.evaluate(try #require(agenda.item(id: "ig/tip@2027-01-05T09:30"))).status == .due)
    }
}
