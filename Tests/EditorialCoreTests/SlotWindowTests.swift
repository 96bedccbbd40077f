import Foundation
import Testing

@testable import EditorialCore

/// `SlotWindow`: the occurrences and preparations a window takes from what earlier windows expanded are exactly those
/// the agenda expands for it afresh, whatever way the windows move (forward as the scheduler's do, overlapping,
/// inside the last, back in time, far ahead), over daylight saving in three zones (one skipping a half hour).
struct SlotWindowTests {
    static let agenda = Agenda(
        planSet: Fixtures.planSet(
            """
            plan: rome
            kind: editorial
            channel: {id: ig, network: instagram}
            timezone: Europe/Rome
            period: {from: 2026-09-01, until: 2027-04-30}
            reminders: [P2D, PT1H, PT0S]
            slots:
              - id: tips
                every: tuesday, friday 09:30
                title: Tip
                prepare: {type: infographic, lead: P3D}
              - id: daily
                every: day 02:30
                title: Night post
            """,
            """
            plan: ny
            kind: editorial
            channel: {id: li, network: linkedin}
            timezone: America/New_York
            period: {from: 2026-10-01, until: 2027-03-31}
            slots:
              - id: s0
                rrule: "FREQ=DAILY;BYHOUR=1,13"
                time: "01:30"
                title: Twice a day
                prepare: {type: copy, lead: P1D}
            """,
            """
            plan: lh
            kind: editorial
            channel: {id: x, network: x}
            timezone: Australia/Lord_Howe
            period: {from: 2026-09-01, until: 2027-04-30}
            dst: {gap: skip}
            slots:
              - id: s0
                rrule: "FREQ=WEEKLY;BYDAY=SU,WE"
                time: "02:15"
                title: Case study
                prepare: {type: copy, lead: P1D}
            """))

    @Test func aWindowHoldsWhatTheAgendaExpandsForItAfresh() {
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        print("SlotWindowTests seed \(seed)")
        var random = SplitMix64(state: seed)
        let start = Fixtures.utc("2026-08-25T00:00:00Z")
        let end = Fixtures.utc("2027-05-05T00:00:00Z")
        var window = SlotWindow()
        var from = start
        var to = start + 86_400
        for step in 0..<400 {
            switch random.next() % 10 {
            case 0:
                // Anywhere, back in time included.
                from = start + Int64(random.next() % UInt64(end - start))
                to = from + Int64(random.next() % (20 * 86_400))
            case 1:
                // Inside the last range.
                let span = max(1, to - from)
                from += Int64(random.next() % UInt64(span))
                to = from + Int64(random.next() % UInt64(max(1, span / 2)))
            default:
                // Forward, starting where the last ended or within it, as the scheduler's windows do.
                from = random.next() % 2 == 0 ? to : from + Int64(random.next() % UInt64(max(1, to - from)))
                to = from + 3_600 + Int64(random.next() % (10 * 86_400))
            }
            let kept = window.items(of: Self.agenda, from: from, to: to)
            let fresh = Self.agenda.slotItems(from: from, to: to)
            #expect(
                kept.map(\.id).sorted() == fresh.map(\.id).sorted(),
                "seed \(seed), step \(step): [\(from), \(to)) holds \(kept.count) items, \(fresh.count) expanded afresh"
            )
            #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.due! <= $1.due! }, "seed \(seed), step \(step)")
            #expect(kept.allSatisfy { $0.due! >= from && $0.due! < to })
        }
    }

    @Test func consecutiveRangesTogetherHoldWhatTheirUnionHolds() {
        let a = Fixtures.utc("2026-10-20T00:00:00Z")
        let b = Fixtures.utc("2026-10-31T23:30:00Z")
        let c = Fixtures.utc("2026-11-09T00:00:00Z")
        let agenda = Self.agenda
        let split = (agenda.slotItems(from: a, to: b) + agenda.slotItems(from: b, to: c)).map(\.id).sorted()
        let whole = agenda.slotItems(from: a, to: c).map(\.id).sorted()
        #expect(split == whole)
        // Rome's clocks go back on 25 October, New York's on 1 November: both inside.
        #expect(whole.contains("rome/daily@2026-10-25T02:30"))
        #expect(whole.contains("ny/s0@2026-11-01T01:30"))
    }

    @Test func aResetWindowExpandsTheNewAgenda() {
        var window = SlotWindow()
        let from = Fixtures.utc("2026-11-02T00:00:00Z")
        #expect(!window.items(of: Self.agenda, from: from, to: from + 86_400).isEmpty)
        window.reset()
        let empty = Agenda(planSet: Fixtures.planSet())
        #expect(window.items(of: empty, from: from, to: from + 86_400).isEmpty)
    }
}
