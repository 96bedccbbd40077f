import Testing

@testable import EditorialCore

/// The export's mapping, read back from the text (the real-parser checks are in EndToEndTests).
struct CalendarExportTests {
    static let plan = """
        plan: feed
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-03-01, until: 2027-11-30}
        reminders: [P1D, PT0S]
        channels:
          - {id: blog, network: blog}
        content:
          - {id: video, type: video, title: "Video, part 1; the \\\\ one", owner: paolo, due: 2027-03-10T17:00}
        posts:
          - {id: launch, channel: blog, at: 2027-03-12T09:00, title: Launch, needs: [video], owner: anna}
        slots:
          - {id: night, rrule: "FREQ=DAILY;COUNT=40", time: "02:30", title: Night post, from: 2027-03-20}
        """

    static func text(_ entries: [CalendarEntry], sequences: [Int] = []) -> String {
        let bytes = CalendarDocument.render(entries, sequences: sequences, stamp: 1_800_000_000, name: "t")
        return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
    }

    static func entries(_ yaml: String, states: [String: ItemState] = [:], filter: CalendarFilter = .init())
        -> [CalendarEntry]
    {
        CalendarExport(agenda: Agenda(planSet: Fixtures.planSet(yaml)), states: states, filter: filter).entries()
    }

    @Test func aSlotIsOneEventWithItsRuleEndingInUTCAndTheOneOffsAreEventsAndTodos() {
        let text = Self.text(Self.entries(Self.plan))
        #expect(text.contains("UID:feed/night@editoriald\r\n"))
        #expect(text.contains("DTSTART;TZID=Europe/Rome:20270320T023000\r\n"))
        // COUNT=40 from the 20th ends on the 28th of April at 02:30 Rome (00:30Z, summer time); UNTIL is an hour
        // later (the next occurrence is a day away).
        #expect(text.contains("RRULE:FREQ=DAILY;UNTIL=20270428T013000Z\r\n"))
        #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Rome\r\n"))
        #expect(text.contains("UID:feed/launch@editoriald\r\n"))
        #expect(text.contains("RELATED-TO;RELTYPE=CHILD:feed/video@editoriald\r\n"))
        #expect(text.contains("SUMMARY:Video\\, part 1\\; the \\\\ one\r\n"))
        #expect(text.contains("DUE;TZID=Europe/Rome:20270310T170000\r\n"))
        #expect(text.contains("STATUS:NEEDS-ACTION\r\n"))
        #expect(text.contains("CATEGORIES:feed/blog,blog\r\n"))
        #expect(!text.contains("BEGIN:VALARM"))
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    }

    /// An hourly slot across St. John's spring-forward night: 02:30 does not exist and shifts onto 03:30's instant
    /// (06:00Z). By RFC 5545 both would be one instance of the recurrence set (khal showed one), so the shifted one
    /// is an event of its own (CALENDAR_INTEROP_SEED=11718914187145798377 found it).
    @Test func anOccurrenceShiftedOntoAnothersInstantIsWrittenApart() {
        let text = Self.text(
            Self.entries(
                """
                plan: x
                kind: editorial
                channel: {id: yt, network: youtube}
                timezone: America/St_Johns
                period: {from: 2026-03-07, until: 2026-03-09}
                slots:
                  - {id: s1, rrule: "FREQ=HOURLY;COUNT=6", time: "00:30", title: Ask the expert, from: 2026-03-08}
                """))
        #expect(text.contains("UID:x/s1@2026-03-08T02:30@editoriald\r\nDTSTAMP"))
        #expect(
            text.contains(
                "UID:x/s1@2026-03-08T02:30@editoriald\r\nDTSTAMP:20270115T080000Z\r\nSEQUENCE:0\r\nDTSTART:20260308T060000Z"
            ))
        // The set keeps 03:30 (06:00Z) and no longer lists 02:30, nor overrides it.
        #expect(!text.contains("RECURRENCE-ID"))
        let master = text.components(separatedBy: "UID:x/s1@editoriald")[1].components(separatedBy: "END:VEVENT")[0]
        #expect(master.contains("20260308T033000"))
        #expect(!master.contains("20260308T023000"))
    }

    @Test func theSpringGapFollowsThePlansPolicy() {
        // RFC 5545 reads 02:30 on 2027-03-28 (not a Rome time) as 03:30 summer time, which is shift-forward.
        let shifted = Self.text(Self.entries(Self.plan))
        #expect(!shifted.contains("EXDATE"))
        // Clients read a time in the gap differently (libical with the later offset): the instant goes in UTC.
        #expect(shifted.contains("RECURRENCE-ID;TZID=Europe/Rome:20270328T023000\r\nDTSTART:20270328T013000Z\r\n"))
        #expect(shifted.components(separatedBy: "RECURRENCE-ID").count == 2)
        let skipping = Self.plan.replacingOccurrences(
            of: "reminders: [P1D, PT0S]", with: "reminders: [P1D, PT0S]\ndst: {gap: skip, repeated: last}")
        let skipped = Self.text(Self.entries(skipping))
        #expect(skipped.contains("EXDATE;TZID=Europe/Rome:20270328T023000\r\n"))
    }

    @Test func theRepeatedHourFollowsThePlansPolicyWithAnOverrideInUTC() {
        let autumn = """
            plan: autumn
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-10-01, until: 2027-11-30}
            dst: {repeated: last}
            slots:
              - {id: late, rrule: "FREQ=WEEKLY;BYDAY=SU;COUNT=6", time: "02:30", title: Late post}
            """
        let text = Self.text(Self.entries(autumn))
        // 2027-10-31 02:30 happens twice in Rome; the plan wants the second (01:30Z), RFC 5545 the first.
        #expect(text.contains("RECURRENCE-ID;TZID=Europe/Rome:20271031T023000\r\nDTSTART:20271031T013000Z\r\n"))
    }

    @Test func recordedStatesAreOverridesAndSkippedOnesAreCancelled() {
        let states = [
            "feed/night@2027-03-22T02:30": ItemState(progress: .skipped),
            "feed/night@2027-03-23T02:30": ItemState(progress: .published),
            "feed/video": ItemState(progress: .done),
        ]
        let text = Self.text(Self.entries(Self.plan, states: states))
        #expect(
            text.contains(
                "RECURRENCE-ID;TZID=Europe/Rome:20270322T023000\r\nDTSTART;TZID=Europe/Rome:20270322T023000\r\n"))
        let skipped = text.components(separatedBy: "RECURRENCE-ID;TZID=Europe/Rome:20270322T023000")[1]
        #expect(skipped.components(separatedBy: "END:VEVENT")[0].contains("STATUS:CANCELLED\r\n"))
        #expect(text.contains("X-EDITORIAL-ITEM:feed/night@2027-03-23T02:30\r\n"))
        #expect(text.contains("X-EDITORIAL-STATUS:published\r\n"))
        #expect(text.contains("STATUS:COMPLETED\r\n"))
    }

    @Test func uidsAndFingerprintsAreStableAndSequencesRiseOnlyWithAChange() {
        let first = Self.entries(Self.plan)
        let again = Self.entries(Self.plan)
        #expect(first.map(\.uid) == again.map(\.uid))
        #expect(first.map(\.fingerprint) == again.map(\.fingerprint))
        var table = CalendarSequences()
        #expect(table.assign(first).allSatisfy { $0 == 0 })
        #expect(table.takeChanges().count == first.count)
        #expect(table.assign(again).allSatisfy { $0 == 0 })
        #expect(table.takeChanges().isEmpty)
        let changed = Self.entries(Self.plan, states: ["feed/launch": ItemState(progress: .published)])
        let numbers = table.assign(changed)
        for (entry, number) in zip(changed, numbers) {
            #expect(number == (entry.uid == "feed/launch@editoriald" ? 1 : 0), "\(entry.uid)")
        }
        #expect(Set(table.takeChanges().keys) == ["feed/launch@editoriald"])
    }

    @Test func theFilterKeepsAPlanAChannelAnOwnerAndAWindow() {
        #expect(Self.entries(Self.plan, filter: .init(owner: "anna")).map(\.uid) == ["feed/launch@editoriald"])
        #expect(Self.entries(Self.plan, filter: .init(channel: "blog")).map(\.uid) == ["feed/launch@editoriald"])
        #expect(Self.entries(Self.plan, filter: .init(plan: "other")).isEmpty)
        let window = CalendarFilter(
            from: Fixtures.utc("2027-03-11T00:00:00Z"), to: Fixtures.utc("2027-03-21T00:00:00Z"))
        #expect(
            Self.entries(Self.plan, filter: window).map(\.uid) == ["feed/night@editoriald", "feed/launch@editoriald"])
    }

    @Test func feedsAreAllPlansOnePerChannelAndOnePerOwner() {
        let feeds = CalendarFeeds.feeds(Self.entries(Self.plan))
        #expect(feeds.map(\.path) == ["all.ics", "channels/feed/blog.ics", "owners/anna.ics", "owners/paolo.ics"])
        #expect(CalendarFeeds.slug("Lucía Rossi <lr@x>") == "luc-a-rossi-lr-x")
    }
}
