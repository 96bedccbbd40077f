import EditorialCore
import Testing

/// Replies and change decisions built without a socket or a store: a scheduler over the snapshot tests' plans,
/// a snapshot at a given `now`, acknowledgements and an item's recorded history handed in by hand.
struct ControlResponderTests {
    static let now = StatusSnapshotTests.now
    static let root = ControlPeer(pid: 42, uid: 0, userName: "root")

    /// A responder over `scheduler` at `now`, with `history` for `show`.
    static func responder(
        _ scheduler: Scheduler = StatusSnapshotTests.scheduler(), now: Int64 = now,
        acknowledged: [String: Int64] = [:], history: @escaping (String) throws -> ItemHistory = { _ in ItemHistory() }
    ) -> ControlResponder {
        ControlResponder(
            now: now, scheduler: scheduler, acknowledged: acknowledged,
            snapshot: { StatusSnapshotTests.snapshot(scheduler, now: now) }, history: history)
    }

    /// The failure `body` throws, or `nil` with an issue when it succeeds.
    static func failure<T>(
        _ body: () throws(ControlFailure) -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> ControlFailure? {
        ControlRequestTests.failure(body, sourceLocation: sourceLocation)
    }

    static func facts(_ scheduler: Scheduler, rejected: PlanLoad? = nil) -> DaemonFacts {
        let load = PlanLoad(
            planSet: scheduler.agenda.planSet, files: ["a.yaml", "b.yaml"], errors: [], warnings: [], seconds: 0.1)
        return DaemonFacts(
            version: "9.9.9", pid: 7, startedAt: now - 90, plansDirectory: "/plans", stateDirectory: "/state",
            current: load, loadedAt: now - 60, warnings: 3, rejected: rejected,
            control: StatusReply.Control(connections: 1, watchers: 0, replies: 5, refused: 0))
    }

    /// `status` carries the snapshot's counts, the next event that will really be sent, and the daemon's facts.
    @Test func statusCountsAndNextEvent() throws {
        let scheduler = StatusSnapshotTests.scheduler()
        let status = Self.responder(scheduler).status(Self.facts(scheduler))
        #expect(status.daemon == "editoriald")
        #expect(status.protocol == 1)
        #expect(status.uptimeSeconds == 90)
        #expect(status.plans.count == 2 && status.plans.files == 2 && status.plans.warnings == 3)
        #expect(status.plans.names == ["acme", "weekly"])
        #expect(status.counts == StatusReply.Counts(dueToday: 4, overdue: 8, blocked: 3, upcoming7Days: 6))
        let next = try #require(status.next)
        // Noon's post is due now, at 12:00; its overdue warning an hour later is the next stage.
        #expect(next.item == "acme/noon" && next.kind == .overdue)
        #expect(next.at == Instant(Self.now + 3_600) && next.inSeconds == 3_600)
        #expect(next.atLocal.description == "2027-03-20T13:00:00+00:00")
        #expect(status.rejected == nil)
        let broken = PlanLoad(
            planSet: PlanSet(plans: []), files: ["a.yaml"],
            errors: [Diagnostic(.error, .syntax, at: SourceLocation(file: "a.yaml", line: 3, column: 4), "bad")],
            warnings: [], seconds: 0)
        let rejected = Self.responder(scheduler).status(Self.facts(scheduler, rejected: broken)).rejected
        #expect(rejected?.errors == 1)
        #expect(rejected?.first.first?.text == "a.yaml:3:4: error: bad")
    }

    /// `agenda` pages by position: following `next_cursor` lists every item of the window once, in order.
    @Test func agendaPagesFollowTheCursor() throws {
        let responder = Self.responder()
        let window = AgendaCall(
            from: Instant(Fixtures.utc("2027-03-19T00:00:00Z")), to: Instant(Fixtures.utc("2027-03-23T00:00:00Z")))
        var call = window
        call.limit = 1_000
        let whole = try responder.agenda(call).items.map(\.id)
        #expect(whole.count > 6)
        var paged: [String] = []
        call.limit = 2
        while true {
            let page = try responder.agenda(call)
            #expect(page.items.count <= 2)
            paged += page.items.map(\.id)
            guard let cursor = page.nextCursor else { break }
            call.cursor = cursor
        }
        #expect(paged == whole)
        // The page walks the window in chunks with the slots expanded a day at a time: the same items, in the same
        // order, as the agenda's own window.
        let scheduler = StatusSnapshotTests.scheduler()
        let agenda = scheduler.agenda
        #expect(whole == agenda.items(from: window.from!.seconds, to: window.to!.seconds).map(\.id))
        #expect(whole.contains { $0.contains("@") })
        for days: Int64 in [1, 3, 30, 200] {
            let from = Fixtures.utc("2027-03-01T07:00:00Z")
            var long = AgendaCall(from: Instant(from), to: Instant(from + days * 86_400))
            long.limit = 3
            var ids: [String] = []
            while true {
                let page = try Self.responder(scheduler).agenda(long)
                ids += page.items.map(\.id)
                guard let cursor = page.nextCursor else { break }
                long.cursor = cursor
            }
            #expect(ids == agenda.items(from: from, to: from + days * 86_400).map(\.id), "\(days) days")
        }
        var filtered = window
        filtered.plan = "weekly"
        #expect(try responder.agenda(filtered).items.map(\.id) == ["weekly/monday@2027-03-22T09:00"])
    }

    /// Bad windows, unknown plans and cursors the daemon did not give are refused with their codes.
    @Test func agendaRefusesWhatItCannotAnswer() {
        let responder = Self.responder()
        let from = Instant(Self.now)
        let backwards = Self.failure { () throws(ControlFailure) in
            try responder.agenda(AgendaCall(from: from, to: from))
        }
        #expect(backwards?.code == .badArgument)
        let long = Self.failure { () throws(ControlFailure) in
            try responder.agenda(AgendaCall(from: from, to: Instant(Self.now + 401 * 86_400)))
        }
        #expect(long?.message == "the window is longer than 400 days; ask for less and page")
        let plan = Self.failure { () throws(ControlFailure) in try responder.agenda(AgendaCall(plan: "weekyl")) }
        #expect(plan?.code == .notFound)
        #expect(plan?.message == "no plan named 'weekyl'; did you mean 'weekly'?")
        let cursor = Self.failure { () throws(ControlFailure) in try responder.agenda(AgendaCall(cursor: "b:3")) }
        #expect(cursor?.message == "a cursor that this daemon did not give")
    }

    /// `overdue` pages by position with the total; `blocked` by offset; a cursor of the other kind is refused.
    @Test func listsPageWithTotals() throws {
        let responder = Self.responder()
        let first = try responder.list(ListCall(.overdue, limit: 3))
        #expect(first.total == 8)
        #expect(first.items.map(\.id) == ["acme/ancient", "acme/stale", "weekly/monday@2027-03-15T09:00"])
        let second = try responder.list(ListCall(.overdue, limit: 3, cursor: first.nextCursor))
        #expect(second.items.map(\.id) == ["acme/copy", "acme/alpha", "acme/teaser"])
        let blocked = try responder.list(ListCall(.blocked, limit: 2))
        #expect(blocked.total == 3 && blocked.nextCursor == "b:2")
        #expect(blocked.items.first?.blockedBy.first?.item == "acme/ancient")
        let rest = try responder.list(ListCall(.blocked, limit: 2, cursor: "b:2"))
        #expect(rest.items.map(\.id) == ["acme/announce"] && rest.nextCursor == nil)
        let wrong = Self.failure { () throws(ControlFailure) in
            try responder.list(ListCall(.blocked, cursor: first.nextCursor))
        }
        #expect(wrong?.code == .badArgument)
    }

    /// `show` judges each stage at the request's `now` from the recorded history: fired (with when, and catch-up),
    /// fired without a record (folded into a later stage), missed, pending, or forgotten past the retention;
    /// history rows are passed through; a store error is `internal`.
    @Test func showJudgesEachStage() throws {
        let scheduler = StatusSnapshotTests.scheduler()
        let evening = try #require(scheduler.agenda.item(id: "acme/evening"))
        let dayBefore = try #require(evening.reminders.first)
        let history = ItemHistory(
            fired: [
                FiredRecord(
                    key: dayBefore.key, item: evening.id, kind: "reminder", scheduled: dayBefore.at,
                    fired: Self.now - 5, catchUp: true)
            ],
            audit: [AuditRecord(id: 4, at: Self.now - 10, actor: "root (uid 0, pid 1)", action: "snooze", item: "x")])
        let acked = [dayBefore.key: Self.now - 2]
        let detail = try Self.responder(scheduler, acknowledged: acked, history: { _ in history }).show(
            ShowCall(item: "acme/evening"))
        #expect(detail.entry.id == "acme/evening")
        #expect(detail.entry.acknowledged == [dayBefore.key])
        #expect(detail.stages.map(\.kind) == [.reminder, .reminder, .due, .overdue])
        // The day-before reminder went out in the first catch-up; the rest is to come.
        #expect(detail.stages.map(\.state) == [.fired, .pending, .pending, .pending])
        #expect(detail.stages[0].firedAt == TimeText.utc(Self.now - 5) && detail.stages[0].catchUp == true)
        #expect(detail.stages[0].acknowledgedAt == Instant(Self.now - 2))
        #expect(detail.stages[1].catchUp == nil && detail.stages[1].firedAt == nil)
        #expect(detail.history.map(\.id) == [4])
        #expect(detail.source == "a.yaml:\(evening.source.line):\(evening.source.column)")
        // The recap's stages were folded into its overdue warning on the first start: fired, time unrecorded.
        let recap = try Self.responder(scheduler).show(ShowCall(item: "acme/recap"))
        #expect(recap.stages.map(\.state) == [.missed, .fired, .fired, .fired])
        #expect(recap.stages[1].firedAt == "")
        // The stale post's stages passed beyond the catch-up horizon: missed.
        #expect(
            try Self.responder(scheduler).show(ShowCall(item: "acme/stale")).stages.allSatisfy { $0.state == .missed })
        // The ancient video's, a month later, are older than the fired-key retention (about two months here: the
        // weekly plan's renewal notice is the longest lead): whether they fired is not known any more.
        #expect(
            try Self.responder(scheduler).show(ShowCall(item: "acme/ancient")).stages.allSatisfy { $0.state == .missed }
        )
        let later = Self.now + 30 * 86_400
        let ancient = try Self.responder(scheduler, now: later).show(ShowCall(item: "acme/ancient"))
        #expect(ancient.stages.allSatisfy { $0.state == .forgotten })
        #expect(ancient.stages.allSatisfy { $0.at.seconds < scheduler.keepFiredSince(now: later) })
        struct Broken: Error {}
        let failed = Self.failure { () throws(ControlFailure) in
            try Self.responder(scheduler, history: { _ in throw Broken() }).show(ShowCall(item: "acme/recap"))
        }
        #expect(failed?.code == .internal)
        let unknown = Self.failure { () throws(ControlFailure) in
            try Self.responder().show(ShowCall(item: "acme/recpa"))
        }
        #expect(unknown?.code == .notFound)
        #expect(unknown?.message.hasPrefix("no item 'acme/recpa'; did you mean 'acme/recap'?") == true)
    }

    /// `gate` says whether a post may go out, and why not.
    @Test func gateReasons() throws {
        let responder = Self.responder()
        let blocked = try responder.gate(GateCall(item: "acme/webinar"))
        #expect(!blocked.mayPublish && blocked.reason == "blocked by acme/ancient (overdue)")
        #expect(blocked.blockedBy.map(\.item) == ["acme/ancient"])
        let free = try responder.gate(GateCall(item: "acme/recap"))
        #expect(free.mayPublish && free.reason == "nothing blocks it")
        let done = try responder.gate(GateCall(item: "acme/old-news"))
        #expect(done.mayPublish && done.reason == "already published")
    }

    /// What each change may record, and the audit row and sentence it writes.
    @Test func changesAreDecidedWithTheirAuditRows() throws {
        let responder = Self.responder()
        let done = try responder.change(ChangeCall(.done, item: "acme/copy"))
        #expect(done.isEffective && done.before == ItemState() && done.after == ItemState(progress: .done))
        let audit = done.audit(by: Self.root, at: Self.now)
        #expect(audit.action == "done" && audit.actor == "root (uid 0, pid 42)" && audit.item == "acme/copy")
        #expect(audit.before == "{}" && audit.after == #"{"progress":"done"}"#)
        #expect(done.sentence(by: Self.root) == "acme/copy marked done by root (uid 0, pid 42)")
        // A post is published, not done; a production item the reverse.
        let post = Self.failure { () throws(ControlFailure) in
            try responder.change(ChangeCall(.done, item: "acme/recap"))
        }
        #expect(post?.code == .invalidState)
        let content = Self.failure { () throws(ControlFailure) in
            try responder.change(ChangeCall(.publish(force: false), item: "acme/copy"))
        }
        #expect(content?.message == "acme/copy is a content, not a post: mark it done, not published")
        // A blocked post is refused with what blocks it, unless forced.
        let refused = Self.failure { () throws(ControlFailure) in
            try responder.change(ChangeCall(.publish(force: false), item: "acme/webinar"))
        }
        #expect(refused?.code == .blocked)
        #expect(refused?.blockedBy?.map { $0.item } == ["acme/ancient"])
        #expect(
            refused?.message
                == "acme/webinar is blocked by acme/ancient (overdue, owner paolo); publish with force to override")
        let forced = try responder.change(ChangeCall(.publish(force: true), item: "acme/webinar"))
        #expect(forced.detail == "forced past acme/ancient")
        // A skip records its reason; a snooze its end, for open items only, in the future, within a year.
        #expect(try responder.change(ChangeCall(.skip(reason: "no budget"), item: "acme/far")).detail == "no budget")
        let snooze = try responder.change(ChangeCall(.snooze(until: nil, seconds: 7_200), item: "acme/recap"))
        #expect(snooze.after == ItemState(snoozedUntil: Self.now + 7_200))
        #expect(snooze.detail == "until \(TimeText.utc(Self.now + 7_200))")
        #expect(snooze.audit(by: Self.root, at: Self.now).after == #"{"snoozedUntil":\#(Self.now + 7_200)}"#)
        let past = Self.failure { () throws(ControlFailure) in
            try responder.change(ChangeCall(.snooze(until: Instant(Self.now - 1), seconds: nil), item: "acme/recap"))
        }
        #expect(past?.message == "\"until\" is in the past")
        let closed = Self.failure { () throws(ControlFailure) in
            try responder.change(ChangeCall(.snooze(until: nil, seconds: 60), item: "acme/old-news"))
        }
        #expect(closed?.message == "acme/old-news is published; only open items can be snoozed")
        // Reopening an open item changes nothing, and writes nothing.
        #expect(!(try responder.change(ChangeCall(.reopen, item: "acme/recap"))).isEffective)
    }

    /// `ack` takes only a known key of a known item that has fired; a second one reports the first time.
    @Test func acknowledgementsNeedAFiredKey() throws {
        var scheduler = StatusSnapshotTests.scheduler()
        let responder = Self.responder(scheduler)
        #expect(
            Self.failure { () throws(ControlFailure) in try responder.acknowledgement(AckCall(key: "x")) }?.code
                == .badArgument)
        let unknown = Self.failure { () throws(ControlFailure) in
            try responder.acknowledgement(AckCall(key: "acme/nope!P1D"))
        }
        #expect(unknown?.message == "no item 'acme/nope' (from the key 'acme/nope!P1D')")
        let wrongKey = Self.failure { () throws(ControlFailure) in
            try responder.acknowledgement(AckCall(key: "acme/far!P2D"))
        }
        #expect(wrongKey?.code == .notFound && wrongKey?.message.contains("acme/far!overdue") == true)
        let pending = Self.failure { () throws(ControlFailure) in
            try responder.acknowledgement(AckCall(key: ReminderKey.overdue("acme/far")))
        }
        #expect(pending?.code == .invalidState)
        // The flash post, past due and blocked by late copy, was announced at start: its block counts as fired.
        #expect(scheduler.announced["acme/flash"] == "acme/copy")
        let block = try responder.acknowledgement(AckCall(key: ReminderKey.blocked("acme/flash")))
        #expect(block.existing == nil && block.item == "acme/flash")
        #expect(block.audit(by: Self.root, at: Self.now).detail == "acme/flash!blocked")
        // Noon's overdue warning fires at 13:00; acknowledged once, a second time reports the first.
        let key = ReminderKey.overdue("acme/noon")
        _ = scheduler.advance(to: Self.now + 3_600)
        let again = try Self.responder(scheduler, acknowledged: [key: Self.now + 3_600]).acknowledgement(
            AckCall(key: key))
        #expect(again.existing == Self.now + 3_600)
        #expect(again.reply(changed: false, at: Self.now + 9_999).acknowledgedAt == Instant(Self.now + 3_600))
    }

    /// A refusal names the command, the target and the peer.
    @Test func refusalsAreAuditedAndJournaled() {
        let nobody = ControlPeer(pid: 9, uid: 65_534, userName: "nobody")
        let refusal = Refusal(ControlRequest(command: .done, arguments: ["item": .string("acme/copy")]))
        #expect(
            refusal.sentence(to: nobody)
                == "Refused 'done' of acme/copy to nobody (uid 65534, pid 9): not allowed to change state")
        let row = refusal.audit(by: nobody, at: 5)
        #expect(row.action == "refused:done" && row.item == "acme/copy" && row.detail == "not allowed to change state")
        #expect(Refusal(ControlRequest(command: .reload)).sentence(to: nobody).hasPrefix("Refused 'reload' to nobody"))
    }
}
