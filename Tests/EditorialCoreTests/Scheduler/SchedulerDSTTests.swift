import Testing

@testable import EditorialCore

/// Daylight-saving nights in Rome (2027: forward on 28 March, back on 31 October), driven by hand.
struct SchedulerDSTTests {
    static let nightly = """
        plan: night
        kind: editorial
        channel: {id: blog, network: blog}
        timezone: Europe/Rome
        period: {from: 2027-03-01, until: 2027-11-30}
        reminders: [PT0S]
        slots:
          - {id: late, every: "daily 02:30", title: Night post}
          - {id: morning, every: "daily 09:30", title: Morning post, reminders: [P1D]}
        """

    static func dueTimes(from: String, to: String, slot: String) -> [String] {
        let set = PlanSet(sources: [PlanSource(path: "n.yaml", text: nightly)])
        var s = Scheduler(agenda: Agenda(planSet: set), configuration: .init(overdueAfter: 86_400 * 365))
        _ = s.start(now: Fixtures.utc(from))
        var seen: [String] = []
        let end = Fixtures.utc(to)
        while let next = s.nextDeadline, next <= end {
            #expect(s.advance(to: next - 1).events.isEmpty)
            for event in s.advance(to: next).events where event.item.id.contains("/\(slot)@") {
                seen.append(
                    "\(event.item.local.shortDescription) \(event.key.split(separator: "!").last!) \(TimeText.utc(event.at))"
                )
            }
        }
        return seen
    }

    @Test func theSpringGapShiftsForwardAndFiresOnce() {
        #expect(
            Self.dueTimes(from: "2027-03-27T00:00:00Z", to: "2027-03-29T12:00:00Z", slot: "late") == [
                "2027-03-27T02:30 PT0S 2027-03-27T01:30:00Z",
                // 02:30 does not exist on the 28th: shifted forward to 03:30 CEST, which is 01:30Z again.
                "2027-03-28T02:30 PT0S 2027-03-28T01:30:00Z",
                "2027-03-29T02:30 PT0S 2027-03-29T00:30:00Z",
            ])
    }

    @Test func theRepeatedAutumnHourFiresOnceAtItsFirstPass() {
        #expect(
            Self.dueTimes(from: "2027-10-30T00:00:00Z", to: "2027-11-01T12:00:00Z", slot: "late") == [
                "2027-10-30T02:30 PT0S 2027-10-30T00:30:00Z",
                "2027-10-31T02:30 PT0S 2027-10-31T00:30:00Z",
                "2027-11-01T02:30 PT0S 2027-11-01T01:30:00Z",
            ])
    }

    @Test func aDayBeforeIsACalendarDayAcrossTheChange() {
        // The reminder for 09:30 on the 28th is 09:30 CET on the 27th (08:30Z), only 23 real hours before the post
        // (09:30 CEST is 07:30Z); the due time fires even without a PT0S lead.
        #expect(
            Self.dueTimes(from: "2027-03-27T00:00:00Z", to: "2027-03-28T12:00:00Z", slot: "morning") == [
                "2027-03-27T09:30 PT0S 2027-03-27T08:30:00Z",
                "2027-03-28T09:30 P1D 2027-03-27T08:30:00Z",
                "2027-03-28T09:30 PT0S 2027-03-28T07:30:00Z",
                "2027-03-29T09:30 P1D 2027-03-28T07:30:00Z",
            ])
    }
}
